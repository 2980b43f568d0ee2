-- QPV touched by one council's territory, with the share of each QPV inside it. A territory
-- naming Paris/Lyon/Marseille counts as their arrondissements (base units), never both.
WITH units AS (
    SELECT g.code FROM register.territory t JOIN geo.commune g ON g.code = t.commune_code
    WHERE t.council_id = :id AND g.is_base_unit
    UNION
    SELECT a.code FROM register.territory t JOIN geo.commune a ON a.parent_code = t.commune_code
    WHERE t.council_id = :id AND a.type = 'ARM'
)
SELECT q.code, q.nom, q.population,
       round(least(1, sum(qc.overlap_m2) / q.area_m2)::numeric, 4)::float8 AS share
FROM units u JOIN geo.qpv_commune qc ON qc.commune_code = u.code JOIN geo.qpv q ON q.code = qc.qpv_code
GROUP BY q.code, q.nom, q.population, q.area_m2
ORDER BY share DESC, q.code
