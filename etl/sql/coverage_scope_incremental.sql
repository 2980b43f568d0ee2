-- Incremental refresh, before any change. Expects the temp table scope_council (id).
-- Units in scope: those the changed councils covered (old coverage.unit arrays) or cover now.
ANALYZE scope_council;
CREATE TEMP TABLE scope_unit ON COMMIT DROP AS
SELECT unit_code FROM coverage.unit WHERE active_councils && (SELECT array_agg(id) FROM scope_council)
UNION
SELECT unit_code FROM coverage.unit WHERE planned_councils && (SELECT array_agg(id) FROM scope_council)
UNION
SELECT n.code FROM register.territory t JOIN geo.commune n ON n.code = t.commune_code AND n.is_base_unit
WHERE t.council_id IN (SELECT id FROM scope_council)
UNION
SELECT u.code FROM register.territory t JOIN geo.commune n ON n.code = t.commune_code AND NOT n.is_base_unit
JOIN geo.commune u ON u.parent_code = n.code AND u.is_base_unit
WHERE t.council_id IN (SELECT id FROM scope_council);
ANALYZE scope_unit;

CREATE TEMP TABLE scope_qpv ON COMMIT DROP AS
SELECT DISTINCT qpv_code FROM geo.qpv_commune WHERE commune_code IN (SELECT unit_code FROM scope_unit)
  AND qpv_code IN (SELECT code FROM geo.qpv_current);

-- Territory expansion (as in coverage_expand.sql), limited to the units that matter here: those in
-- scope and every base unit of a QPV in scope (its councils are listed on the QPV).
CREATE TEMP TABLE council_unit ON COMMIT DROP AS
WITH needed AS (
    SELECT unit_code FROM scope_unit
    UNION
    SELECT qc.commune_code FROM geo.qpv_commune qc JOIN geo.commune c ON c.code = qc.commune_code AND c.is_base_unit
    WHERE qc.qpv_code IN (SELECT qpv_code FROM scope_qpv)
)
SELECT t.council_id, c.status, u.code AS unit_code
FROM needed JOIN geo.commune u ON u.code = needed.unit_code
JOIN register.territory t ON t.commune_code = u.code
JOIN register.council c ON c.id = t.council_id
UNION
SELECT t.council_id, c.status, u.code
FROM needed JOIN geo.commune u ON u.code = needed.unit_code
JOIN register.territory t ON t.commune_code = u.parent_code
JOIN register.council c ON c.id = t.council_id;
CREATE INDEX ON council_unit (unit_code);
ANALYZE council_unit;

-- Old active territories, from their units: coverage.council rows of deleted councils are gone already.
CREATE TEMP TABLE old_geom ON COMMIT DROP AS
SELECT ST_Multi(ST_CollectionExtract(ST_Collect(g.geom_display), 3)) AS geom
FROM coverage.unit u JOIN geo.commune g ON g.code = u.unit_code
WHERE u.unit_code IN (SELECT unit_code FROM scope_unit)
  AND u.active_councils && (SELECT array_agg(id) FROM scope_council) AND g.geom_display IS NOT NULL
HAVING count(*) > 0;

DELETE FROM coverage.council WHERE council_id IN (SELECT id FROM scope_council);
