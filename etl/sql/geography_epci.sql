-- EPCI: population summed over member communes, contour as the union of its pieces (most EPCI
-- lie in one département: their one piece is their contour), simplified for maps.
-- Runs once every piece is made, beside the départements (geography.py).
UPDATE geo_stage.epci e
SET population = s.population, n_communes = s.n, geom = s.geom, area_m2 = ST_Area(s.geom::geography),
    geom_display = ST_Multi(ST_SimplifyPreserveTopology(s.geom, 0.001))
FROM (
    SELECT epci_code, sum(population) AS population, sum(n_communes) AS n,
           ST_Multi(coalesce(ST_Union(geom) FILTER (WHERE pieces > 1), (array_agg(geom))[1])) AS geom
    FROM (SELECT *, count(*) OVER (PARTITION BY epci_code) AS pieces FROM geo_stage.commune_piece
          WHERE epci_code IS NOT NULL) p
    GROUP BY epci_code
) s
WHERE e.code = s.epci_code;
