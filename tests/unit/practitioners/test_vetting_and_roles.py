"""Vetting gates lapse on time; roles are data over a well-named set of permissions."""

from __future__ import annotations

import re
from datetime import date

from contactpoint.authz.permissions import Permission
from contactpoint.authz.roles import GRANTABLE_BY, ROLES, Reach, Role
from contactpoint.practitioners.models import User
from contactpoint.practitioners.vetting import lapsed, lapsing


def _user(checked: date, trained: date, agreed: date) -> User:
    return User(
        criminal_records_checked_on=checked,
        training_completed_on=trained,
        agreement_accepted_on=agreed,
    )


def test_the_enhanced_check_lapses_after_three_years() -> None:
    user = _user(date(2022, 3, 1), date(2024, 6, 1), date(2024, 6, 1))
    assert lapsed(user, date(2025, 2, 28)) is None
    assert lapsed(user, date(2025, 3, 1)) == "criminal_records_check_lapsed"


def test_an_unrecorded_gate_counts_as_lapsed() -> None:
    user = _user(date(2024, 1, 1), date(2024, 1, 1), date(2024, 1, 1))
    user.training_completed_on = None
    assert lapsed(user, date(2024, 6, 1)) == "training_lapsed"


def test_administrators_are_warned_thirty_days_ahead() -> None:
    user = _user(date(2022, 3, 20), date(2024, 6, 1), date(2024, 6, 1))
    assert [lapse.gate for lapse in lapsing(user, date(2025, 2, 25))] == [
        "criminal_records_check_lapsed"
    ]
    assert lapsing(user, date(2025, 2, 10)) == []


def test_every_role_of_the_spec_is_defined_with_a_description() -> None:
    assert set(ROLES) == set(Role)
    assert all(definition.description for definition in ROLES.values())


def test_permissions_are_named_scope_resource_action() -> None:
    for permission in Permission:
        assert re.fullmatch(r"[a-z_]+:[a-z_]+:[a-z_]+", permission.value), permission


def test_the_auditor_sees_no_child_data_and_administrators_grant_within_reach() -> None:
    assert Permission.CHILD_VIEW not in ROLES[Role.AUDITOR].permissions
    for granter, grantable in GRANTABLE_BY.items():
        assert ROLES[granter].reach is not Reach.NATIONAL
        assert Role.NATIONAL_ADMINISTRATOR not in grantable
        assert Role.AUDITOR not in grantable
