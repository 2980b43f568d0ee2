"""QPV figures readable without the contours: geo.qpv keeps three geometries inline (4.9 MB of heap
for 1,584 rows), so the queries that read only codes, names and figures of every QPV (the priority
table, the QPV apart from the régions table) scanned 615 pages; this covering index holds 15.

Revision ID: 0020
Revises: 0019
"""
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("qpv_figures", "qpv", ["code"], schema="geo",
                    postgresql_include=["departement_code", "nom", "population", "taux_pauvrete_60"])


def downgrade() -> None:
    op.drop_index("qpv_figures", table_name="qpv", schema="geo")
