-- One Mapbox vector tile of a layer: features cut to the tile in Web Mercator (ST_AsMVTGeom);
-- the jsonb column props becomes the features' properties. At low zoom, contours are first
-- simplified to about half a screen pixel, which drops sub-pixel communes instead of sending dust.
WITH bounds AS (SELECT ST_TileEnvelope(:z, :x, :y) AS env, ST_Transform(ST_TileEnvelope(:z, :x, :y), 4326) AS env4326),
features AS (
    SELECT ST_AsMVTGeom(ST_Transform(CASE WHEN :tolerance > 0 THEN ST_Simplify(src.geom, :tolerance) ELSE src.geom END, 3857),
                        bounds.env, 4096, 64, true) AS mvt_geom, src.props
    FROM ({source}) src, bounds
    WHERE src.geom && bounds.env4326
)
SELECT ST_AsMVT(features.*, :layer, 4096, 'mvt_geom') FROM features WHERE mvt_geom IS NOT NULL
