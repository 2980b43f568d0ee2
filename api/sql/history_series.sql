-- (after history_base.sql) Coverage figures on each of :days, for the nation (area 'FR') and every
-- région (area = its code) in one pass, or for one région when :region is given: the yearly series,
-- and on one day the régions table. Totals come from geo.region (sums of base units).
, area AS (
    SELECT 'FR' AS area, sum(population) AS population FROM geo.region WHERE CAST(:region AS text) IS NULL
    UNION ALL
    SELECT code, population FROM geo.region WHERE CAST(:region AS text) IS NULL OR code = :region
), councils AS (
    SELECT CASE WHEN GROUPING(region_code) = 1 THEN 'FR' ELSE region_code END AS area, day,
           count(*) FILTER (WHERE status = 'actif') AS active, count(*) FILTER (WHERE status = 'en_projet') AS planned
    FROM council_at WHERE CAST(:region AS text) IS NULL OR region_code = :region
    GROUP BY GROUPING SETS ((region_code, day), (day))
), covered AS (
    SELECT CASE WHEN GROUPING(region_code) = 1 THEN 'FR' ELSE region_code END AS area, day,
           sum(population) FILTER (WHERE is_covered) AS covered, sum(population) FILTER (WHERE is_planned) AS planned
    FROM unit_figures WHERE CAST(:region AS text) IS NULL OR region_code = :region
    GROUP BY GROUPING SETS ((region_code, day), (day))
), qpv AS (
    SELECT CASE WHEN GROUPING(region_code) = 1 THEN 'FR' ELSE region_code END AS area, day, count(*) AS total,
           count(*) FILTER (WHERE status = 'couvert' AND NOT outside_ars) AS couvert,
           sum(population) FILTER (WHERE status = 'couvert' AND NOT outside_ars) AS couvert_population,
           count(*) FILTER (WHERE status = 'non_couvert' AND NOT outside_ars) AS non_couvert,
           count(*) FILTER (WHERE prevu AND NOT outside_ars) AS prevu
    FROM qpv_at WHERE CAST(:region AS text) IS NULL OR region_code = :region
    GROUP BY GROUPING SETS ((region_code, day), (day))
)
SELECT a.area, d.day AS date, coalesce(c.active, 0) AS councils_active, coalesce(c.planned, 0) AS councils_planned,
       coalesce(a.population, 0) AS population, coalesce(cv.covered, 0) AS population_covered,
       round(coalesce(cv.covered, 0)::numeric / nullif(a.population, 0), 4)::float8 AS population_share,
       round(coalesce(c.active, 0) * 100000.0 / nullif(a.population, 0), 3)::float8 AS councils_per_100k,
       coalesce(cv.planned, 0) AS population_planned,
       coalesce(q.couvert, 0) AS qpv_couvert, coalesce(q.couvert_population, 0) AS qpv_couvert_population,
       coalesce(q.total, 0) AS qpv_total, coalesce(q.non_couvert, 0) AS qpv_non_couvert,
       coalesce(q.prevu, 0) AS qpv_prevu
FROM area a CROSS JOIN days d
LEFT JOIN councils c ON c.area = a.area AND c.day = d.day
LEFT JOIN covered cv ON cv.area = a.area AND cv.day = d.day
LEFT JOIN qpv q ON q.area = a.area AND q.day = d.day
ORDER BY a.area = 'FR' DESC, a.area, d.day
