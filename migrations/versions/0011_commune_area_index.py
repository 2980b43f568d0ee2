"""A narrow index of communes with their région, département and density class.

geo.commune rows carry three contours (100 MB for 35k rows): every coverage query that joins the
units to their areas read them all. With this covering index (and the ETL's VACUUM, which marks the
pages all-visible) PostgreSQL answers those joins from the index alone.

Revision ID: 0011
Revises: 0010
"""
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX commune_areas ON geo.commune (code) "
               "INCLUDE (parent_code, region_code, departement_code, density_class, population)")


def downgrade() -> None:
    op.execute("DROP INDEX geo.commune_areas")
