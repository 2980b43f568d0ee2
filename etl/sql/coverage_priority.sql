-- Priority of the QPV not covered (share < 0.5), from three components in 0-1:
--   population and poverty: percentile rank among all QPV of the list with a published figure
--   (national reference: a QPV's component does not move when another one gets covered);
--   distance: km to the nearest active territory of its health territory, capped at 50 km, / 50;
--   1 (the maximum) when that territory has no active council.
-- A missing figure leaves its component NULL. The stored score (equal weights) is only given to
-- complete QPV inside an ARS: the others are ranked apart (docs/coverage.md), never above them.
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
    priority_distance = CASE cq.distance_rule WHEN 'measured' THEN least(cq.distance_km, 50) / 50
                                              WHEN 'no_active_council' THEN 1 END,
    priority_score = CASE WHEN cq.status <> 'couvert' AND cq.distance_rule <> 'outside_ars'
                               AND r.population IS NOT NULL AND r.poverty IS NOT NULL THEN
        (r.population + r.poverty + CASE cq.distance_rule WHEN 'measured' THEN least(cq.distance_km, 50) / 50
                                                          ELSE 1 END) / 3
    END
FROM rank r
WHERE r.code = cq.qpv_code AND cq.qpv_code IN (SELECT qpv_code FROM scope_distance UNION SELECT qpv_code FROM scope_qpv);
