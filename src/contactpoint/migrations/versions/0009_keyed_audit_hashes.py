"""audit events record which chain key sealed their hash

Revision ID: 0009
Revises: 0008

Events written before this have no key_id: their hashes are plain SHA-256, and verify
accepts them only as a chain's first events, covered by a signed checkpoint.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("key_id", sa.SmallInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("key_id")
