"""Council register (schema register): councils, status history, territories, funding, contacts.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

from core.models import CARRIER_TYPES, COUNCIL_STATUSES, FUNDING_SOURCES, TERRITORY_SCALES

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ",".join(f"'{v}'" for v in values) + ")"


def _council_fk() -> sa.Column:
    return sa.Column("council_id", sa.Text, sa.ForeignKey("register.council.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    op.execute("CREATE SCHEMA IF NOT EXISTS register")
    op.create_table(
        "council",
        sa.Column("id", sa.Text, primary_key=True, comment="stable id, e.g. CLSM-0001"),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("created_on", sa.Date),
        sa.Column("scale", sa.Text, nullable=False, comment="territory scale"),
        sa.Column("region_code", sa.Text, sa.ForeignKey("geo.region.code"), comment="ARS region"),
        sa.Column("departement_code", sa.Text, sa.ForeignKey("geo.departement.code")),
        sa.Column("carrier_type", sa.Text, comment="carrying structure"),
        sa.Column("carrier_name", sa.Text),
        sa.Column("fte", sa.Numeric(4, 2), comment="coordination full-time equivalent (ETP)"),
        sa.Column("budget_eur", sa.Numeric(12, 2), comment="yearly coordination budget"),
        sa.Column("governance", sa.ARRAY(sa.Text), nullable=False, server_default="{}"),
        sa.Column("themes", sa.ARRAY(sa.Text), nullable=False, server_default="{}"),
        sa.Column("demo", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("source", sa.Text),
        sa.Column("updated_on", sa.Date),
        sa.Column("quality_score", sa.Numeric(4, 3), comment="share of expected fields filled"),
        sa.Column("revision", sa.Integer, nullable=False, server_default="1"),
        sa.CheckConstraint(_in("status", COUNCIL_STATUSES), name="council_status"),
        sa.CheckConstraint(_in("scale", TERRITORY_SCALES), name="council_scale"),
        sa.CheckConstraint(_in("carrier_type", CARRIER_TYPES), name="council_carrier"),
        sa.CheckConstraint("fte IS NULL OR (fte >= 0 AND fte <= 10)", name="council_fte"),
        schema="register",
    )
    op.create_index("council_region", "council", ["region_code"], schema="register")
    op.create_table(
        "status_history",
        sa.Column("id", sa.Integer, primary_key=True),
        _council_fk(),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("from_date", sa.Date, nullable=False),
        sa.Column("note", sa.Text),
        sa.CheckConstraint(_in("status", COUNCIL_STATUSES), name="status_history_status"),
        schema="register",
    )
    op.create_index("status_history_council", "status_history", ["council_id", "from_date"], schema="register")
    op.create_table(
        "territory",
        _council_fk(),
        sa.Column("commune_code", sa.Text, sa.ForeignKey("geo.commune.code"), nullable=False),
        sa.Column("via_epci", sa.Text, comment="SIREN when the row came from an EPCI expansion"),
        sa.PrimaryKeyConstraint("council_id", "commune_code"),
        schema="register",
    )
    op.create_index("territory_commune", "territory", ["commune_code"], schema="register")
    op.create_table(
        "funding",
        sa.Column("id", sa.Integer, primary_key=True),
        _council_fk(),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("amount_eur", sa.Numeric(12, 2), nullable=False),
        sa.CheckConstraint(_in("source", FUNDING_SOURCES), name="funding_source"),
        sa.CheckConstraint("amount_eur >= 0", name="funding_amount"),
        schema="register",
    )
    op.create_index("funding_council", "funding", ["council_id"], schema="register")
    op.create_table(
        "contact",
        sa.Column("id", sa.Integer, primary_key=True),
        _council_fk(),
        sa.Column("name", sa.Text),
        sa.Column("email", sa.Text),
        sa.Column("phone", sa.Text),
        sa.Column("role", sa.Text),
        schema="register",
        comment="personal data: never exposed by public endpoints or exports",
    )


def downgrade() -> None:
    op.execute("DROP SCHEMA IF EXISTS register CASCADE")
