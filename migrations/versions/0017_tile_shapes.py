"""Vector-tile shapes prepared per zoom level at load: contours in Web Mercator simplified to half
a pixel of that zoom (geo.tile_tolerance, the one definition), so a tile request cuts ready
geometries instead of simplifying thousands of contours on every request.

Revision ID: 0017
Revises: 0016
"""
import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# Zooms served from prepared shapes; below, shapes are simplified on the fly (rare national
# views), above, the display contours are already finer than a pixel.
PREPARED_ZOOMS = range(5, 10)
LAYERS = ("communes", "qpv")


def upgrade() -> None:
    op.execute("""
        CREATE FUNCTION geo.tile_tolerance(z integer) RETURNS double precision
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN CASE WHEN z < 10 THEN 40075016.68557849 / (2 ^ z * 512) ELSE 0 END""")
    op.create_table(
        "tile_shape",
        sa.Column("layer", sa.Text, nullable=False),
        sa.Column("zoom", sa.SmallInteger, nullable=False),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("geom", Geometry("GEOMETRY", 3857, spatial_index=False), nullable=False),
        sa.PrimaryKeyConstraint("layer", "zoom", "code"),
        sa.CheckConstraint("layer IN ('communes', 'qpv')", name="tile_shape_layer"),
        schema="geo",
    )
    # One small index per (layer, zoom): a tile reads only its own zoom's shapes.
    for layer in LAYERS:
        for z in PREPARED_ZOOMS:
            op.execute(f"CREATE INDEX tile_shape_{layer}_z{z}_gist ON geo.tile_shape USING gist (geom) "
                       f"WHERE layer = '{layer}' AND zoom = {z}")
    op.execute(PREPARE)
    for layer in LAYERS:
        op.execute(f"SELECT geo.prepare_tile_shapes('geo', '{layer}')")


def downgrade() -> None:
    op.execute("DROP FUNCTION geo.prepare_tile_shapes(text, text)")
    op.drop_table("tile_shape", schema="geo")
    op.execute("DROP FUNCTION geo.tile_tolerance(integer)")


# Fills SCHEMA.tile_shape from SCHEMA.commune / SCHEMA.qpv: the geography ETL calls it on its stage
# (before the swap), this migration on the serving tables. Communes below half a pixel vanish, as
# ST_Simplify drops them. QPV never do: under two pixels across they keep their contour (simplified,
# the tile's grid would collapse them), larger ones keep their collapsed parts (preserveCollapsed).
PREPARE = """
CREATE FUNCTION geo.prepare_tile_shapes(target text, layer text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    EXECUTE format('DELETE FROM %1$I.tile_shape WHERE layer = %2$L', target, layer);
    IF layer = 'communes' THEN
        EXECUTE format($q$
            INSERT INTO %1$I.tile_shape (layer, zoom, code, geom)
            SELECT 'communes', z, c.code, s.geom
            FROM %1$I.commune c, generate_series(5, 9) z,
                 LATERAL (SELECT ST_Simplify(c.geom_3857, geo.tile_tolerance(z)) AS geom) s
            WHERE c.is_base_unit AND c.geom_3857 IS NOT NULL AND s.geom IS NOT NULL$q$, target);
    ELSIF layer = 'qpv' THEN
        EXECUTE format($q$
            INSERT INTO %1$I.tile_shape (layer, zoom, code, geom)
            SELECT 'qpv', z, q.code,
                   CASE WHEN greatest(ST_XMax(q.geom_3857) - ST_XMin(q.geom_3857),
                                      ST_YMax(q.geom_3857) - ST_YMin(q.geom_3857)) < 4 * geo.tile_tolerance(z)
                        THEN q.geom_3857 ELSE ST_Simplify(q.geom_3857, geo.tile_tolerance(z), true) END
            FROM %1$I.qpv q, generate_series(5, 9) z
            WHERE q.geom_3857 IS NOT NULL$q$, target);
    ELSE
        RAISE EXCEPTION 'unknown tile layer %', layer;
    END IF;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$
"""
