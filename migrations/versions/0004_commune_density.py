"""Commune density class (dense / intermediaire / rural), for rural coverage questions.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("commune", sa.Column("density_km2", sa.Float, comment="inhabitants per km²"), schema="geo")
    op.add_column("commune", sa.Column(
        "density_class", sa.Text,
        comment="dense, intermediaire or rural: INSEE density-grid thresholds applied to the whole commune"),
        schema="geo")
    op.create_check_constraint("commune_density_class", "commune",
                               "density_class IN ('dense','intermediaire','rural')", schema="geo")


def downgrade() -> None:
    op.drop_constraint("commune_density_class", "commune", schema="geo")
    op.drop_column("commune", "density_class", schema="geo")
    op.drop_column("commune", "density_km2", schema="geo")
