-- QPV with their coverage, filtered. The région is the ARS in charge (coverage.qpv.ars_region_code:
-- Saint-Martin's QPV belong to 01); :outside_ars true/false selects the QPV outside any ARS or not.
SELECT q.code, q.nom, q.liste, q.departement_code, cq.ars_region_code AS region_code, q.population,
       q.taux_pauvrete_60, q.taux_emploi,
       (SELECT coalesce(array_agg(qc.commune_code ORDER BY qc.commune_code), '{}') FROM geo.qpv_commune qc
        JOIN geo.commune g ON g.code = qc.commune_code WHERE qc.qpv_code = q.code AND g.type = 'COM') AS communes,
       round(cq.share_active::numeric, 4)::float8 AS share_active, cq.status, cq.prevu,
       cq.active_councils, cq.planned_councils, round(cq.distance_km::numeric, 2)::float8 AS distance_km,
       count(*) OVER () AS total
FROM geo.qpv q JOIN coverage.qpv cq ON cq.qpv_code = q.code
WHERE (CAST(:status AS text) IS NULL OR cq.status = :status)
  AND (CAST(:prevu AS boolean) IS NULL OR cq.prevu = :prevu)
  AND (CAST(:region AS text) IS NULL OR cq.ars_region_code = :region)
  AND (CAST(:outside_ars AS boolean) IS NULL OR (cq.ars_region_code IS NULL) = :outside_ars)
  AND (CAST(:departement AS text) IS NULL OR q.departement_code = :departement)
  AND (CAST(:commune AS text) IS NULL OR EXISTS (
       SELECT 1 FROM geo.qpv_commune qc JOIN geo.commune g ON g.code = qc.commune_code
       WHERE qc.qpv_code = q.code AND (g.code = :commune OR g.parent_code = :commune)))
ORDER BY q.code
LIMIT :limit OFFSET :offset
