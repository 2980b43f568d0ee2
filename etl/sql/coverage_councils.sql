-- Councils in scope: size of the territory, QPV mostly inside it, territory union and a display
-- contour simplified in proportion to its size (keeps the national GeoJSON under 1 MB), and the
-- régions it counts in ('' = none), for the next incremental refresh.
INSERT INTO coverage.council (council_id, n_units, n_communes, population, n_qpv, qpv_population,
                              geom, geom_display, region_codes)
WITH units AS (
    SELECT cu.council_id, u.code, coalesce(u.parent_code, u.code) AS commune, u.population, u.geom, u.region_code
    FROM council_unit cu JOIN geo.commune u ON u.code = cu.unit_code
    WHERE cu.council_id IN (SELECT id FROM scope_council)
), qpv_share AS (
    SELECT un.council_id, q.code, q.population, sum(qc.overlap_m2) / q.area_m2 AS share
    FROM units un
    JOIN geo.qpv_commune qc ON qc.commune_code = un.code
    JOIN geo.qpv_current q ON q.code = qc.qpv_code
    GROUP BY un.council_id, q.code, q.population, q.area_m2
), shape AS (
    SELECT council_id, count(*) AS n_units, count(DISTINCT commune) AS n_communes,
           coalesce(sum(population), 0) AS population, ST_Multi(ST_Union(geom)) AS geom,
           array_agg(DISTINCT coalesce(region_code, '')) AS region_codes
    FROM units GROUP BY council_id
)
SELECT s.council_id, s.n_units, s.n_communes, s.population,
       coalesce(q.n_qpv, 0), coalesce(q.qpv_population, 0), s.geom,
       ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SimplifyPreserveTopology(
           s.geom, least(0.01, greatest(0.0005, sqrt(ST_Area(s.geom)) / 40)))), 3)),
       (SELECT array_agg(DISTINCT r) FROM unnest(s.region_codes || coalesce(c.region_code, '')) r)
FROM shape s
JOIN register.council c ON c.id = s.council_id
LEFT JOIN (
    SELECT council_id, count(*) AS n_qpv, coalesce(sum(population), 0) AS qpv_population
    FROM qpv_share WHERE coverage.qpv_status(share) = 'couvert' GROUP BY council_id
) q ON q.council_id = s.council_id;
