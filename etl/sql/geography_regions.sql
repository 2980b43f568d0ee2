-- Régions: unions of their départements (after every geography_departements.sql lane).
UPDATE geo_stage.region r
SET population = s.population, geom = s.geom, area_m2 = ST_Area(s.geom::geography),
    geom_display = ST_Multi(ST_SimplifyPreserveTopology(s.geom, 0.02))
FROM (
    SELECT region_code, sum(population) AS population, ST_Multi(ST_Union(geom)) AS geom
    FROM geo_stage.departement GROUP BY region_code
) s
WHERE r.code = s.region_code;
