-- QPV with their INSEE indicators (missing figures stay NULL). Contours repaired where invalid;
-- area and display versions in the same pass, each function once a row (OFFSET 0: see
-- geography_communes_insert.sql). qpv_parsed holds each GeoJSON parsed once (geography.py).
-- Needs no commune: runs on a second connection while the communes are copied.
INSERT INTO geo_stage.qpv (code, nom, liste, population, taux_pauvrete_60, taux_emploi,
                           taux_logements_sociaux, indice_jeunesse, nombre_menages,
                           area_m2, repaired, geom, geom_display, geom_3857)
SELECT code, label, '2024', population, taux_pauvrete_60, taux_emploi, taux_logements_sociaux,
       indice_jeunesse, nombre_menages, ST_Area(geom::geography), repaired, geom, display,
       ST_Transform(display, 3857)
FROM (
SELECT *, ST_Multi(ST_SimplifyPreserveTopology(geom, 0.0001)) AS display
FROM (
SELECT q.code, q.label, i.population, i.taux_pauvrete_60, i.taux_emploi, i.taux_logements_sociaux,
       i.indice_jeunesse, i.nombre_menages, NOT q.valid AS repaired,
       CASE WHEN q.valid THEN ST_Multi(q.geom) ELSE ST_Multi(ST_CollectionExtract(ST_MakeValid(q.geom), 3)) END AS geom
FROM (SELECT code, label, geom, ST_IsValid(geom) AS valid FROM geo_stage.qpv_parsed OFFSET 0) q
LEFT JOIN geo_stage.raw_qpv_indicator i ON i.code = q.code
OFFSET 0) repaired
OFFSET 0) with_display;

CREATE INDEX ON geo_stage.qpv USING gist (geom);
CREATE INDEX ON geo_stage.raw_qpv (code);
ANALYZE geo_stage.qpv;
ANALYZE geo_stage.raw_qpv;
