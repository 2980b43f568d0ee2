-- Populations summed over communes (COM only: arrondissements are inside them); contours as
-- unions of their pieces (geography_raw.sql), simplified for national maps. Régions are unions of
-- départements. Area and display version in the same UPDATE as the contour.
-- Runs beside geography_epci.sql on a second connection.
UPDATE geo_stage.departement d
SET population = s.population, geom = s.geom, area_m2 = ST_Area(s.geom::geography),
    geom_display = ST_Multi(ST_SimplifyPreserveTopology(s.geom, 0.01))
FROM (
    SELECT departement_code, sum(population) AS population, ST_Multi(ST_Union(geom)) AS geom
    FROM geo_stage.commune_piece GROUP BY departement_code
) s
WHERE d.code = s.departement_code;

UPDATE geo_stage.region r
SET population = s.population, geom = s.geom, area_m2 = ST_Area(s.geom::geography),
    geom_display = ST_Multi(ST_SimplifyPreserveTopology(s.geom, 0.02))
FROM (
    SELECT region_code, sum(population) AS population, ST_Multi(ST_Union(geom)) AS geom
    FROM geo_stage.departement GROUP BY region_code
) s
WHERE r.code = s.region_code;
