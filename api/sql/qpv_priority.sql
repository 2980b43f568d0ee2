-- The planner's table: QPV not couvert, ranked by Σ wᵢ·cᵢ / Σ wᵢ over the weighted components
-- (weights from the query). A QPV lacking a figure that a non-zero weight needs is "incomplete":
-- ranked after every complete one, whatever its score (docs/coverage.md). The rank is taken within
-- the area filter (région = the ARS, département, EPCI); the other filters only select rows. QPV
-- outside any ARS are never ranked: outside_ars lists them apart. Names and points are looked up
-- for the returned page only.
WITH scored AS (
    SELECT q.code, q.nom, q.departement_code, cq.ars_region_code AS region_code, q.population,
           q.taux_pauvrete_60, cq.distance_km, cq.distance_rule, cq.status, cq.share_active, cq.prevu,
           cq.planned_councils, cq.missing,
           cq.priority_population AS c_pop, cq.priority_poverty AS c_pov, cq.priority_distance AS c_dist,
           CASE WHEN cq.ars_region_code IS NULL THEN 'outside_ars'
                WHEN (:w_population > 0 AND cq.priority_population IS NULL)
                  OR (:w_poverty > 0 AND cq.priority_poverty IS NULL) THEN 'incomplete'
                ELSE 'complete' END AS completeness,
           nullif(:w_population * (cq.priority_population IS NOT NULL)::int
                  + :w_poverty * (cq.priority_poverty IS NOT NULL)::int
                  + :w_distance * (cq.priority_distance IS NOT NULL)::int, 0) AS w_sum
    FROM geo.qpv q JOIN coverage.qpv cq ON cq.qpv_code = q.code
    WHERE cq.status <> 'couvert'
      AND (cq.ars_region_code IS NULL) = CAST(:outside_ars AS boolean)
      AND (CAST(:region AS text) IS NULL OR cq.ars_region_code = :region)
      AND (CAST(:departement AS text) IS NULL OR q.departement_code = :departement)
      AND (CAST(:epci AS text) IS NULL OR q.code IN (
           SELECT qc.qpv_code FROM geo.qpv_commune qc JOIN geo.commune g ON g.code = qc.commune_code
           LEFT JOIN geo.commune p ON p.code = g.parent_code WHERE coalesce(g.epci_code, p.epci_code) = :epci))
), ranked AS (
    SELECT s.*, (:w_population * coalesce(c_pop, 0) + :w_poverty * coalesce(c_pov, 0)
                 + :w_distance * coalesce(c_dist, 0)) / w_sum AS score,
           CASE WHEN completeness <> 'outside_ars' THEN row_number() OVER (
               ORDER BY completeness = 'complete' DESC,
                        (:w_population * coalesce(c_pop, 0) + :w_poverty * coalesce(c_pov, 0)
                         + :w_distance * coalesce(c_dist, 0)) / w_sum DESC NULLS LAST, code) END AS rank
    FROM scored s
), filtered AS (
    SELECT r.*, count(*) OVER () AS total,
           CASE CAST(:sort_key AS text) WHEN 'population' THEN population WHEN 'poverty' THEN taux_pauvrete_60
                WHEN 'distance' THEN distance_km WHEN 'score' THEN score WHEN 'share' THEN share_active
                WHEN 'rank' THEN rank END AS sort_num,
           CASE CAST(:sort_key AS text) WHEN 'code' THEN code WHEN 'nom' THEN nom END AS sort_text
    FROM ranked r
    WHERE (CAST(:status AS text) IS NULL OR status = :status)
      AND (CAST(:prevu AS boolean) IS NULL OR prevu = :prevu)
      AND (CAST(:completeness AS text) IS NULL OR completeness = :completeness)
), selected AS (
    SELECT * FROM filtered
    ORDER BY CASE WHEN :descending THEN sort_num END DESC NULLS LAST,
             CASE WHEN NOT :descending THEN sort_num END NULLS LAST,
             CASE WHEN :descending THEN sort_text END DESC,
             CASE WHEN NOT :descending THEN sort_text END, rank, code
    LIMIT :limit OFFSET :offset
)
SELECT s.rank, s.code, s.nom,
       coalesce(n.communes, '[]') AS communes, coalesce(n.epci, '[]') AS epci,
       s.departement_code, d.nom AS departement_nom, s.region_code, r.nom AS region_nom,
       s.status, round(s.share_active::numeric, 4)::float8 AS share_active, s.prevu,
       (SELECT coalesce(json_agg(json_build_object('id', c.id, 'name', c.name) ORDER BY c.id), '[]')
        FROM register.council c WHERE c.id = ANY (s.planned_councils)) AS planned_councils,
       s.population, s.taux_pauvrete_60, round(s.distance_km::numeric, 2)::float8 AS distance_km, s.distance_rule,
       json_build_object('population', round(s.c_pop::numeric, 4), 'poverty', round(s.c_pov::numeric, 4),
                         'distance', round(s.c_dist::numeric, 4)) AS components,
       json_build_object('population', round((:w_population * s.c_pop / s.w_sum)::numeric, 4),
                         'poverty', round((:w_poverty * s.c_pov / s.w_sum)::numeric, 4),
                         'distance', round((:w_distance * s.c_dist / s.w_sum)::numeric, 4)) AS weighted,
       s.completeness, s.missing, round(s.score::numeric, 4)::float8 AS score,
       (SELECT json_build_array(round(ST_X(p)::numeric, 5), round(ST_Y(p)::numeric, 5))
        FROM (SELECT ST_PointOnSurface(geom_display) AS p FROM geo.qpv WHERE code = s.code) pt) AS point,
       s.total
FROM selected s
LEFT JOIN geo.departement d ON d.code = s.departement_code
LEFT JOIN geo.region r ON r.code = s.region_code
LEFT JOIN LATERAL (  -- an arrondissement counts for its commune
    SELECT jsonb_agg(DISTINCT jsonb_build_object('code', c.code, 'nom', c.nom)) AS communes,
           jsonb_agg(DISTINCT jsonb_build_object('code', e.code, 'nom', e.nom)) FILTER (WHERE e.code IS NOT NULL) AS epci
    FROM geo.qpv_commune qc JOIN geo.commune g ON g.code = qc.commune_code
    JOIN geo.commune c ON c.code = coalesce(g.parent_code, g.code)
    LEFT JOIN geo.epci e ON e.code = c.epci_code
    WHERE qc.qpv_code = s.code
) n ON true
ORDER BY CASE WHEN :descending THEN s.sort_num END DESC NULLS LAST,
         CASE WHEN NOT :descending THEN s.sort_num END NULLS LAST,
         CASE WHEN :descending THEN s.sort_text END DESC,
         CASE WHEN NOT :descending THEN s.sort_text END, s.rank, s.code
