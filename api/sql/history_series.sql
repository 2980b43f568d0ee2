-- (after history_base.sql) Yearly series on each of :days: councils active / en_projet, population
-- covered and share, QPV couvert; one pass for the nation (area 'FR') and every région (area = its
-- code), or for one région when :region is given. Totals come from geo.region (sums of base units).
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
           sum(population) FILTER (WHERE is_covered) AS covered
    FROM unit_figures WHERE CAST(:region AS text) IS NULL OR region_code = :region
    GROUP BY GROUPING SETS ((region_code, day), (day))
), qpv AS (
    SELECT CASE WHEN GROUPING(region_code) = 1 THEN 'FR' ELSE region_code END AS area, day, count(*) AS total,
           count(*) FILTER (WHERE status = 'couvert') AS couvert,
           sum(population) FILTER (WHERE status = 'couvert') AS couvert_population
    FROM qpv_at WHERE CAST(:region AS text) IS NULL OR region_code = :region
    GROUP BY GROUPING SETS ((region_code, day), (day))
)
SELECT a.area, d.day AS date, coalesce(c.active, 0) AS councils_active, coalesce(c.planned, 0) AS councils_planned,
       coalesce(cv.covered, 0) AS population_covered,
       round(coalesce(cv.covered, 0)::numeric / nullif(a.population, 0), 4)::float8 AS population_share,
       coalesce(q.couvert, 0) AS qpv_couvert, coalesce(q.couvert_population, 0) AS qpv_couvert_population,
       coalesce(q.total, 0) AS qpv_total
FROM area a CROSS JOIN days d
LEFT JOIN councils c ON c.area = a.area AND c.day = d.day
LEFT JOIN covered cv ON cv.area = a.area AND cv.day = d.day
LEFT JOIN qpv q ON q.area = a.area AND q.day = d.day
ORDER BY a.area = 'FR' DESC, a.area, d.day
