"""Permissions, named scope:resource:action. Roles (authz/roles.py) are sets of these."""

from __future__ import annotations

from enum import StrEnum


class Permission(StrEnum):
    PUBLIC_PAGE_VIEW = "public:page:view"  # start page, sign-in, assets: no account needed
