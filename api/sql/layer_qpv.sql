-- QPV with their coverage status and priority rank (qpv_ranked.sql).
-- Contours simplified to about 30 m, or one point per QPV for national maps (:as_points).
WITH ranked AS ({qpv_ranked})
SELECT json_build_object(
    'type', 'FeatureCollection', 'data_version', CAST(:version AS text), 'demo_data', CAST(:demo AS boolean),
    'features', coalesce(json_agg(json_build_object(
        'type', 'Feature', 'id', q.code,
        'geometry', ST_AsGeoJSON(CASE WHEN CAST(:as_points AS boolean) THEN ST_PointOnSurface(q.geom)
                                      ELSE ST_SimplifyPreserveTopology(q.geom_display, 0.0003) END, 4)::json,
        'properties', json_build_object('code', q.code, 'nom', q.nom, 'status', r.status, 'prevu', r.prevu,
                                        'population', q.population, 'share_active', round(r.share_active::numeric, 3),
                                        'priority_score', round(r.priority_score::numeric, 4), 'rank', r.rank))
        ORDER BY q.code), '[]'))::text
FROM geo.qpv q JOIN ranked r ON r.qpv_code = q.code
WHERE (CAST(:status AS text) IS NULL OR r.status = :status)
  AND (CAST(:region AS text) IS NULL OR r.ars_region_code = :region)  -- the ARS in charge, as every QPV count
  AND (CAST(:departement AS text) IS NULL OR q.departement_code = :departement)
  AND (CAST(:priority_top AS int) IS NULL OR r.rank <= :priority_top)
