-- (after a `figures` CTE: rows of coverage.figures_at) Figures on each day of the rows for the nation
-- (area 'FR': the sum of the région and apart rows) and every région: the yearly series, and on one
-- day the régions table.
, rows AS (
    SELECT day, CASE WHEN GROUPING(code) = 1 THEN 'FR' ELSE code END AS area,
           sum(councils_actif)::bigint AS councils_active, sum(councils_en_projet)::bigint AS councils_planned,
           sum(population)::bigint AS population, sum(population_covered)::bigint AS covered,
           sum(population_planned)::bigint AS planned, sum(qpv_couvert)::bigint AS qpv_couvert,
           sum(qpv_couvert_population)::bigint AS qpv_couvert_population, sum(qpv_total)::bigint AS qpv_total,
           sum(qpv_non_couvert)::bigint AS qpv_non_couvert, sum(qpv_prevu)::bigint AS qpv_prevu
    FROM figures WHERE level IN ('region', 'apart')
    GROUP BY GROUPING SETS ((day), (day, code))
)
SELECT area, day AS date, councils_active, councils_planned, population, covered AS population_covered,
       round(covered::numeric / nullif(population, 0), 4)::float8 AS population_share,
       round(councils_active * 100000.0 / nullif(population, 0), 3)::float8 AS councils_per_100k,
       planned AS population_planned, qpv_couvert, qpv_couvert_population, qpv_total, qpv_non_couvert, qpv_prevu
FROM rows WHERE area <> ''
ORDER BY area = 'FR' DESC, area, day
