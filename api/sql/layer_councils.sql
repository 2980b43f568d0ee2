-- Council territories as a GeoJSON FeatureCollection, simplified by :tolerance (degrees).
SELECT json_build_object(
    'type', 'FeatureCollection', 'data_version', CAST(:version AS text), 'demo_data', CAST(:demo AS boolean),
    'features', coalesce(json_agg(json_build_object(
        'type', 'Feature', 'id', c.id,
        'geometry', ST_AsGeoJSON(CASE WHEN CAST(:tolerance AS float8) > 0
                                      THEN ST_SimplifyPreserveTopology(cc.geom_display, :tolerance)
                                      ELSE cc.geom_display END, 4)::json,
        'properties', json_build_object('id', c.id, 'name', c.name, 'status', c.status, 'scale', c.scale,
                                        'population', cc.population, 'fte', c.fte, 'demo', c.demo))
        ORDER BY c.status, c.id), '[]'))::text
FROM register.council c JOIN coverage.council cc ON cc.council_id = c.id
WHERE cc.geom_display IS NOT NULL
  AND (CAST(:status AS text) IS NULL OR c.status = :status)
  AND (CAST(:region AS text) IS NULL OR c.region_code = :region)
