-- Councils and QPV whose contours meet the map's view (west, south, east, north): the map's table
-- alternative. Biggest first; :limit of each, with the number of each in view.
WITH view AS (SELECT ST_MakeEnvelope(:west, :south, :east, :north, 4326) AS g),
councils AS (
    SELECT c.id, c.name, c.status, cc.population, count(*) OVER () AS n
    FROM register.council c JOIN coverage.council cc ON cc.council_id = c.id, view
    WHERE cc.geom_display && view.g AND ST_Intersects(cc.geom_display, view.g)
    ORDER BY cc.population DESC NULLS LAST, c.id LIMIT :limit
), qpv AS (
    SELECT q.code, q.nom, cq.status, q.population, count(*) OVER () AS n
    FROM geo.qpv q JOIN coverage.qpv cq ON cq.qpv_code = q.code, view
    WHERE q.geom && view.g AND ST_Intersects(q.geom, view.g)
    ORDER BY q.population DESC NULLS LAST, q.code LIMIT :limit
)
SELECT json_build_object(
    'councils', (SELECT coalesce(json_agg(json_build_object('id', id, 'name', name, 'status', status,
                                                             'population', population)), '[]') FROM councils),
    'councils_total', coalesce((SELECT max(n) FROM councils), 0),
    'qpv', (SELECT coalesce(json_agg(json_build_object('code', code, 'nom', nom, 'status', status,
                                                        'population', population)), '[]') FROM qpv),
    'qpv_total', coalesce((SELECT max(n) FROM qpv), 0))::text
