"""children, organisations, involvements and the audit trail

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

AUDIT_CHAINS = 32


def upgrade() -> None:

    op.create_table(
        "audit_chain_heads",
        sa.Column("chain", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("chain", name=op.f("pk_audit_chain_heads")),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("chain", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("event_type", sa.String(length=48), nullable=False),
        sa.Column("actor_user_id", sa.BigInteger(), nullable=True),
        sa.Column("actor_role", sa.String(length=40), nullable=True),
        sa.Column("actor_organisation_id", sa.Integer(), nullable=True),
        sa.Column("actor_la_id", sa.Integer(), nullable=True),
        sa.Column("on_behalf_of_user_id", sa.BigInteger(), nullable=True),
        sa.Column("child_ref", sa.BigInteger(), nullable=True),
        sa.Column("ip_address", sa.String(length=45), nullable=True),
        sa.Column("user_agent", sa.String(length=200), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
        sa.UniqueConstraint("chain", "seq", name=op.f("uq_audit_events_chain_seq")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audit_events_actor_la_id"), ["actor_la_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_audit_events_actor_user_id"), ["actor_user_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_audit_events_child_ref"), ["child_ref"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_audit_events_event_type"), ["event_type"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_audit_events_occurred_at"), ["occurred_at"], unique=False
        )

    # Writers spread over these chains so none waits on a single global head (audit/models.py).
    op.bulk_insert(
        sa.table(
            "audit_chain_heads",
            sa.column("chain", sa.Integer),
            sa.column("seq", sa.BigInteger),
            sa.column("hash", sa.String),
        ),
        [{"chain": chain, "seq": 0, "hash": "0" * 64} for chain in range(AUDIT_CHAINS)],
    )
    op.create_table(
        "id_allocations",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column(
            "next_value", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_id_allocations")),
    )
    op.create_table(
        "local_authorities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=9), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("region", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_local_authorities")),
        sa.UniqueConstraint("code", name=op.f("uq_local_authorities_code")),
    )
    op.create_table(
        "addresses",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("line1", sa.String(length=100), nullable=False),
        sa.Column("line2", sa.String(length=100), nullable=True),
        sa.Column("town", sa.String(length=60), nullable=False),
        sa.Column("postcode", sa.String(length=8), nullable=False),
        sa.Column("la_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["la_id"], ["local_authorities.id"], name=op.f("fk_addresses_la_id_local_authorities")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_addresses")),
    )
    with op.batch_alter_table("addresses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_addresses_postcode"), ["postcode"], unique=False)

    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "school",
                "early_years",
                "gp_practice",
                "health_visiting",
                "social_care",
                "youth_offending",
                "camhs",
                "voluntary",
                "police",
                "sexual_health",
                "substance_misuse",
                "mental_health",
                "la_contactpoint_team",
                "national_partner",
                "national_administration",
                name="organisationkind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("la_id", sa.Integer(), nullable=True),
        sa.Column("reference", sa.String(length=12), nullable=True),
        sa.Column(
            "phase",
            sa.Enum(
                "nursery",
                "primary",
                "secondary",
                "all_through",
                name="schoolphase",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("address_line", sa.String(length=100), nullable=True),
        sa.Column("town", sa.String(length=60), nullable=True),
        sa.Column("postcode", sa.String(length=8), nullable=True),
        sa.Column("is_sensitive", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["la_id"],
            ["local_authorities.id"],
            name=op.f("fk_organisations_la_id_local_authorities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("reference", name=op.f("uq_organisations_reference")),
    )
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.create_index("ix_organisations_la_kind", ["la_id", "kind"], unique=False)

    op.create_table(
        "carers",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("given_names", sa.String(length=100), nullable=False),
        sa.Column("family_name", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column(
            "address_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["address_id"], ["addresses.id"], name=op.f("fk_carers_address_id_addresses")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_carers")),
    )
    with op.batch_alter_table("carers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_carers_address_id"), ["address_id"], unique=False)

    op.create_table(
        "children",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("cp_id", sa.String(length=12), nullable=False),
        sa.Column("given_names", sa.String(length=100), nullable=False),
        sa.Column("family_name", sa.String(length=100), nullable=False),
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
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("date_of_death", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "archived",
                "merged",
                name="recordstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("la_id", sa.Integer(), nullable=False),
        sa.Column(
            "current_address_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("is_shielded", sa.Boolean(), nullable=False),
        sa.Column("kept_to_25_with_consent", sa.Boolean(), nullable=False),
        sa.Column("archived_on", sa.Date(), nullable=True),
        sa.Column(
            "merged_into_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["current_address_id"],
            ["addresses.id"],
            name=op.f("fk_children_current_address_id_addresses"),
        ),
        sa.ForeignKeyConstraint(
            ["la_id"], ["local_authorities.id"], name=op.f("fk_children_la_id_local_authorities")
        ),
        sa.ForeignKeyConstraint(
            ["merged_into_id"], ["children.id"], name=op.f("fk_children_merged_into_id_children")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_children")),
        sa.UniqueConstraint("cp_id", name=op.f("uq_children_cp_id")),
    )
    with op.batch_alter_table("children", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_children_current_address_id"), ["current_address_id"], unique=False
        )
        batch_op.create_index(
            "ix_children_family_name_dob", ["family_name", "date_of_birth"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_children_la_id"), ["la_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_children_merged_into_id"), ["merged_into_id"], unique=False
        )
        batch_op.create_index(
            "ix_children_shielded_la",
            ["la_id"],
            unique=False,
            postgresql_where=sa.text("is_shielded"),
            sqlite_where=sa.text("is_shielded"),
        )

    op.create_table(
        "child_addresses",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("child_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "address_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("moved_in", sa.Date(), nullable=True),
        sa.Column("moved_out", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["address_id"], ["addresses.id"], name=op.f("fk_child_addresses_address_id_addresses")
        ),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_child_addresses_child_id_children")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child_addresses")),
    )
    with op.batch_alter_table("child_addresses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_child_addresses_address_id"), ["address_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_child_addresses_child_id"), ["child_id"], unique=False)

    op.create_table(
        "child_carers",
        sa.Column("child_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("carer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "relationship",
            sa.Enum(
                "mother",
                "father",
                "step_parent",
                "grandparent",
                "foster_carer",
                "guardian",
                "other_relative",
                "other",
                name="relationship",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("parental_responsibility", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["carer_id"], ["carers.id"], name=op.f("fk_child_carers_carer_id_carers")
        ),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_child_carers_child_id_children")
        ),
        sa.PrimaryKeyConstraint("child_id", "carer_id", name=op.f("pk_child_carers")),
    )
    with op.batch_alter_table("child_carers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_child_carers_carer_id"), ["carer_id"], unique=False)

    op.create_table(
        "child_other_names",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("child_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "former",
                "alias",
                name="othernamekind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("given_names", sa.String(length=100), nullable=False),
        sa.Column("family_name", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_child_other_names_child_id_children")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child_other_names")),
    )
    with op.batch_alter_table("child_other_names", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_child_other_names_child_id"), ["child_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_child_other_names_family_name"), ["family_name"], unique=False
        )

    op.create_table(
        "involvements",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("child_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("practitioner_name", sa.String(length=100), nullable=True),
        sa.Column("practitioner_phone", sa.String(length=20), nullable=True),
        sa.Column("practitioner_email", sa.String(length=254), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("is_lead_professional", sa.Boolean(), nullable=False),
        sa.Column("caf_undertaken", sa.Boolean(), nullable=False),
        sa.Column("caf_date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_involvements_child_id_children")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_involvements_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_involvements")),
    )
    with op.batch_alter_table("involvements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_involvements_child_id"), ["child_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_involvements_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(
            "uq_involvements_current_lead",
            ["child_id"],
            unique=True,
            postgresql_where=sa.text("is_lead_professional AND ended_on IS NULL"),
            sqlite_where=sa.text("is_lead_professional AND ended_on IS NULL"),
        )

    op.create_table(
        "source_identifiers",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("child_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "pupil_census",
                "gp_registration",
                "child_benefit",
                "la_social_care",
                "birth_registration",
                name="sourcetype",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("issuer", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_source_identifiers_child_id_children")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_identifiers")),
        sa.UniqueConstraint(
            "source", "issuer", "value", name=op.f("uq_source_identifiers_source_issuer_value")
        ),
    )
    with op.batch_alter_table("source_identifiers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_source_identifiers_child_id"), ["child_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("source_identifiers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_identifiers_child_id"))

    op.drop_table("source_identifiers")
    with op.batch_alter_table("involvements", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_involvements_current_lead",
            postgresql_where=sa.text("is_lead_professional AND ended_on IS NULL"),
            sqlite_where=sa.text("is_lead_professional AND ended_on IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_involvements_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_involvements_child_id"))

    op.drop_table("involvements")
    with op.batch_alter_table("child_other_names", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_child_other_names_family_name"))
        batch_op.drop_index(batch_op.f("ix_child_other_names_child_id"))

    op.drop_table("child_other_names")
    with op.batch_alter_table("child_carers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_child_carers_carer_id"))

    op.drop_table("child_carers")
    with op.batch_alter_table("child_addresses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_child_addresses_child_id"))
        batch_op.drop_index(batch_op.f("ix_child_addresses_address_id"))

    op.drop_table("child_addresses")
    with op.batch_alter_table("children", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_children_la_id"))
        batch_op.drop_index(batch_op.f("ix_children_merged_into_id"))
        batch_op.drop_index("ix_children_shielded_la")
        batch_op.drop_index("ix_children_family_name_dob")
        batch_op.drop_index(batch_op.f("ix_children_current_address_id"))

    op.drop_table("children")
    with op.batch_alter_table("carers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_carers_address_id"))

    op.drop_table("carers")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_index("ix_organisations_la_kind")

    op.drop_table("organisations")
    with op.batch_alter_table("addresses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_addresses_postcode"))

    op.drop_table("addresses")
    op.drop_table("local_authorities")
    op.drop_table("id_allocations")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_occurred_at"))
        batch_op.drop_index(batch_op.f("ix_audit_events_event_type"))
        batch_op.drop_index(batch_op.f("ix_audit_events_child_ref"))
        batch_op.drop_index(batch_op.f("ix_audit_events_actor_user_id"))
        batch_op.drop_index(batch_op.f("ix_audit_events_actor_la_id"))

    op.drop_table("audit_events")
    op.drop_table("audit_chain_heads")
