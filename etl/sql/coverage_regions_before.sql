-- Incremental refresh, before any change: the régions the changed councils counted in at the last
-- refresh (their own, their territory's), so the figures of a région they leave are recomputed.
CREATE TEMP TABLE scope_region ON COMMIT DROP AS
SELECT DISTINCT unnest(region_codes) AS region_code FROM coverage.council
WHERE council_id IN (SELECT id FROM scope_council);
