-- Names of the communes of at least :min_population inhabitants, as label points for the map, each
-- with the zoom from which it is worth showing (the bigger the city, the earlier).
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
    'type', 'Feature', 'id', c.code,
    'geometry', ST_AsGeoJSON(ST_PointOnSurface(c.geom_display), 4)::json,
    'properties', json_build_object('code', c.code, 'nom', c.nom, 'population', c.population,
                                    'minzoom', CASE WHEN c.population >= 150000 THEN 6
                                                    WHEN c.population >= 50000 THEN 8 ELSE 10 END))
    ORDER BY c.population DESC), '[]'))::text
FROM geo.commune c
WHERE c.type = 'COM' AND c.population >= :min_population AND c.geom_display IS NOT NULL
