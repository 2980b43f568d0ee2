-- (after history_base.sql) Yearly series for the nation (:region NULL) or one région: councils
-- active / en_projet, population covered and share, QPV couvert on each of :days.
, total AS (
    SELECT coalesce(sum(population), 0) AS population FROM geo.commune
    WHERE is_base_unit AND (CAST(:region AS text) IS NULL OR region_code = :region)
), councils AS (
    SELECT day, count(*) FILTER (WHERE status = 'actif') AS active,
           count(*) FILTER (WHERE status = 'en_projet') AS planned
    FROM council_at WHERE CAST(:region AS text) IS NULL OR region_code = :region GROUP BY day
), covered AS (
    SELECT day, sum(population) FILTER (WHERE is_covered) AS covered
    FROM unit_figures WHERE CAST(:region AS text) IS NULL OR region_code = :region GROUP BY day
), qpv AS (
    SELECT day, count(*) AS total, count(*) FILTER (WHERE status = 'couvert') AS couvert,
           sum(population) FILTER (WHERE status = 'couvert') AS couvert_population
    FROM qpv_at WHERE CAST(:region AS text) IS NULL OR region_code = :region GROUP BY day
)
SELECT d.day AS date, coalesce(c.active, 0) AS councils_active, coalesce(c.planned, 0) AS councils_planned,
       coalesce(cv.covered, 0) AS population_covered,
       round(coalesce(cv.covered, 0)::numeric / nullif(t.population, 0), 4)::float8 AS population_share,
       coalesce(q.couvert, 0) AS qpv_couvert, coalesce(q.couvert_population, 0) AS qpv_couvert_population,
       coalesce(q.total, 0) AS qpv_total
FROM days d CROSS JOIN total t
LEFT JOIN councils c ON c.day = d.day
LEFT JOIN covered cv ON cv.day = d.day
LEFT JOIN qpv q ON q.day = d.day
ORDER BY d.day
