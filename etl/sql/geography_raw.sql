-- Raw copies of the source files, one row per source record; src_row points back to the file.
CREATE UNLOGGED TABLE geo_stage.raw_region (src_row int, id int, code text, nom text);
CREATE UNLOGGED TABLE geo_stage.raw_departement (src_row int, id int, code text, nom text, region_id int);
CREATE UNLOGGED TABLE geo_stage.raw_epci (src_row int, id int, code text, nom text, type text);
CREATE UNLOGGED TABLE geo_stage.raw_commune (
    src_row int, id int, code text, type text, nom text, population int,
    departement_id int, parent_id int, epci_id int,
    geom geometry(Geometry, 4326));  -- plain WKB (SRID 0) takes the column's SRID at COPY: no second pass
CREATE UNLOGGED TABLE geo_stage.raw_qpv (src_row int, code text, label text, insee text[], geojson text);
CREATE UNLOGGED TABLE geo_stage.raw_qpv_indicator (
    src_row int, code text, population int, taux_pauvrete_60 float8, taux_emploi float8,
    indice_jeunesse float8, taux_logements_sociaux float8, nombre_menages float8);

-- GeoJSON that PostGIS cannot parse becomes NULL here and is reported with its row.
CREATE FUNCTION geo_stage.try_geojson(doc text) RETURNS geometry LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN ST_SetSRID(ST_GeomFromGeoJSON(doc), 4326);
EXCEPTION WHEN OTHERS THEN
    RETURN NULL;
END $$;

-- Density class: INSEE's density-grid thresholds (300 and 1,500 inhabitants per km², with 5,000
-- and 50,000 inhabitants for clusters and centres) applied to whole communes, since the 1 km²
-- population grid itself is not among our sources. Arrondissements take their city's population
-- for the size threshold. See docs/coverage-density.md.
CREATE FUNCTION geo_stage.density_class(population int, area_m2 float8, city_population int) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN CASE
    WHEN population IS NULL OR area_m2 IS NULL THEN NULL
    WHEN population / (area_m2 / 1e6) >= 1500 AND city_population >= 50000 THEN 'dense'
    WHEN population / (area_m2 / 1e6) >= 300 AND city_population >= 5000 THEN 'intermediaire'
    ELSE 'rural' END;

-- Union of the communes of one département and one EPCI: EPCI and départements are then unions of
-- these few pieces, so the commune borders are dissolved once, not once per level.
CREATE UNLOGGED TABLE geo_stage.commune_piece (
    departement_code text, epci_code text, population bigint, n_communes int, geom geometry(Geometry, 4326));
