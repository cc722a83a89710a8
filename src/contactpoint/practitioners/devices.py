"""Approved devices. Development and tests: a long random token in an HttpOnly cookie.
Production: a client certificate verified by the reverse proxy, which passes its fingerprint
in a header (CONTACTPOINT_DEVICE_CHECK=client_certificate). Either way only a digest is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactpoint.audit.writer import Actor, RequestMeta, record
from contactpoint.practitioners import events, sessions
from contactpoint.practitioners.credentials import digest, new_token
from contactpoint.practitioners.models import Device, DeviceStatus, User
from contactpoint.types import utcnow

DEVICE_LINK_LIFETIME = timedelta(hours=72)


def issue_link(
    session: Session,
    *,
    users: Sequence[User],
    label: str,
    by: Actor,
    pre_approved: bool = False,
    lifetime: timedelta = DEVICE_LINK_LIFETIME,
    meta: RequestMeta | None = None,
) -> str:
    """A one-time link that registers the browser that opens it, for each of `users`.

    `pre_approved` is for the development demo only: the device is approved before it exists.
    """
    token = new_token()
    for user in users:
        device = Device(
            user_id=user.id,
            label=label[:60],
            status=DeviceStatus.APPROVED if pre_approved else DeviceStatus.PENDING,
            link_digest=digest(token),
            link_expires_at=utcnow() + lifetime,
            approved_at=utcnow() if pre_approved else None,
            approved_by_user_id=by.user_id if pre_approved else None,
        )
        session.add(device)
        session.flush()
        issued = events.DeviceLinkIssued(
            user_id=user.id, device_id=device.id, pre_approved=pre_approved
        )
        record(session, "practitioners:device:link_issued", issued, by=by, meta=meta)
    return token


def register_from_link(
    session: Session, *, token: str, credential: str, now: datetime, meta: RequestMeta
) -> list[Device]:
    """Bind the devices a link stands for to this browser's credential; the link is spent."""
    query = select(Device).where(Device.link_digest == digest(token))
    devices = [d for d in session.scalars(query) if d.link_expires_at and d.link_expires_at > now]
    for device in devices:
        device.credential_digest = digest(credential)
        device.link_digest = device.link_expires_at = None
        _registered(session, device, meta)
    return devices


def register_pending(
    session: Session, *, user: User, credential: str, label: str, meta: RequestMeta
) -> Device:
    """This browser, waiting for the user's administrator to approve it."""
    device = Device(user_id=user.id, label=label[:60], credential_digest=digest(credential))
    session.add(device)
    session.flush()
    _registered(session, device, meta)
    return device


def _registered(session: Session, device: Device, meta: RequestMeta) -> None:
    registered = events.DeviceRegistered(user_id=device.user_id, device_id=device.id)
    record(
        session,
        "practitioners:device:registered",
        registered,
        by=Actor(user_id=device.user_id),
        meta=meta,
    )


class SelfApprovalError(PermissionError):
    """Nobody approves their own device: a second person vouches for every computer."""


def approve(
    session: Session, *, device: Device, by: Actor, meta: RequestMeta | None = None
) -> None:
    if by.user_id == device.user_id:
        raise SelfApprovalError("another administrator must approve your own device")
    device.status = DeviceStatus.APPROVED
    device.approved_at = utcnow()
    device.approved_by_user_id = by.user_id
    approved = events.DeviceApproved(user_id=device.user_id, device_id=device.id)
    record(session, "practitioners:device:approved", approved, by=by, meta=meta)


def revoke(session: Session, *, device: Device, by: Actor, meta: RequestMeta | None = None) -> None:
    device.status = DeviceStatus.REVOKED
    ended = sessions.end_all_for(session, device.user_id, device_id=device.id)
    revoked = events.DeviceRevoked(
        user_id=device.user_id, device_id=device.id, sessions_ended=ended
    )
    record(session, "practitioners:device:revoked", revoked, by=by, meta=meta)


def new_device_token() -> str:
    return new_token()
