"""Materialised coverage (schema coverage), refreshed after every register load or edit.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry
from sqlalchemy.dialects.postgresql import ARRAY

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _councils(name: str) -> sa.Column:
    return sa.Column(name, ARRAY(sa.Text), nullable=False, server_default="{}")


def upgrade() -> None:
    op.execute("CREATE SCHEMA IF NOT EXISTS coverage")
    op.create_table(
        "unit",
        sa.Column("unit_code", sa.Text, sa.ForeignKey("geo.commune.code"), primary_key=True,
                  comment="base unit: an arrondissement, or a commune without arrondissements"),
        sa.Column("commune_code", sa.Text, nullable=False, comment="the commune (COM) the unit belongs to"),
        sa.Column("population", sa.Integer),
        _councils("active_councils"),
        _councils("planned_councils"),
        sa.Column("is_covered", sa.Boolean, nullable=False, comment="in the territory of an active council"),
        sa.Column("is_planned", sa.Boolean, nullable=False, comment="not covered, in a council en_projet"),
        schema="coverage",
    )
    op.create_index("unit_commune", "unit", ["commune_code"], schema="coverage")
    op.create_table(
        "qpv",
        sa.Column("qpv_code", sa.Text, sa.ForeignKey("geo.qpv.code"), primary_key=True),
        sa.Column("share_active", sa.Float, nullable=False, comment="share of the QPV area in active territories"),
        sa.Column("share_with_planned", sa.Float, nullable=False, comment="same, counting councils en_projet"),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("prevu", sa.Boolean, nullable=False, comment="a council en_projet would bring it to >= 0.5"),
        _councils("active_councils"),
        _councils("planned_councils"),
        sa.Column("distance_km", sa.Float, comment="to the nearest active council territory (0 if inside)"),
        sa.Column("priority_population", sa.Float, comment="0-1, QPV population normalised"),
        sa.Column("priority_poverty", sa.Float, comment="0-1, poverty rate normalised"),
        sa.Column("priority_distance", sa.Float, comment="0-1, distance normalised"),
        sa.Column("priority_score", sa.Float, comment="mean of the three components (equal weights)"),
        sa.CheckConstraint("status IN ('couvert','partiel','non_couvert')", name="qpv_status"),
        schema="coverage",
    )
    op.create_table(
        "council",
        sa.Column("council_id", sa.Text, sa.ForeignKey("register.council.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("n_units", sa.Integer, nullable=False),
        sa.Column("n_communes", sa.Integer, nullable=False),
        sa.Column("population", sa.BigInteger, nullable=False),
        sa.Column("n_qpv", sa.Integer, nullable=False, comment="QPV with >= 0.5 of their area in the territory"),
        sa.Column("qpv_population", sa.BigInteger, nullable=False),
        sa.Column("geom", Geometry("MULTIPOLYGON", 4326, spatial_index=False), comment="territory union"),
        sa.Column("geom_display", Geometry("MULTIPOLYGON", 4326, spatial_index=False)),
        schema="coverage",
    )
    op.create_index("council_geom_gist", "council", ["geom"], schema="coverage", postgresql_using="gist")
    op.create_table(
        "refresh",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("duration_ms", sa.Float, nullable=False),
        sa.Column("scope", sa.Text, nullable=False, comment="'all' or the council ids refreshed"),
        schema="coverage",
    )


def downgrade() -> None:
    op.execute("DROP SCHEMA IF EXISTS coverage CASCADE")
