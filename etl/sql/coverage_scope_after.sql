-- Incremental refresh, after the councils' new territories are in: the QPV whose nearest active
-- territory may have changed: those within their current distance of a changed council's old or
-- new territory (the bounding-box filter is generous: one degree is at least 60 km below 57°N;
-- display contours are within 0.01°, about 1.1 km, of the full ones).
CREATE TEMP TABLE changed_geom ON COMMIT DROP AS
SELECT geom FROM old_geom
UNION ALL
SELECT cc.geom_display FROM coverage.council cc JOIN register.council r ON r.id = cc.council_id
WHERE r.status = 'actif' AND cc.council_id IN (SELECT id FROM scope_council);
CREATE TEMP TABLE scope_distance ON COMMIT DROP AS
SELECT qpv_code FROM scope_qpv
UNION
SELECT cq.qpv_code
FROM coverage.qpv cq JOIN geo.qpv q ON q.code = cq.qpv_code
WHERE cq.distance_km IS NULL
   OR EXISTS (
        SELECT 1 FROM changed_geom g
        WHERE q.geom && ST_Expand(g.geom, cq.distance_km / 60.0 + 0.01)
          AND ST_DWithin(ST_PointOnSurface(q.geom)::geography, g.geom::geography, cq.distance_km * 1000 + 1200));
