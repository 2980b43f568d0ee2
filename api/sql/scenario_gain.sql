-- Coverage gain of a candidate territory (read-only): base units of :units (communes expanded to
-- their arrondissements), the inhabitants not yet covered, and the QPV it would bring to >= 0.5.
WITH candidate AS (
    SELECT g.code FROM geo.commune g WHERE g.code = ANY (:units) AND g.is_base_unit
    UNION
    SELECT a.code FROM geo.commune a WHERE a.parent_code = ANY (:units) AND a.type = 'ARM'
), cand AS (
    SELECT u.unit_code, u.population, u.is_covered FROM candidate c JOIN coverage.unit u ON u.unit_code = c.code
), gain AS (
    SELECT qc.qpv_code, sum(qc.overlap_m2) AS new_m2
    FROM geo.qpv_commune qc JOIN cand ON cand.unit_code = qc.commune_code AND NOT cand.is_covered
    GROUP BY qc.qpv_code
)
SELECT json_build_object(
    'population_new', (SELECT coalesce(sum(population), 0) FROM cand WHERE NOT is_covered),
    'population_already_covered', (SELECT coalesce(sum(population), 0) FROM cand WHERE is_covered),
    'communes', (SELECT coalesce(json_agg(json_build_object('code', g.code, 'nom', g.nom, 'population', g.population,
                                                            'already_covered', cand.is_covered) ORDER BY g.code), '[]')
                 FROM cand JOIN geo.commune g ON g.code = cand.unit_code),
    'qpv_gained', (SELECT coalesce(json_agg(x ORDER BY x.population DESC NULLS LAST, x.code), '[]') FROM (
        SELECT q.code, q.nom, q.population, round(cq.share_active::numeric, 4) AS share_before,
               round(least(1, cq.share_active + gain.new_m2 / q.area_m2)::numeric, 4) AS share_after
        FROM gain JOIN geo.qpv q ON q.code = gain.qpv_code JOIN coverage.qpv cq ON cq.qpv_code = q.code
        WHERE cq.share_active < 0.5 AND cq.share_active + gain.new_m2 / q.area_m2 >= 0.5) x)
)::text
