-- Priority of the QPV not covered (share < 0.5), from three components in 0-1:
--   population and poverty: percentile rank among all QPV of the list with a published figure
--   (national reference: a QPV's component does not move when another one gets covered);
--   distance: km to the nearest active territory, capped at 50 km, divided by 50.
-- A missing figure leaves its component NULL and out of the mean: never counted as 0.
WITH rank AS (
    SELECT code,
           CASE WHEN population IS NOT NULL
                THEN percent_rank() OVER (PARTITION BY population IS NULL ORDER BY population) END AS population,
           CASE WHEN taux_pauvrete_60 IS NOT NULL
                THEN percent_rank() OVER (PARTITION BY taux_pauvrete_60 IS NULL ORDER BY taux_pauvrete_60) END AS poverty
    FROM geo.qpv_current  -- ranks within the current list only
)
UPDATE coverage.qpv cq
SET priority_population = r.population,
    priority_poverty = r.poverty,
    priority_distance = least(cq.distance_km, 50) / 50,
    priority_score = CASE WHEN cq.status <> 'couvert' THEN
        (coalesce(r.population, 0) + coalesce(r.poverty, 0) + coalesce(least(cq.distance_km, 50) / 50, 0))
        / nullif((r.population IS NOT NULL)::int + (r.poverty IS NOT NULL)::int + (cq.distance_km IS NOT NULL)::int, 0)
    END
FROM rank r
WHERE r.code = cq.qpv_code AND cq.qpv_code IN (SELECT qpv_code FROM scope_distance UNION SELECT qpv_code FROM scope_qpv);
