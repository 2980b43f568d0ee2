-- The councils in scope: their base units stored (coverage.council_unit, migration 0019), equal to
-- coverage.council_units(). Only rows that moved are written.
CREATE TEMP TABLE council_unit_now ON COMMIT DROP AS
SELECT council_id, unit_code FROM coverage.council_units()
WHERE council_id = ANY(ARRAY(SELECT id FROM scope_council));
DELETE FROM coverage.council_unit s
WHERE s.council_id IN (SELECT id FROM scope_council)
  AND NOT EXISTS (SELECT 1 FROM council_unit_now n WHERE n.council_id = s.council_id AND n.unit_code = s.unit_code);
INSERT INTO coverage.council_unit (council_id, unit_code)
SELECT council_id, unit_code FROM council_unit_now ON CONFLICT DO NOTHING;
