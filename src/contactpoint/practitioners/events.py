"""The shapes of sign-in, session and account-administration audit events.

Opaque references only. A failed sign-in never records what was typed: an unknown username
is recorded as unknown, and no factor's value ever reaches the trail.
"""

from __future__ import annotations

from typing import Literal

from contactpoint.audit.events import EventDetails, declare

RefusalReason = Literal[
    "locked",
    "suspended",
    "closed",
    "not_enrolled",
    "criminal_records_check_lapsed",
    "training_lapsed",
    "agreement_lapsed",
    "device_not_approved",
]


@declare("practitioners:sign_in:succeeded")
class SignInSucceeded(EventDetails):
    device_id: int | None
    roles_held: int


@declare("practitioners:sign_in:failed")
class SignInFailed(EventDetails):
    username_known: bool
    failed_attempts: int  # consecutive, for a known account; 0 otherwise


@declare("practitioners:sign_in:throttled")
class SignInThrottled(EventDetails):
    recent_failures: int
    limit: Literal["username", "address"]  # throttle.py: one address at one username, or all


@declare("practitioners:sign_in:refused")
class SignInRefused(EventDetails):
    reason: RefusalReason


@declare("practitioners:account:locked")
class AccountLocked(EventDetails):
    user_id: int
    failed_attempts: int


@declare("practitioners:session:role_chosen")
class RoleChosen(EventDetails):
    role: str


@declare("practitioners:session:signed_out")
class SignedOut(EventDetails):
    pass


@declare("practitioners:session:expired")
class SessionExpired(EventDetails):
    reason: Literal["idle", "absolute", "account_disabled"]


@declare("practitioners:account:created")
class AccountCreated(EventDetails):
    user_id: int
    organisation_id: int
    roles: list[str]


@declare("practitioners:account:approved")
class AccountApproved(EventDetails):
    """A second administrator approved an account someone else proposed."""

    user_id: int
    proposed_by_user_id: int


@declare("practitioners:account:enrolled")
class AccountEnrolled(EventDetails):
    user_id: int
    purpose: Literal["enrol", "reset", "token"]


@declare("practitioners:account:status_changed")
class AccountStatusChanged(EventDetails):
    user_id: int
    status: Literal["active", "suspended", "closed"]
    sessions_ended: int


@declare("practitioners:account:unlocked")
class AccountUnlocked(EventDetails):
    user_id: int


@declare("practitioners:account:setup_link_issued")
class SetupLinkIssued(EventDetails):
    user_id: int
    purpose: Literal["enrol", "reset", "token"]


@declare("practitioners:device:link_issued")
class DeviceLinkIssued(EventDetails):
    user_id: int
    device_id: int
    pre_approved: bool


@declare("practitioners:device:registered")
class DeviceRegistered(EventDetails):
    user_id: int
    device_id: int


@declare("practitioners:device:approved")
class DeviceApproved(EventDetails):
    user_id: int
    device_id: int


@declare("practitioners:device:revoked")
class DeviceRevoked(EventDetails):
    user_id: int
    device_id: int
    sessions_ended: int
