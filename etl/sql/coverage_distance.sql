-- Distance (km, on the spheroid) from each QPV in scope to the nearest active council territory of
-- its own health territory (its région; an overseas collectivité on its own): never across seas.
-- 0 when the QPV overlaps an active territory, else measured from the QPV's point on surface. The
-- index orders candidates; they are measured on the display contours (off by at most their 0.01°
-- tolerance), and the near ones (< 3 km) again on the full contours. No active council in the
-- territory: distance NULL, rule 'no_active_council'; outside any ARS: 'outside_ars'.
WITH active AS (  -- territories with an active council: elsewhere the index would walk every council
    SELECT DISTINCT r.region_code FROM coverage.council cc JOIN register.council r ON r.id = cc.council_id
    WHERE r.status = 'actif'
)
UPDATE coverage.qpv cq
SET distance_km = d.km,
    distance_rule = CASE WHEN cq.health_territory IS NULL THEN 'outside_ars'
                         WHEN d.km IS NOT NULL THEN 'measured' ELSE 'no_active_council' END
FROM (
    SELECT p.code, CASE WHEN p.share_active > 0 THEN 0 WHEN p.territory IN (SELECT region_code FROM active) THEN (
        SELECT min(CASE WHEN c.rough < 3000 THEN ST_Distance(p.pt::geography, c.geom::geography)
                        ELSE c.rough END) / 1000
        FROM (SELECT cc.geom, ST_Distance(p.pt::geography, cc.geom_display::geography, false) AS rough
              FROM coverage.council cc
              JOIN register.council r ON r.id = cc.council_id AND r.status = 'actif'
              WHERE r.region_code = p.territory
              ORDER BY cc.geom <-> p.pt LIMIT 4) c
    ) END AS km
    FROM (SELECT q.code, cq2.health_territory AS territory, cq2.share_active, ST_PointOnSurface(q.geom) AS pt
          FROM geo.qpv q JOIN coverage.qpv cq2 ON cq2.qpv_code = q.code
          WHERE q.code IN (SELECT qpv_code FROM scope_distance)) p
    OFFSET 0  -- km computed once a QPV, not once for each use above
) d
WHERE cq.qpv_code = d.code;
