-- Full refresh: every base unit, council and QPV is in scope.
CREATE TEMP TABLE scope_unit ON COMMIT DROP AS SELECT code AS unit_code FROM geo.commune WHERE is_base_unit;
CREATE TEMP TABLE scope_council ON COMMIT DROP AS SELECT id FROM register.council;
CREATE TEMP TABLE scope_qpv ON COMMIT DROP AS SELECT code AS qpv_code FROM geo.qpv_current;
CREATE TEMP TABLE scope_distance ON COMMIT DROP AS SELECT code AS qpv_code FROM geo.qpv_current;
-- Rows of units and QPV no longer in the geography go; the others are upserted in place.
DELETE FROM coverage.unit WHERE unit_code NOT IN (SELECT unit_code FROM scope_unit);
DELETE FROM coverage.qpv WHERE qpv_code NOT IN (SELECT qpv_code FROM scope_qpv);
DELETE FROM coverage.council;
