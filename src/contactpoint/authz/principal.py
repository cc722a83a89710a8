"""Who is making a request: the signed-in user, the role they chose, and their scope."""

from __future__ import annotations

from dataclasses import dataclass

from contactpoint.audit.writer import Actor
from contactpoint.authz.permissions import Permission
from contactpoint.authz.roles import ROLES, Reach, Role


@dataclass(frozen=True)
class Principal:
    user_id: int
    username: str
    display_name: str
    organisation_id: int
    la_id: int | None  # the organisation's LA; None for national organisations
    role: Role | None  # None until a user holding several roles has chosen one
    roles_held: tuple[Role, ...]
    session_id: int

    @property
    def reach(self) -> Reach | None:
        return ROLES[self.role].reach if self.role else None

    def can(self, permission: Permission) -> bool:
        return self.role is not None and permission in ROLES[self.role].permissions

    def actor(self) -> Actor:
        return Actor(
            user_id=self.user_id,
            role=self.role.value if self.role else None,
            organisation_id=self.organisation_id,
            la_id=self.la_id,
        )
