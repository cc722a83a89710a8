"""The roles of SPEC §3 as data: who may hold each, what it allows, and how far it reaches."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from contactpoint.authz.permissions import Permission


class Role(StrEnum):
    PRACTITIONER = "practitioner"
    CHILD_PROTECTION_PRACTITIONER = "child_protection_practitioner"
    LA_MANAGER = "la_manager"
    SHIELDING_OFFICER = "shielding_officer"
    MEDIATED_ACCESS_OPERATOR = "mediated_access_operator"
    PARTNER_ADMINISTRATOR = "partner_administrator"
    NATIONAL_ADMINISTRATOR = "national_administrator"
    AUDITOR = "auditor"


class Reach(StrEnum):
    """How far a role's permissions reach: the whole estate, one LA, or one organisation."""

    NATIONAL = "national"
    LOCAL_AUTHORITY = "local_authority"
    ORGANISATION = "organisation"


@dataclass(frozen=True)
class RoleDefinition:
    title: str
    description: str
    reach: Reach
    permissions: frozenset[Permission]


_SIGNED_IN = {Permission.SESSION_OWN}
_PRACTICE = _SIGNED_IN | {
    Permission.CHILD_SEARCH,
    Permission.CHILD_VIEW,
    Permission.INVOLVEMENT_RECORD,
    Permission.SHIELD_REQUEST,
    Permission.BROKERING_REQUEST,
}
_LOOK_UP = {Permission.CHILD_SEARCH, Permission.CHILD_VIEW}
_ADMINISTER = {Permission.USERS_ADMINISTER, Permission.DEVICES_APPROVE}

ROLES: dict[Role, RoleDefinition] = {
    Role.PRACTITIONER: RoleDefinition(
        "Practitioner",
        "A vetted practitioner who searches, views with a reason and records their involvement.",
        Reach.NATIONAL,
        frozenset(_PRACTICE),
    ),
    Role.CHILD_PROTECTION_PRACTITIONER: RoleDefinition(
        "Child-protection practitioner",
        "A practitioner who may override a shield after a warning; every override is alerted.",
        Reach.NATIONAL,
        frozenset(_PRACTICE | {Permission.SHIELD_OVERRIDE}),
    ),
    Role.LA_MANAGER: RoleDefinition(
        "LA ContactPoint manager",
        "Runs an LA's ContactPoint team: its users and devices, brokering, data quality, "
        "subject access, and its audit reports and alerts.",
        Reach.LOCAL_AUTHORITY,
        frozenset(
            _SIGNED_IN
            | _ADMINISTER
            | {
                Permission.BROKERING_HANDLE,
                Permission.DATA_QUALITY,
                Permission.SUBJECT_ACCESS,
                Permission.AUDIT_REPORT_READ,
                Permission.ALERTS_HANDLE,
                Permission.CHILD_SEARCH,
                Permission.CHILD_VIEW,
                Permission.SHIELD_REQUEST,  # SPEC §4: any practitioner or LA user may ask
            }
        ),
    ),
    Role.SHIELDING_OFFICER: RoleDefinition(
        "Shielding officer",
        "One of an LA's trained officials who decide shielding requests against the criteria.",
        Reach.LOCAL_AUTHORITY,
        frozenset(
            _SIGNED_IN | {Permission.SHIELD_DECIDE, Permission.CHILD_SEARCH, Permission.CHILD_VIEW}
        ),
    ),
    Role.MEDIATED_ACCESS_OPERATOR: RoleDefinition(
        "Mediated-access operator",
        "Searches on behalf of a named, authorised practitioner who phones in.",
        Reach.LOCAL_AUTHORITY,
        frozenset(
            _SIGNED_IN
            | {Permission.MEDIATED_SEARCH, Permission.CHILD_SEARCH, Permission.CHILD_VIEW}
        ),
    ),
    Role.PARTNER_ADMINISTRATOR: RoleDefinition(
        "Partner administrator",
        "Administers the users and devices of one national partner organisation.",
        Reach.ORGANISATION,
        frozenset(_SIGNED_IN | _ADMINISTER),
    ),
    Role.NATIONAL_ADMINISTRATOR: RoleDefinition(
        "National administrator",
        "Maintains organisations, local authorities, source feeds and matching configuration, "
        "and administers accounts from the command line (the first one is bootstrapped).",
        Reach.NATIONAL,
        frozenset(
            _SIGNED_IN
            | {
                Permission.ORGANISATIONS_ADMINISTER,
                Permission.ACCOUNTS_ADMINISTER,
                Permission.FEEDS_INGEST,
                Permission.MATCHING_REVIEW,
                Permission.MATCHING_CONFIGURE,
            }
        ),
    ),
    Role.AUDITOR: RoleDefinition(
        "Auditor",
        "Reads audit reports and alerts across the estate; sees no child data.",
        Reach.NATIONAL,
        frozenset(_SIGNED_IN | {Permission.AUDIT_REPORT_READ, Permission.ALERTS_HANDLE}),
    ),
}

# Which roles an administrator may grant: never a role wider than their own reach.
GRANTABLE_BY: dict[Role, frozenset[Role]] = {
    Role.LA_MANAGER: frozenset(
        {
            Role.PRACTITIONER,
            Role.CHILD_PROTECTION_PRACTITIONER,
            Role.LA_MANAGER,
            Role.SHIELDING_OFFICER,
            Role.MEDIATED_ACCESS_OPERATOR,
        }
    ),
    Role.PARTNER_ADMINISTRATOR: frozenset({Role.PRACTITIONER, Role.PARTNER_ADMINISTRATOR}),
}


def permissions_of(role: Role) -> frozenset[Permission]:
    return ROLES[role].permissions
