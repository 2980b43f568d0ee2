-- Per région: share of inhabitants covered in rural communes and in dense or intermediate ones.
WITH by_class AS (
    SELECT g.region_code, g.density_class = 'rural' AS rural,
           sum(u.population) AS population, sum(u.population) FILTER (WHERE u.is_covered) AS covered
    FROM coverage.unit u JOIN geo.commune g ON g.code = u.unit_code
    WHERE g.density_class IS NOT NULL
    GROUP BY 1, 2
)
SELECT r.code, r.nom,
       coalesce(ru.population, 0) AS rural_population, coalesce(ru.covered, 0) AS rural_covered,
       round(coalesce(ru.covered, 0)::numeric / nullif(ru.population, 0), 4)::float8 AS rural_share_covered,
       coalesce(ur.population, 0) AS urban_population, coalesce(ur.covered, 0) AS urban_covered,
       round(coalesce(ur.covered, 0)::numeric / nullif(ur.population, 0), 4)::float8 AS urban_share_covered,
       round((coalesce(ru.covered, 0)::numeric / nullif(ru.population, 0))
             - (coalesce(ur.covered, 0)::numeric / nullif(ur.population, 0)), 4)::float8 AS rural_gap
FROM geo.region r
LEFT JOIN by_class ru ON ru.region_code = r.code AND ru.rural
LEFT JOIN by_class ur ON ur.region_code = r.code AND NOT ur.rural
ORDER BY r.code
