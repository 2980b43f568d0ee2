-- Incremental refresh, after the councils' new territories are in: the QPV whose nearest active
-- territory may have changed, i.e. those that may lie within their current distance of a changed
-- council's old or new territory, or with none measured when a changed council is actif in theirs.
-- A generous superset is enough (coverage_distance.sql measures them), so two cheap tests decide:
-- bounding boxes (one degree is at least 60 km below 57°N) and a lower bound from the circle around
-- the territory's bounding box (one degree is at most 112 km), +1.2 km because the display contours
-- used are within 0.01° of the full ones.
CREATE TEMP TABLE changed_geom ON COMMIT DROP AS
SELECT box, ST_Centroid(box)::geography AS centre,
       sqrt((ST_XMax(box) - ST_XMin(box)) ^ 2 + (ST_YMax(box) - ST_YMin(box)) ^ 2) / 2 * 112 AS radius_km
FROM (SELECT ST_Envelope(geom) AS box FROM old_geom
      UNION ALL
      SELECT ST_Envelope(cc.geom_display)
      FROM coverage.council cc JOIN register.council r ON r.id = cc.council_id
      WHERE r.status = 'actif' AND cc.council_id IN (SELECT id FROM scope_council)) g;

CREATE TEMP TABLE scope_distance ON COMMIT DROP AS
SELECT qpv_code FROM scope_qpv
UNION
SELECT cq.qpv_code
FROM coverage.qpv cq JOIN geo.qpv q ON q.code = cq.qpv_code
WHERE (cq.distance_km IS NULL  -- none measured: only a changed council now actif in its territory gives one
       AND cq.health_territory IN (SELECT region_code FROM register.council
                                   WHERE status = 'actif' AND id IN (SELECT id FROM scope_council)))
   OR EXISTS (
        SELECT 1 FROM changed_geom g
        WHERE CASE WHEN NOT q.geom && ST_Expand(g.box, cq.distance_km / 60.0 + 0.02) THEN false
                   ELSE ST_Distance(ST_PointOnSurface(q.geom)::geography, g.centre, false) / 1000 * 0.99
                        - g.radius_km <= cq.distance_km + 1.2 END);
