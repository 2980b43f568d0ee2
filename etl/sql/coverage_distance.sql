-- Distance (km, on the spheroid) from each QPV in scope to the nearest active council territory:
-- 0 when the QPV overlaps one, else measured from the QPV's point on surface. The index orders
-- candidates; they are measured on the display contours (off by at most their 0.01° tolerance),
-- and the near ones (< 3 km) again on the full contours.
UPDATE coverage.qpv cq
SET distance_km = CASE WHEN cq.share_active > 0 THEN 0 ELSE d.km END
FROM (
    SELECT p.code, (
        SELECT min(CASE WHEN c.rough < 3000 THEN ST_Distance(p.pt::geography, c.geom::geography)
                        ELSE c.rough END) / 1000
        FROM (SELECT cc.geom, ST_Distance(p.pt::geography, cc.geom_display::geography, false) AS rough
              FROM coverage.council cc
              JOIN register.council r ON r.id = cc.council_id AND r.status = 'actif'
              ORDER BY cc.geom <-> p.pt LIMIT 4) c
    ) AS km
    FROM (SELECT code, ST_PointOnSurface(geom) AS pt FROM geo.qpv
          WHERE code IN (SELECT qpv_code FROM scope_distance)) p
) d
WHERE cq.qpv_code = d.code;
