-- Incremental refresh, before any change: the régions the changed councils counted in at the last
-- refresh (their own, their territory's), so the figures of a région they leave are recomputed, and
-- what they brought to the stored figures then (coverage_area_scope.sql compares it with now).
CREATE TEMP TABLE scope_region ON COMMIT DROP AS
SELECT DISTINCT unnest(region_codes) AS region_code FROM coverage.council
WHERE council_id IN (SELECT id FROM scope_council);
CREATE TEMP TABLE council_before ON COMMIT DROP AS
SELECT council_id, day_statuses, figures_key FROM coverage.council WHERE council_id IN (SELECT id FROM scope_council);
