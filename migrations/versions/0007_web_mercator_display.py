"""Display contours of communes and QPV also stored in Web Mercator (EPSG:3857), so vector tiles
cut them without reprojecting every feature on every request.

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("commune", "qpv"):
        op.add_column(table, sa.Column("geom_3857", Geometry("MULTIPOLYGON", 3857, spatial_index=False)),
                      schema="geo")
        op.execute(f"UPDATE geo.{table} SET geom_3857 = ST_Transform(geom_display, 3857)")
        op.create_index(f"{table}_geom_3857_gist", table, ["geom_3857"], schema="geo", postgresql_using="gist")


def downgrade() -> None:
    for table in ("commune", "qpv"):
        op.drop_index(f"{table}_geom_3857_gist", table_name=table, schema="geo")
        op.drop_column(table, "geom_3857", schema="geo")
