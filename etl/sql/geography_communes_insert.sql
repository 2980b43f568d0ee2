-- Communes (COM) and municipal arrondissements (ARM). Valid contours are kept as they are;
-- invalid ones are repaired, keeping only their polygonal part. Area, density and display version
-- are computed in the same pass: each extra UPDATE would rewrite every contour.
-- OFFSET 0 keeps each level a subquery: flattened, PostgreSQL would inline the repaired contour
-- into every expression using it (ST_IsValid four times a row, the simplification twice).
-- Runs as two lanes over halves of the code range (two cores).
INSERT INTO geo_stage.commune (code, type, nom, departement_code, region_code, epci_code, parent_code,
                               population, contour_origin, is_base_unit, geom, area_m2, geom_display, geom_3857,
                               density_km2, density_class)
SELECT code, type, nom, departement_code, region_code, epci_code, parent_code, population,
       contour_origin, is_base_unit, geom, area_m2, display, ST_Transform(display, 3857),
       population / nullif(area_m2 / 1e6, 0), geo_stage.density_class(population, area_m2, city_population)
FROM (
SELECT *, ST_Area(geom::geography) AS area_m2,
       -- Where Douglas-Peucker keeps every vertex, so does its topology-preserving variant: the
       -- contour is its own display version (40%% of communes), without the costlier GEOS pass.
       CASE WHEN ST_NPoints(ST_Simplify(geom, 0.0005, true)) = ST_NPoints(geom) THEN geom
            ELSE ST_Multi(ST_SimplifyPreserveTopology(geom, 0.0005)) END AS display
FROM (
SELECT c.code, c.type, c.nom, d.code AS departement_code, d.region_code, coalesce(e.code, pe.code) AS epci_code,
       p.code AS parent_code, c.population, coalesce(p.population, c.population) AS city_population,
       CASE WHEN c.geom IS NULL THEN 'none' ELSE 'source' END AS contour_origin,
       NOT EXISTS (SELECT 1 FROM geo_stage.raw_commune k WHERE k.parent_id = c.id AND k.type = 'ARM') AS is_base_unit,
       CASE WHEN c.geom IS NULL THEN NULL
            WHEN ST_IsValid(c.geom) THEN ST_Multi(c.geom)
            ELSE ST_Multi(ST_CollectionExtract(ST_MakeValid(c.geom), 3)) END AS geom
FROM geo_stage.raw_commune c
LEFT JOIN geo_stage.raw_commune p ON p.id = c.parent_id AND c.type = 'ARM'  -- arrondissements inherit
JOIN geo_stage.raw_departement rd ON rd.id = coalesce(c.departement_id, p.departement_id)
JOIN geo_stage.departement d ON d.code = rd.code
LEFT JOIN geo_stage.raw_epci e ON e.id = c.epci_id
LEFT JOIN geo_stage.raw_epci pe ON pe.id = p.epci_id
WHERE c.type IN ('COM', 'ARM') AND c.code >= %(first)s AND c.code < %(last)s
OFFSET 0) src
OFFSET 0) measured;
