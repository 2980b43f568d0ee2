-- Full refresh: every base unit, council and QPV is in scope.
CREATE TEMP TABLE scope_unit ON COMMIT DROP AS SELECT code AS unit_code FROM geo.commune WHERE is_base_unit;
CREATE TEMP TABLE scope_council ON COMMIT DROP AS SELECT id FROM register.council;
CREATE TEMP TABLE scope_qpv ON COMMIT DROP AS SELECT code AS qpv_code FROM geo.qpv;
CREATE TEMP TABLE scope_distance ON COMMIT DROP AS SELECT code AS qpv_code FROM geo.qpv;
DELETE FROM coverage.unit;
DELETE FROM coverage.council;
DELETE FROM coverage.qpv;
