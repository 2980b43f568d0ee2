-- Base units in scope: the active and planned councils whose territory holds them.
INSERT INTO coverage.unit (unit_code, commune_code, population, active_councils, planned_councils,
                           is_covered, is_planned)
SELECT u.code, coalesce(u.parent_code, u.code), u.population,
       coalesce(c.active, '{}'), coalesce(c.planned, '{}'),
       c.active IS NOT NULL, c.active IS NULL AND c.planned IS NOT NULL
FROM geo.commune u
JOIN scope_unit s ON s.unit_code = u.code
LEFT JOIN (
    SELECT unit_code,
           array_agg(council_id ORDER BY council_id) FILTER (WHERE status = 'actif') AS active,
           array_agg(council_id ORDER BY council_id) FILTER (WHERE status = 'en_projet') AS planned
    FROM council_unit WHERE unit_code IN (SELECT unit_code FROM scope_unit)
    GROUP BY unit_code
) c ON c.unit_code = u.code;
