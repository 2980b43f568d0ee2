-- Coverage gain of a candidate territory (read-only): base units of :units (communes expanded to
-- their arrondissements), the inhabitants not yet covered, and every QPV whose status would change.
-- Before -> after in people, QPV and shares, for France and for each région (ARS) the candidate
-- touches; QPV counts are those of /coverage/summary (inside an ARS, uncovered = not couvert).
WITH candidate AS (
    SELECT g.code FROM geo.commune g WHERE g.code = ANY (:units) AND g.is_base_unit
    UNION
    SELECT a.code FROM geo.commune a WHERE a.parent_code = ANY (:units) AND a.type = 'ARM'
), cand AS (
    SELECT u.unit_code, u.population, u.is_covered, g.region_code
    FROM candidate c JOIN coverage.unit u ON u.unit_code = c.code JOIN geo.commune g ON g.code = c.code
), gain AS (
    SELECT qc.qpv_code, sum(qc.overlap_m2) AS new_m2
    FROM geo.qpv_commune qc JOIN cand ON cand.unit_code = qc.commune_code AND NOT cand.is_covered
    GROUP BY qc.qpv_code
), moved AS (
    SELECT q.code, q.nom, q.population, cq.ars_region_code, cq.status AS status_before, cq.share_active AS before,
           least(1, cq.share_active + gain.new_m2 / q.area_m2) AS after
    FROM gain JOIN geo.qpv q ON q.code = gain.qpv_code JOIN coverage.qpv cq ON cq.qpv_code = q.code
), changed AS (
    SELECT m.*, coverage.qpv_status(after) AS status_after  -- the one rule (migration 0016)
    FROM moved m
), areas AS (  -- France (code NULL) and the régions the candidate touches
    SELECT NULL::text AS code, 'France' AS nom
    UNION ALL
    SELECT r.code, r.nom FROM geo.region r WHERE r.code IN (SELECT region_code FROM cand)
), figures AS (
    SELECT a.code, a.nom,
           (SELECT sum(u.population) FROM coverage.unit u JOIN geo.commune g ON g.code = u.unit_code
            WHERE a.code IS NULL OR g.region_code = a.code) AS population,
           (SELECT sum(u.population) FROM coverage.unit u JOIN geo.commune g ON g.code = u.unit_code
            WHERE u.is_covered AND (a.code IS NULL OR g.region_code = a.code)) AS covered,
           (SELECT coalesce(sum(population), 0) FROM cand WHERE NOT is_covered AND (a.code IS NULL OR region_code = a.code))
               AS gained,
           (SELECT count(*) FROM coverage.qpv cq WHERE cq.ars_region_code IS NOT NULL
                AND (a.code IS NULL OR cq.ars_region_code = a.code) AND cq.status = 'couvert') AS couvert,
           (SELECT count(*) FROM coverage.qpv cq WHERE cq.ars_region_code IS NOT NULL
                AND (a.code IS NULL OR cq.ars_region_code = a.code)) AS qpv_total,
           (SELECT count(*) FROM changed c WHERE c.status_after = 'couvert' AND c.status_before <> 'couvert'
                AND c.ars_region_code IS NOT NULL AND (a.code IS NULL OR c.ars_region_code = a.code)) AS newly_couvert
    FROM areas a
)
SELECT json_build_object(
    'population_new', (SELECT coalesce(sum(population), 0) FROM cand WHERE NOT is_covered),
    'population_already_covered', (SELECT coalesce(sum(population), 0) FROM cand WHERE is_covered),
    'communes', (SELECT coalesce(json_agg(json_build_object('code', g.code, 'nom', g.nom, 'population', g.population,
                                                            'already_covered', cand.is_covered) ORDER BY g.code), '[]')
                 FROM cand JOIN geo.commune g ON g.code = cand.unit_code),
    'qpv_gained', (SELECT coalesce(json_agg(json_build_object('code', code, 'nom', nom, 'population', population,
                                                              'share_before', round(before::numeric, 4),
                                                              'share_after', round(after::numeric, 4))
                                            ORDER BY population DESC NULLS LAST, code), '[]')
                   FROM changed WHERE status_before <> 'couvert' AND status_after = 'couvert'),
    'qpv_changed', (SELECT coalesce(json_agg(json_build_object(
                        'code', code, 'nom', nom, 'population', population,
                        'share_before', round(before::numeric, 4), 'share_after', round(after::numeric, 4),
                        'status_before', status_before, 'status_after', status_after)
                        ORDER BY population DESC NULLS LAST, code), '[]')
                    FROM changed WHERE status_before <> status_after),
    'areas', (SELECT json_agg(json_build_object(
                  'code', code, 'nom', nom, 'population', population,
                  'covered_before', covered, 'covered_after', covered + gained,
                  'share_before', round(covered::numeric / nullif(population, 0), 4),
                  'share_after', round((covered + gained)::numeric / nullif(population, 0), 4),
                  'qpv_total', qpv_total, 'qpv_couvert_before', couvert, 'qpv_couvert_after', couvert + newly_couvert,
                  'qpv_uncovered_before', qpv_total - couvert, 'qpv_uncovered_after', qpv_total - couvert - newly_couvert)
                  ORDER BY code NULLS FIRST) FROM figures)
)::text
