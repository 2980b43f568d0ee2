-- Base units in scope: the active and planned councils whose territory holds them. Only units whose
-- coverage moved are written: a full refresh leaves the tens of thousands of unchanged rows alone.
INSERT INTO coverage.unit AS cur (unit_code, commune_code, population, active_councils, planned_councils,
                                  is_covered, is_planned)
SELECT n.* FROM (
    SELECT u.code, coalesce(u.parent_code, u.code) AS commune_code, u.population,
           coalesce(c.active, '{}') AS active, coalesce(c.planned, '{}') AS planned,
           c.active IS NOT NULL AS is_covered, c.active IS NULL AND c.planned IS NOT NULL AS is_planned
    FROM geo.commune u
    JOIN scope_unit s ON s.unit_code = u.code
    LEFT JOIN (
        SELECT unit_code,
               array_agg(council_id ORDER BY council_id) FILTER (WHERE status = 'actif') AS active,
               array_agg(council_id ORDER BY council_id) FILTER (WHERE status = 'en_projet') AS planned
        FROM council_unit WHERE unit_code IN (SELECT unit_code FROM scope_unit)
        GROUP BY unit_code
    ) c ON c.unit_code = u.code
) n
LEFT JOIN coverage.unit old ON old.unit_code = n.code
WHERE (old.commune_code, old.population, old.active_councils, old.planned_councils)
      IS DISTINCT FROM (n.commune_code, n.population, n.active, n.planned)
ON CONFLICT (unit_code) DO UPDATE SET
    commune_code = EXCLUDED.commune_code, population = EXCLUDED.population,
    active_councils = EXCLUDED.active_councils, planned_councils = EXCLUDED.planned_councils,
    is_covered = EXCLUDED.is_covered, is_planned = EXCLUDED.is_planned;
