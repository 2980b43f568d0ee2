CREATE INDEX ON geo_stage.raw_commune (id);
CREATE INDEX ON geo_stage.raw_commune (parent_id);
ANALYZE geo_stage.raw_commune (id, parent_id, type, code, departement_id, epci_id);  -- not the contours: no filter on them

-- Régions, départements, EPCI (contours come later, from their communes).
INSERT INTO geo_stage.region (code, nom) SELECT code, nom FROM geo_stage.raw_region;

INSERT INTO geo_stage.departement (code, nom, region_code)
SELECT d.code, d.nom, r.code
FROM geo_stage.raw_departement d JOIN geo_stage.raw_region r ON r.id = d.region_id;

INSERT INTO geo_stage.epci (code, nom, type) SELECT code, nom, type FROM geo_stage.raw_epci;
