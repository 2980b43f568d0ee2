-- Incremental refresh: the days whose figures a change can alter, for the régions in scope_region.
-- A day moves when a changed council's status on it moved, or when its région, département, FTE or
-- units moved and it had a status that day (before or now); a council with no digest before or now
-- (new, deleted, without territory, or never digested) counts on every day.
CREATE TEMP TABLE area_scope ON COMMIT DROP AS
WITH pair AS (
    SELECT b.day_statuses AS old_days, b.figures_key AS old_key, n.day_statuses AS new_days, n.figures_key AS new_key
    FROM scope_council s
    LEFT JOIN council_before b ON b.council_id = s.id
    LEFT JOIN coverage.council n ON n.council_id = s.id
)
SELECT ARRAY(SELECT d.day FROM area_days d WHERE EXISTS (
           SELECT 1 FROM pair p
           WHERE p.old_key IS NULL OR p.new_key IS NULL OR p.old_days IS NULL OR p.new_days IS NULL
              OR p.old_days ->> d.day::text IS DISTINCT FROM p.new_days ->> d.day::text
              OR (p.old_key <> p.new_key AND (p.old_days ? d.day::text OR p.new_days ? d.day::text))
       ) ORDER BY d.day) AS days,
       ARRAY(SELECT DISTINCT region_code FROM scope_region) AS regions;
