"""audit events are append-only: triggers refuse UPDATE, DELETE and TRUNCATE

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from alembic import op

from contactpoint.audit import guards

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    guards.install(op.get_bind())


def downgrade() -> None:
    guards.remove(op.get_bind())
