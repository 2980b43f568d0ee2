-- Communes nouvelles without a contour of their own: the union of their delegated communes.
UPDATE geo_stage.commune c
SET geom = u.geom, contour_origin = 'union_delegated', area_m2 = ST_Area(u.geom::geography),
    geom_display = ST_Multi(ST_SimplifyPreserveTopology(u.geom, 0.0005)),
    geom_3857 = ST_Transform(ST_Multi(ST_SimplifyPreserveTopology(u.geom, 0.0005)), 3857)
FROM (
    SELECT p.code, ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(k.geom)), 3)) AS geom
    FROM geo_stage.raw_commune k JOIN geo_stage.raw_commune p ON p.id = k.parent_id
    WHERE k.type = 'COMD' AND k.geom IS NOT NULL AND p.type = 'COM' AND p.geom IS NULL
    GROUP BY p.code
) u
WHERE c.code = u.code AND c.geom IS NULL;

-- Delegated and associated communes, kept to map former codes to current communes.
INSERT INTO geo_stage.commune_former (code, type, nom, current_code)
SELECT k.code, k.type, k.nom, p.code
FROM geo_stage.raw_commune k JOIN geo_stage.raw_commune p ON p.id = k.parent_id
WHERE k.type IN ('COMD', 'COMA') AND p.type = 'COM'
ON CONFLICT DO NOTHING;

CREATE INDEX ON geo_stage.commune USING gist (geom);
ANALYZE geo_stage.commune;

-- Density class: INSEE's density-grid thresholds (300 and 1,500 inhabitants per km², with 5,000
-- and 50,000 inhabitants for clusters and centres) applied to whole communes, since the 1 km²
-- population grid itself is not among our sources. Arrondissements take their city's population
-- for the size threshold. See docs/coverage-density.md.
UPDATE geo_stage.commune c
SET density_km2 = c.population / nullif(c.area_m2 / 1e6, 0),
    density_class = CASE
        WHEN c.population IS NULL OR c.area_m2 IS NULL THEN NULL
        WHEN c.population / (c.area_m2 / 1e6) >= 1500 AND coalesce(p.population, c.population) >= 50000 THEN 'dense'
        WHEN c.population / (c.area_m2 / 1e6) >= 300 AND coalesce(p.population, c.population) >= 5000 THEN 'intermediaire'
        ELSE 'rural' END
FROM geo_stage.commune c2 LEFT JOIN geo_stage.commune p ON p.code = c2.parent_code
WHERE c2.code = c.code;
