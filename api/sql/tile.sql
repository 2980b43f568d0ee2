-- One Mapbox vector tile of a layer. {shapes} gives (code, geom) in Web Mercator: for communes and
-- QPV at zoom 5-9 the shapes prepared at load (geo.tile_shape, simplified to half a pixel of that
-- zoom), otherwise the display contours, simplified on the fly when :simplify (communes below
-- zoom 5: sub-pixel communes vanish instead of sending dust). Shapes are cut first (MATERIALIZED:
-- ST_AsMVTGeom runs once per feature), then {props} (code, props) is joined by code: its jsonb
-- becomes the features' properties.
WITH bounds AS (SELECT ST_TileEnvelope(:z, :x, :y) AS env),
shapes AS MATERIALIZED (
    SELECT s.code, ST_AsMVTGeom(CASE WHEN :simplify THEN ST_Simplify(s.geom, geo.tile_tolerance(:z)) ELSE s.geom END,
                                bounds.env, 4096, 64, true) AS mvt_geom
    FROM ({shapes}) s, bounds
    WHERE s.geom && bounds.env
)
SELECT ST_AsMVT(f.*, :layer, 4096, 'mvt_geom')
FROM (SELECT shapes.mvt_geom, p.props FROM shapes JOIN ({props}) p ON p.code = shapes.code
      WHERE shapes.mvt_geom IS NOT NULL) f
