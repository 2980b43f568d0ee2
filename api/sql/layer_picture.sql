-- The map's national layers as one SVG picture, for a first view that draws one image instead of
-- ~2,100 interactive features: département and région outlines, council territories (class: status),
-- one point per QPV (class: coverage status, "top" among the :top first of the priority ranking).
-- Units are pixels of Web Mercator at :zoom from the frame's north-west corner, so the picture lies
-- 1:1 on a Leaflet map at that zoom (an ImageOverlay over the same frame); shapes are clipped to the
-- frame and simplified to half a pixel. Classes, not colours: whoever draws it styles it.
-- One path per layer and class: ~15 elements to parse, not ~1,900 (decoding: 130-180 -> 55 ms). A QPV
-- is a zero-length stroke of its class's paths, a dot where the stroke's round cap is drawn: one path
-- for the dot's edge ("qpv-edge"), one over it for its inside ("qpv"). Plain path data, which any SVG
-- renderer draws (the dashboard makes a PNG of it). Rings are turned one way, so shapes of one path
-- overlapping add up instead of cutting holes.
WITH frame AS (
    SELECT box, ST_XMin(box) AS x0, ST_YMax(box) AS y0, ST_XMax(box) - ST_XMin(box) AS w,
           ST_YMax(box) - ST_YMin(box) AS h,
           256 * power(2, CAST(:zoom AS float8)) / (2 * 20037508.342789244) AS k  -- pixels per metre
    FROM (SELECT ST_Transform(ST_MakeEnvelope(:west, :south, :east, :north, 4326), 3857) AS box) b
), shapes AS (
    SELECT 1 AS layer, 'departement' AS class, g.code AS key, ST_Transform(g.geom_display, 3857) AS geom
    FROM geo.departement g WHERE g.geom_display IS NOT NULL
    UNION ALL
    SELECT 3, 'region', g.code, ST_Transform(g.geom_display, 3857) FROM geo.region g WHERE g.geom_display IS NOT NULL
    UNION ALL
    SELECT 4, c.status, c.status || c.id, ST_Transform(cc.geom_display, 3857)  -- drawn in the layer's order
    FROM register.council c JOIN coverage.council cc ON cc.council_id = c.id WHERE cc.geom_display IS NOT NULL
    UNION ALL
    SELECT 5, r.status || CASE WHEN r.rank <= CAST(:top AS int) THEN ' top' ELSE '' END, q.code,
           ST_Transform(ST_PointOnSurface(q.geom), 3857)
    FROM geo.qpv q JOIN ({qpv_ranked}) r ON r.qpv_code = q.code
), drawn AS (
    SELECT s.layer, s.key, s.class,
           ST_Scale(ST_Translate(CASE WHEN s.layer = 5 THEN s.geom ELSE ST_ClipByBox2D(s.geom, f.box) END,
                                 -f.x0, -f.y0), f.k, f.k) AS px
    FROM shapes s CROSS JOIN frame f WHERE s.geom && f.box
), paths AS (
    SELECT layer, class, string_agg(CASE WHEN layer = 5
        THEN format('M%s %sh0', round(ST_X(px)::numeric, 1), round(-ST_Y(px)::numeric, 1))
        ELSE ST_AsSVG(ST_Simplify(ST_ForcePolygonCW(px), 0.5, true), 1, 1) END, ' ' ORDER BY key) AS d
    FROM drawn GROUP BY layer, class
), elements AS (  -- drawn in the layers' order; the flagged QPV last, over the others
    SELECT row_number() OVER (ORDER BY layer, class LIKE '% top', class) AS n, layer, class, d FROM paths
)
SELECT format('<svg xmlns="http://www.w3.org/2000/svg" width="%1$s" height="%2$s" viewBox="0 0 %1$s %2$s" '
              'data-version="%3$s" data-demo="%4$s">', round((f.w * f.k)::numeric, 1), round((f.h * f.k)::numeric, 1),
              CAST(:version AS text), CAST(:demo AS boolean)::text)
       || coalesce((SELECT string_agg(CASE WHEN layer = 5
              THEN format('<path class="qpv-edge %1$s" d="%2$s"/><path class="qpv %1$s" d="%2$s"/>', class, d)
              ELSE format('<path class="%s" d="%s"/>', class, d) END, '' ORDER BY n) FROM elements), '') || '</svg>'
FROM frame f
