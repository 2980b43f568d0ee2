-- Plain WKB arrives without SRID: the source is lon/lat WGS84.
UPDATE geo_stage.raw_commune SET geom = ST_SetSRID(geom, 4326) WHERE ST_SRID(geom) = 0;

-- Régions, départements, EPCI (contours come later, from their communes).
INSERT INTO geo_stage.region (code, nom) SELECT code, nom FROM geo_stage.raw_region;

INSERT INTO geo_stage.departement (code, nom, region_code)
SELECT d.code, d.nom, r.code
FROM geo_stage.raw_departement d JOIN geo_stage.raw_region r ON r.id = d.region_id;

INSERT INTO geo_stage.epci (code, nom, type) SELECT code, nom, type FROM geo_stage.raw_epci;

-- Communes (COM) and municipal arrondissements (ARM). Valid contours are kept as they are;
-- invalid ones are repaired, keeping only their polygonal part.
INSERT INTO geo_stage.commune (code, type, nom, departement_code, region_code, epci_code, parent_code,
                               population, contour_origin, is_base_unit, geom)
SELECT c.code, c.type, c.nom, d.code, d.region_code, coalesce(e.code, pe.code), p.code, c.population,
       CASE WHEN c.geom IS NULL THEN 'none' ELSE 'source' END,
       NOT EXISTS (SELECT 1 FROM geo_stage.raw_commune k WHERE k.parent_id = c.id AND k.type = 'ARM'),
       CASE WHEN c.geom IS NULL THEN NULL
            WHEN ST_IsValid(c.geom) THEN ST_Multi(c.geom)
            ELSE ST_Multi(ST_CollectionExtract(ST_MakeValid(c.geom), 3)) END
FROM geo_stage.raw_commune c
LEFT JOIN geo_stage.raw_commune p ON p.id = c.parent_id AND c.type = 'ARM'  -- arrondissements inherit
JOIN geo_stage.raw_departement rd ON rd.id = coalesce(c.departement_id, p.departement_id)
JOIN geo_stage.departement d ON d.code = rd.code
LEFT JOIN geo_stage.raw_epci e ON e.id = c.epci_id
LEFT JOIN geo_stage.raw_epci pe ON pe.id = p.epci_id
WHERE c.type IN ('COM', 'ARM');

-- Communes nouvelles without a contour of their own: the union of their delegated communes.
UPDATE geo_stage.commune c
SET geom = u.geom, contour_origin = 'union_delegated'
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

UPDATE geo_stage.commune
SET area_m2 = ST_Area(geom::geography),
    geom_display = ST_Multi(ST_SimplifyPreserveTopology(geom, 0.0005))
WHERE geom IS NOT NULL;

CREATE INDEX ON geo_stage.commune USING gist (geom);
ANALYZE geo_stage.commune;
