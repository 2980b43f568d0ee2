-- Populations summed over communes (COM only: arrondissements are inside them); contours as
-- unions of member communes, simplified for national maps. Régions are unions of départements.
-- Runs beside geography_epci.sql on a second connection.
UPDATE geo_stage.departement d
SET population = s.population, geom = s.geom
FROM (
    SELECT departement_code, sum(population) AS population, ST_Multi(ST_Union(geom)) AS geom
    FROM geo_stage.commune WHERE type = 'COM' GROUP BY departement_code
) s
WHERE d.code = s.departement_code;

UPDATE geo_stage.region r
SET population = s.population, geom = s.geom
FROM (
    SELECT region_code, sum(population) AS population, ST_Multi(ST_Union(geom)) AS geom
    FROM geo_stage.departement GROUP BY region_code
) s
WHERE r.code = s.region_code;

UPDATE geo_stage.departement SET area_m2 = ST_Area(geom::geography),
    geom_display = ST_Multi(ST_SimplifyPreserveTopology(geom, 0.01)) WHERE geom IS NOT NULL;
UPDATE geo_stage.region SET area_m2 = ST_Area(geom::geography),
    geom_display = ST_Multi(ST_SimplifyPreserveTopology(geom, 0.02)) WHERE geom IS NOT NULL;
