"""harvest guard: the distinct children each user was shown, per day

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "access_seen_children",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("child_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_access_seen_children_user_id_users")
        ),
        sa.PrimaryKeyConstraint(
            "user_id", "day", "kind", "child_id", name=op.f("pk_access_seen_children")
        ),
    )


def downgrade() -> None:
    op.drop_table("access_seen_children")
