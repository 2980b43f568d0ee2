-- Uncovered QPV (not couvert) ranked by priority: weighted mean of the known components (a
-- component INSEE does not publish is left out, never counted as 0). Weights come from the query.
WITH scored AS (
    SELECT q.code, q.nom, q.departement_code, q.region_code, q.population, q.taux_pauvrete_60,
           round(cq.distance_km::numeric, 2)::float8 AS distance_km, cq.status, cq.prevu,
           cq.priority_population, cq.priority_poverty, cq.priority_distance,
           (:w_population * coalesce(cq.priority_population, 0) + :w_poverty * coalesce(cq.priority_poverty, 0)
            + :w_distance * coalesce(cq.priority_distance, 0))
           / nullif(:w_population * (cq.priority_population IS NOT NULL)::int
                    + :w_poverty * (cq.priority_poverty IS NOT NULL)::int
                    + :w_distance * (cq.priority_distance IS NOT NULL)::int, 0) AS score
    FROM geo.qpv q JOIN coverage.qpv cq ON cq.qpv_code = q.code
    WHERE cq.status <> 'couvert'
      AND (CAST(:region AS text) IS NULL OR q.region_code = :region)
      AND (CAST(:departement AS text) IS NULL OR q.departement_code = :departement)
)
SELECT row_number() OVER (ORDER BY score DESC NULLS LAST, code) AS rank, code, nom, departement_code,
       region_code, population, taux_pauvrete_60, distance_km, status, prevu,
       json_build_object('population', round(priority_population::numeric, 4),
                         'poverty', round(priority_poverty::numeric, 4),
                         'distance', round(priority_distance::numeric, 4)) AS components,
       round(score::numeric, 4)::float8 AS score, count(*) OVER () AS total
FROM scored
ORDER BY rank
LIMIT :limit OFFSET :offset
