"""child search keys

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "child_search_keys",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("child_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("family_norm", sa.String(length=40), nullable=False),
        sa.Column("family_sound", sa.String(length=8), nullable=False),
        sa.Column("family_head", sa.String(length=2), nullable=False),
        sa.Column("family_tail", sa.String(length=2), nullable=False),
        sa.Column("given_norm", sa.String(length=40), nullable=False),
        sa.Column("given_canon", sa.String(length=40), nullable=False),
        sa.Column("given_sound", sa.String(length=8), nullable=False),
        sa.Column("given_head", sa.String(length=2), nullable=False),
        sa.Column("given_tail", sa.String(length=2), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("birth_year", sa.SmallInteger(), nullable=False),
        sa.Column(
            "gender",
            sa.Enum(
                "female",
                "male",
                "not_known",
                "not_specified",
                name="gender",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("postcode", sa.String(length=7), nullable=True),
        sa.Column("postcode_district", sa.String(length=4), nullable=True),
        sa.Column("is_shielded", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_child_search_keys_child_id_children")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child_search_keys")),
    )
    with op.batch_alter_table("child_search_keys", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_child_search_keys_child_id"), ["child_id"], unique=False
        )
        batch_op.create_index(
            "ix_child_search_keys_district",
            ["postcode_district", "family_sound", "given_sound"],
            unique=False,
        )
        batch_op.create_index(
            "ix_child_search_keys_dob_ends",
            ["date_of_birth", "family_head", "family_tail"],
            unique=False,
        )
        batch_op.create_index(
            "ix_child_search_keys_family_dob", ["family_sound", "date_of_birth"], unique=False
        )
        batch_op.create_index("ix_child_search_keys_postcode", ["postcode"], unique=False)
        batch_op.create_index(
            "ix_child_search_keys_year_family",
            ["birth_year", "gender", "family_sound", "given_sound", "given_head", "given_tail"],
            unique=False,
        )
        batch_op.create_index(
            "ix_child_search_keys_year_given",
            ["birth_year", "gender", "given_sound", "family_head", "family_tail"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("child_search_keys", schema=None) as batch_op:
        batch_op.drop_index("ix_child_search_keys_year_given")
        batch_op.drop_index("ix_child_search_keys_year_family")
        batch_op.drop_index("ix_child_search_keys_postcode")
        batch_op.drop_index("ix_child_search_keys_family_dob")
        batch_op.drop_index("ix_child_search_keys_dob_ends")
        batch_op.drop_index("ix_child_search_keys_district")
        batch_op.drop_index(batch_op.f("ix_child_search_keys_child_id"))

    op.drop_table("child_search_keys")
