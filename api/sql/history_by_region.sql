-- (after history_base.sql) One row of coverage figures per région on the one day of :days.
, units AS (
    SELECT region_code AS code, sum(population) AS population FROM geo.commune WHERE is_base_unit GROUP BY 1
), covered AS (
    SELECT region_code AS code, sum(population) FILTER (WHERE is_covered) AS covered,
           sum(population) FILTER (WHERE is_planned) AS planned
    FROM unit_figures GROUP BY 1
), councils AS (
    SELECT region_code AS code, count(*) FILTER (WHERE status = 'actif') AS active,
           count(*) FILTER (WHERE status = 'en_projet') AS planned
    FROM council_at GROUP BY 1
), qpv AS (
    SELECT region_code AS code, count(*) AS total, count(*) FILTER (WHERE status = 'couvert') AS couvert,
           count(*) FILTER (WHERE status = 'non_couvert') AS non_couvert, count(*) FILTER (WHERE prevu) AS prevu
    FROM qpv_at GROUP BY 1
)
SELECT r.code, r.nom,
       coalesce(u.population, 0) AS population,
       coalesce(cv.covered, 0) AS population_covered,
       round(coalesce(cv.covered, 0)::numeric / nullif(u.population, 0), 4)::float8 AS share_covered,
       coalesce(cv.planned, 0) AS population_planned,
       coalesce(c.active, 0) AS councils_active,
       coalesce(c.planned, 0) AS councils_planned,
       round(coalesce(c.active, 0) * 100000.0 / nullif(u.population, 0), 3)::float8 AS councils_per_100k,
       coalesce(q.total, 0) AS qpv_total, coalesce(q.couvert, 0) AS qpv_couvert,
       coalesce(q.non_couvert, 0) AS qpv_non_couvert, coalesce(q.prevu, 0) AS qpv_prevu
FROM geo.region r
LEFT JOIN units u ON u.code = r.code
LEFT JOIN covered cv ON cv.code = r.code
LEFT JOIN councils c ON c.code = r.code
LEFT JOIN qpv q ON q.code = r.code
ORDER BY r.code
