"""Command-line actions are a real, active account's, checked against its role, and audited."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from contactpoint.audit.models import AuditEvent
from contactpoint.audit.writer import SYSTEM
from contactpoint.authz.roles import Role
from contactpoint.children.models import Child, RecordStatus
from contactpoint.config import Settings
from contactpoint.matching.models import MatchDecision, ReviewStatus
from contactpoint.practitioners import actions, devices
from contactpoint.practitioners.credentials import current_totp
from contactpoint.practitioners.models import AccountStatus, User
from tests.integration.cli.conftest import CANARY_FAMILY, Pair
from tests.integration.cli.support import (
    Operator,
    invoke,
    make_operator,
    one_line_refusal,
    run,
    write_private,
)
from tests.integration.practitioners.factories import (
    PASSWORD,
    PIN,
    make_account,
    make_organisation,
)


def _events(sessions: sessionmaker[Session], after: int = 0) -> list[AuditEvent]:
    with sessions() as session:
        query = select(AuditEvent).where(AuditEvent.id > after).order_by(AuditEvent.id)
        return list(session.scalars(query))


def _newest_event_id(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return session.scalar(select(func.max(AuditEvent.id))) or 0


def _unchanged(sessions: sessionmaker[Session], pair: Pair, events_before: int) -> None:
    with sessions() as session:
        decision = session.get_one(MatchDecision, pair.decision_id)
        assert decision.review_status is ReviewStatus.PENDING
        assert session.get_one(Child, pair.incoming_id).status is RecordStatus.ACTIVE
    assert not [e for e in _events(sessions, events_before) if e.event_type.startswith("matching")]


def test_without_an_operator_session_decide_is_refused_in_one_line(
    ready: sessionmaker[Session], settings: Settings, pair: Pair
) -> None:
    before = _newest_event_id(ready)

    line = one_line_refusal(
        run(settings, None, "matching", "decide", str(pair.decision_id), "link")
    )

    assert "not signed in as an operator" in line
    assert "operator sign-in" in line
    _unchanged(ready, pair, before)


def test_a_forged_or_unknown_session_is_refused(
    ready: sessionmaker[Session], settings: Settings, pair: Pair
) -> None:
    before = _newest_event_id(ready)
    forged = {"CONTACTPOINT_OPERATOR_SESSION": "424242"}

    result = run(settings, None, "matching", "decide", str(pair.decision_id), "link", **forged)

    assert "no operator session" in one_line_refusal(result)
    _unchanged(ready, pair, before)


def test_the_removed_user_id_option_is_refused(
    ready: sessionmaker[Session], settings: Settings, pair: Pair, national_admin: Operator
) -> None:
    args = ("matching", "decide", str(pair.decision_id), "link", "--user-id", "424242")
    before = _newest_event_id(ready)

    assert "No such option: --user-id" in one_line_refusal(run(settings, national_admin, *args))
    _unchanged(ready, pair, before)


def test_a_suspended_operator_is_refused_at_once(
    ready: sessionmaker[Session], settings: Settings, pair: Pair, national_admin: Operator
) -> None:
    with ready.begin() as session:
        user = session.get_one(User, national_admin.user_id)
        actions.set_status(session, user=user, status=AccountStatus.SUSPENDED, by=SYSTEM)
    before = _newest_event_id(ready)

    result = run(settings, national_admin, "matching", "decide", str(pair.decision_id), "link")

    assert "no operator session" in one_line_refusal(result)
    _unchanged(ready, pair, before)


def test_a_closed_account_ends_its_operator_session_and_is_refused(
    ready: sessionmaker[Session], settings: Settings, pair: Pair, national_admin: Operator
) -> None:
    with ready.begin() as session:  # closed behind the application's back: sessions kept
        session.get_one(User, national_admin.user_id).status = AccountStatus.CLOSED
    before = _newest_event_id(ready)

    result = run(settings, national_admin, "matching", "show", str(pair.decision_id))

    line = one_line_refusal(result)
    assert "the account is no longer active" in line
    assert CANARY_FAMILY not in result.stdout + result.stderr
    _unchanged(ready, pair, before)
    ended = [e.event_type for e in _events(ready, before)]
    assert ended == ["practitioners:session:expired"]


def test_an_operator_whose_role_lacks_the_permission_is_refused(
    ready: sessionmaker[Session], settings: Settings, pair: Pair
) -> None:
    practitioner = make_operator(ready, settings, role=Role.PRACTITIONER)
    auditor = make_operator(ready, settings, role=Role.AUDITOR)
    before = _newest_event_id(ready)

    decided = run(settings, practitioner, "matching", "decide", str(pair.decision_id), "link")
    shown = run(settings, auditor, "matching", "show", str(pair.decision_id))

    assert "needs national:matching:review" in one_line_refusal(decided)
    assert "needs national:matching:review" in one_line_refusal(shown)
    assert CANARY_FAMILY not in shown.stdout
    _unchanged(ready, pair, before)


def test_decide_records_the_signed_in_operator_in_the_audit_trail(
    ready: sessionmaker[Session], settings: Settings, pair: Pair, national_admin: Operator
) -> None:
    before = _newest_event_id(ready)

    result = run(settings, national_admin, "matching", "decide", str(pair.decision_id), "link")

    assert result.returncode == 0, result.stderr
    written = {e.event_type: e for e in _events(ready, before)}
    for event_type in ("matching:review:decided", "matching:child:merged"):
        assert written[event_type].actor_user_id == national_admin.user_id
        assert written[event_type].actor_role == "national_administrator"
    with ready() as session:
        assert session.get_one(MatchDecision, pair.decision_id).decided_by_user_id == (
            national_admin.user_id
        )


def test_show_writes_an_event_naming_both_children_before_it_prints(
    ready: sessionmaker[Session], settings: Settings, pair: Pair, national_admin: Operator
) -> None:
    before = _newest_event_id(ready)

    result = run(settings, national_admin, "matching", "show", str(pair.decision_id))

    assert result.returncode == 0, result.stderr
    assert CANARY_FAMILY in result.stdout
    shown = [e for e in _events(ready, before) if e.event_type == "matching:pair:shown"]
    assert {e.child_ref for e in shown} == {pair.incoming_id, pair.candidate_id}
    assert {e.actor_user_id for e in shown} == {national_admin.user_id}
    assert {e.details["decision_id"] for e in shown} == {pair.decision_id}


def test_an_la_data_manager_sees_only_their_own_las_pairs(
    ready: sessionmaker[Session], settings: Settings, pair: Pair
) -> None:
    elsewhere = make_operator(ready, settings, role=Role.LA_MANAGER, la_name="Elsewhere")
    before = _newest_event_id(ready)

    result = run(settings, elsewhere, "matching", "show", str(pair.decision_id))

    assert "not a review pair you can see" in one_line_refusal(result)
    assert CANARY_FAMILY not in result.stdout
    _unchanged(ready, pair, before)


def test_sign_in_checks_the_four_factors_and_keeps_a_private_session(
    ready: sessionmaker[Session], settings: Settings
) -> None:
    with ready.begin() as session:
        organisation = make_organisation(session)
        account = make_account(
            session, settings, organisation=organisation, roles=(Role.NATIONAL_ADMINISTRATOR,)
        )
    folder = settings.data_dir / "operator"
    write_private(folder / "device", account.device_token)
    code = current_totp(account.totp_secret)
    factors = f"{PASSWORD}\n{PIN}\n{code}\n"

    signed_in = invoke(settings, None, "operator", "sign-in", account.username, input=factors)
    replayed = invoke(settings, None, "operator", "sign-in", account.username, input=factors)
    status = invoke(settings, None, "operator", "status")

    assert signed_in.exit_code == 0, signed_in.output
    assert (folder / "session").stat().st_mode & 0o777 == 0o600
    assert "wrong" in str(replayed.exception)  # a code is accepted once, as on the web
    assert f"Signed in as {account.username} (national_administrator)" in status.output
    events = [(e.event_type, e.actor_user_id) for e in _events(ready)]
    assert ("practitioners:sign_in:succeeded", account.user_id) in events
    assert ("practitioners:sign_in:failed", account.user_id) in events
    signed_out = invoke(settings, None, "operator", "sign-out")
    assert signed_out.exit_code == 0
    assert not (folder / "session").exists()
    assert "not signed in" in str(invoke(settings, None, "operator", "status").exception)


def test_a_registered_computer_signs_in_only_once_its_device_is_approved(
    ready: sessionmaker[Session], settings: Settings
) -> None:
    with ready.begin() as session:
        organisation = make_organisation(session)
        account = make_account(
            session, settings, organisation=organisation, roles=(Role.NATIONAL_ADMINISTRATOR,)
        )
        user = session.get_one(User, account.user_id)
        link = devices.issue_link(session, users=[user], label="Operator host", by=SYSTEM)
    registered = invoke(settings, None, "operator", "register-device", f"http://x/r/{link}")
    assert registered.exit_code == 0, registered.output
    assert (settings.data_dir / "operator" / "device").stat().st_mode & 0o777 == 0o600
    factors = f"{PASSWORD}\n{PIN}\n{current_totp(account.totp_secret)}\n"

    pending = invoke(settings, None, "operator", "sign-in", account.username, input=factors)

    assert "not an approved device" in str(pending.exception)
    spent = invoke(settings, None, "operator", "register-device", link)
    assert "unknown, spent or expired" in str(spent.exception)


def test_users_create_bootstraps_only_the_first_national_administrator(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        organisation_id = make_organisation(session).id
    dates = ("--checked-on", "2026-01-01", "--trained-on", "2026-01-01")
    new = ("users", "create", "--name", "A Person", "--organisation-id", str(organisation_id))

    wrong_role = run(settings, None, *new, "first", "--role", "practitioner", *dates)
    first = run(settings, None, *new, "first", "--role", "national_administrator", *dates)
    second = run(settings, None, *new, "second", "--role", "national_administrator", *dates)

    assert "national_administrator" in one_line_refusal(wrong_role)
    assert first.returncode == 0, first.stderr
    assert "/enrol/" in first.stdout
    assert "contactpoint operator register-device" in first.stdout
    assert "not signed in as an operator" in one_line_refusal(second)
    with sessions() as session:
        assert list(session.scalars(select(User.username))) == ["first"]


def test_users_commands_act_as_the_operator(
    ready: sessionmaker[Session], settings: Settings, national_admin: Operator
) -> None:
    practitioner = make_operator(ready, settings, role=Role.PRACTITIONER)
    before = _newest_event_id(ready)

    refused = run(settings, practitioner, "users", "suspend", national_admin.account.username)
    done = run(settings, national_admin, "users", "suspend", practitioner.account.username)

    assert "needs national:users:administer" in one_line_refusal(refused)
    assert done.returncode == 0, done.stderr
    (suspended,) = [e for e in _events(ready, before) if e.event_type.startswith("practitioners:a")]
    assert suspended.actor_user_id == national_admin.user_id
    after = run(settings, practitioner, "operator", "status")
    assert "no operator session" in one_line_refusal(after)  # suspension ended it at once


def test_an_account_made_at_the_command_line_needs_a_second_administrator(
    ready: sessionmaker[Session], settings: Settings, national_admin: Operator
) -> None:
    second = make_operator(ready, settings)
    dates = ("--checked-on", "2026-01-01", "--trained-on", "2026-01-01")
    organisation = str(national_admin.account.organisation_id)
    new = ("users", "create", "newcomer", "--name", "A Person", "--organisation-id", organisation)

    proposed = run(settings, national_admin, *new, "--role", "practitioner", *dates)
    own = run(settings, national_admin, "users", "approve", "newcomer")
    approved = run(settings, second, "users", "approve", "newcomer")

    assert proposed.returncode == 0, proposed.stderr
    assert "/enrol/" not in proposed.stdout
    assert "another administrator must approve" in one_line_refusal(own)
    assert approved.returncode == 0, approved.stderr
    assert "/enrol/" in approved.stdout
    with ready() as session:
        user = session.scalars(select(User).where(User.username == "newcomer")).one()
        assert (user.proposed_by_user_id, user.approved_by_user_id) == (
            national_admin.user_id,
            second.user_id,
        )
