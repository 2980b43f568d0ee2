-- One Mapbox vector tile of a layer: features (geometry already in Web Mercator) cut to the tile
-- with ST_AsMVTGeom; the jsonb column props becomes the features' properties. For communes at low
-- zoom, contours are first simplified to half a pixel (:tolerance, metres), which drops sub-pixel
-- communes instead of sending dust.
WITH bounds AS (SELECT ST_TileEnvelope(:z, :x, :y) AS env),
features AS (
    SELECT ST_AsMVTGeom(CASE WHEN :tolerance > 0 THEN ST_Simplify(src.geom, :tolerance) ELSE src.geom END,
                        bounds.env, 4096, 64, true) AS mvt_geom, src.props
    FROM ({source}) src, bounds
    WHERE src.geom && bounds.env
)
SELECT ST_AsMVT(features.*, :layer, 4096, 'mvt_geom') FROM features WHERE mvt_geom IS NOT NULL
