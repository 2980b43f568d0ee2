-- QPV in scope: share of the QPV's area inside active territories (and counting councils
-- en_projet), as sums of the precomputed overlaps with base units: no geometry work here.
INSERT INTO coverage.qpv AS cur (qpv_code, share_active, share_with_planned, status, prevu,
                                 active_councils, planned_councils)
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
           least(1.0, coalesce(o.planned_m2, 0) / q.area_m2) AS planned
    FROM geo.qpv_current q LEFT JOIN overlap o ON o.qpv_code = q.code
    WHERE q.code IN (SELECT qpv_code FROM scope_qpv)
)
SELECT s.code, s.active, s.planned,
       coverage.qpv_status(s.active), coverage.qpv_prevu(s.active, s.planned),  -- rules: migration 0016
       coalesce(c.active, '{}'), coalesce(c.planned, '{}')
FROM share s LEFT JOIN councils c ON c.qpv_code = s.code
ON CONFLICT (qpv_code) DO UPDATE SET
    share_active = EXCLUDED.share_active, share_with_planned = EXCLUDED.share_with_planned,
    status = EXCLUDED.status, prevu = EXCLUDED.prevu,
    active_councils = EXCLUDED.active_councils, planned_councils = EXCLUDED.planned_councils;
