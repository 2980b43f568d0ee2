-- Incremental refresh, before any change: the units the changed councils covered (their old
-- territory) or cover now, and their old active territories (for the nearest-council distances).
-- Expects the temp table scope_council (id) filled by the caller.
CREATE TEMP TABLE scope_unit ON COMMIT DROP AS
SELECT unit_code FROM coverage.unit
WHERE active_councils && (SELECT array_agg(id) FROM scope_council)
   OR planned_councils && (SELECT array_agg(id) FROM scope_council)
UNION
SELECT unit_code FROM council_unit WHERE council_id IN (SELECT id FROM scope_council);
-- Old active territories, unit by unit: coverage.council rows of deleted councils are gone already.
CREATE TEMP TABLE old_geom ON COMMIT DROP AS
SELECT g.geom_display AS geom FROM coverage.unit u JOIN geo.commune g ON g.code = u.unit_code
WHERE u.active_councils && (SELECT array_agg(id) FROM scope_council) AND g.geom_display IS NOT NULL;
CREATE TEMP TABLE scope_qpv ON COMMIT DROP AS
SELECT DISTINCT qpv_code FROM geo.qpv_commune WHERE commune_code IN (SELECT unit_code FROM scope_unit);
DELETE FROM coverage.unit WHERE unit_code IN (SELECT unit_code FROM scope_unit);
DELETE FROM coverage.council WHERE council_id IN (SELECT id FROM scope_council);
