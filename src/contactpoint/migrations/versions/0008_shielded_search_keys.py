"""shielded children's search keys hold no hidden field

Revision ID: 0008
Revises: 0007

Until now a shielded child's search keys held their former names, aliases and postcode,
so a search by a former name found them. The keys of every shielded child are rebuilt
with the current name only (children/keys.py); there are ~0.2% of children shielded, so
this touches a few tens of thousands of rows at national size.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Imported here: the keys are built by the same code the application uses.
    from contactpoint.children.search_keys import index_children

    connection = op.get_bind()
    shielded = [
        row[0]
        for row in connection.execute(
            sa.text("SELECT id FROM children WHERE is_shielded = :yes ORDER BY id"), {"yes": True}
        )
    ]
    for start in range(0, len(shielded), 5_000):
        index_children(connection, shielded[start : start + 5_000])


def downgrade() -> None:
    # Nothing to undo: the keys are derived data (`contactpoint search reindex` rebuilds them).
    pass
