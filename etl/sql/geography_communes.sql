-- Communes nouvelles without a contour of their own: the union of their delegated communes.
UPDATE geo_stage.commune c
SET geom = u.geom, contour_origin = 'union_delegated', area_m2 = u.area_m2, geom_display = u.display,
    geom_3857 = ST_Transform(u.display, 3857), density_km2 = c.population / nullif(u.area_m2 / 1e6, 0),
    density_class = geo_stage.density_class(c.population, u.area_m2, c.population)
FROM (
    SELECT *, ST_Area(geom::geography) AS area_m2, ST_Multi(ST_SimplifyPreserveTopology(geom, 0.0005)) AS display
    FROM (
        SELECT p.code, ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(k.geom)), 3)) AS geom
        FROM geo_stage.raw_commune k JOIN geo_stage.raw_commune p ON p.id = k.parent_id
        WHERE k.type = 'COMD' AND k.geom IS NOT NULL AND p.type = 'COM' AND p.geom IS NULL
        GROUP BY p.code
    ) g OFFSET 0  -- one union and one simplification per commune (see geography_communes_insert.sql)
) u
WHERE c.code = u.code AND c.geom IS NULL;

-- Delegated and associated communes, kept to map former codes to current communes.
INSERT INTO geo_stage.commune_former (code, type, nom, current_code)
SELECT k.code, k.type, k.nom, p.code
FROM geo_stage.raw_commune k JOIN geo_stage.raw_commune p ON p.id = k.parent_id
WHERE k.type IN ('COMD', 'COMA') AND p.type = 'COM'
ON CONFLICT DO NOTHING;

-- Statistics for the groupings that follow (the pieces plan on them); the contours' statistics
-- and index are made beside the pieces, for the QPV overlaps only (geography_commune_index.sql).
ANALYZE geo_stage.commune (code, type, departement_code, region_code, epci_code, parent_code);
