-- Base units of every council territory, as stored by coverage_council_units.sql (coverage.council_units(),
-- migration 0016: Paris, Lyon or Marseille named count as their arrondissements; an arrondissement named
-- counts that one only).
CREATE TEMP TABLE council_unit ON COMMIT DROP AS
SELECT cu.council_id, c.status, cu.unit_code
FROM coverage.council_unit cu JOIN register.council c ON c.id = cu.council_id;
CREATE INDEX ON council_unit (unit_code);
CREATE INDEX ON council_unit (council_id);
ANALYZE council_unit;
