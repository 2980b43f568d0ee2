-- Base units of every council territory. A territory naming Paris, Lyon or Marseille (not a base
-- unit) counts as its arrondissements; naming an arrondissement counts that one only: never both.
CREATE TEMP TABLE council_unit ON COMMIT DROP AS
SELECT t.council_id, c.status, n.code AS unit_code
FROM register.territory t
JOIN register.council c ON c.id = t.council_id
JOIN geo.commune n ON n.code = t.commune_code AND n.is_base_unit
UNION
SELECT t.council_id, c.status, u.code
FROM register.territory t
JOIN register.council c ON c.id = t.council_id
JOIN geo.commune n ON n.code = t.commune_code AND NOT n.is_base_unit
JOIN geo.commune u ON u.parent_code = n.code AND u.is_base_unit;
CREATE INDEX ON council_unit (unit_code);
CREATE INDEX ON council_unit (council_id);
ANALYZE council_unit;
