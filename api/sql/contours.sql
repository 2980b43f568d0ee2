-- Contours of the communes (base units: arrondissements for Paris, Lyon, Marseille) and QPV meeting
-- a map view, for the map at city zoom: which communes a council covers, where each QPV lies.
WITH view AS (SELECT ST_MakeEnvelope(:west, :south, :east, :north, 4326) AS g),
communes AS (
    SELECT json_build_object('type', 'Feature', 'id', c.code,
               'geometry', ST_AsGeoJSON(c.geom_display, 5)::json,
               'properties', json_build_object('kind', 'commune', 'code', c.code, 'nom', c.nom,
                                               'covered', coalesce(u.is_covered, false))) AS f
    FROM geo.commune c LEFT JOIN coverage.unit u ON u.unit_code = c.code, view
    WHERE c.is_base_unit AND c.geom_display && view.g AND ST_Intersects(c.geom_display, view.g)
    LIMIT :limit
), qpv AS (
    SELECT json_build_object('type', 'Feature', 'id', q.code,
               'geometry', ST_AsGeoJSON(q.geom_display, 5)::json,
               'properties', json_build_object('kind', 'qpv', 'code', q.code, 'nom', q.nom, 'status', cq.status)) AS f
    FROM geo.qpv q JOIN coverage.qpv cq ON cq.qpv_code = q.code, view
    WHERE q.geom_display && view.g AND ST_Intersects(q.geom_display, view.g)
    LIMIT :limit
)
SELECT json_build_object('type', 'FeatureCollection', 'features',
                         (SELECT coalesce(json_agg(f), '[]') FROM (SELECT f FROM communes UNION ALL SELECT f FROM qpv) x)
                        )::text
