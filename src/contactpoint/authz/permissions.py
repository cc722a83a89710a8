"""Permissions, named scope:resource:action. Roles (authz/roles.py) are sets of these."""

from __future__ import annotations

from enum import StrEnum


class Permission(StrEnum):
    PUBLIC_PAGE_VIEW = "public:page:view"  # start page, sign-in, assets: no account needed
    SESSION_OWN = "self:session:manage"  # choose a role, sign out: any signed-in user
    CHILD_SEARCH = "child:record:search"
    CHILD_VIEW = "child:record:view"
    INVOLVEMENT_RECORD = "child:involvement:record"
    SHIELD_REQUEST = "child:shield:request"
    SHIELD_OVERRIDE = "child:shield:override"
    SHIELD_DECIDE = "la:shield:decide"
    BROKERING_REQUEST = "child:brokering:request"
    BROKERING_HANDLE = "la:brokering:handle"
    MEDIATED_SEARCH = "child:record:search_on_behalf"
    DATA_QUALITY = "la:data_quality:manage"
    SUBJECT_ACCESS = "la:subject_access:produce"
    AUDIT_REPORT_READ = "audit:report:read"
    ALERTS_HANDLE = "audit:alerts:handle"
    USERS_ADMINISTER = "org:users:administer"
    DEVICES_APPROVE = "org:devices:approve"
    ORGANISATIONS_ADMINISTER = "national:organisations:administer"
    # Any account, anywhere, at the command line (`contactpoint users …`); never on the web.
    ACCOUNTS_ADMINISTER = "national:users:administer"
    FEEDS_INGEST = "national:feeds:ingest"
    MATCHING_REVIEW = "national:matching:review"
    MATCHING_CONFIGURE = "national:matching:configure"
