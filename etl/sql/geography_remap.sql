-- Territories naming a commune the new geography no longer lists (communes merge every year): the
-- commune nouvelle it became a delegated or associated commune of, when the new files say so.
DROP TABLE IF EXISTS remap;
CREATE TEMP TABLE remap AS
SELECT t.council_id, t.commune_code AS old_code, t.via_epci,
       (SELECT f.current_code FROM geo_stage.commune_former f
        WHERE f.code = t.commune_code
          AND EXISTS (SELECT 1 FROM geo_stage.commune s WHERE s.code = f.current_code)
        ORDER BY f.type LIMIT 1) AS new_code
FROM register.territory t
WHERE NOT EXISTS (SELECT 1 FROM geo_stage.commune s WHERE s.code = t.commune_code);
