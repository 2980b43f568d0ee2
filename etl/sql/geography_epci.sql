-- EPCI: population summed over member communes, contour as their union, simplified for maps.
-- Runs beside geography_departements.sql on a second connection (two cores).
UPDATE geo_stage.epci e
SET population = s.population, n_communes = s.n, geom = s.geom, area_m2 = ST_Area(s.geom::geography),
    geom_display = ST_Multi(ST_SimplifyPreserveTopology(s.geom, 0.001))
FROM (
    SELECT epci_code, sum(population) AS population, count(*) AS n, ST_Multi(ST_Union(geom)) AS geom
    FROM geo_stage.commune WHERE type = 'COM' AND epci_code IS NOT NULL GROUP BY epci_code
) s
WHERE e.code = s.epci_code;

