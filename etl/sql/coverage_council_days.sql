-- What each council in scope brings to the stored figures (area_days): its status on each day
-- (coverage.council_status_at, the one rule) and a digest of the rest coverage.figures_at reads of it.
UPDATE coverage.council cc SET day_statuses = s.statuses, figures_key = k.digest
FROM (SELECT council_id, jsonb_object_agg(day, status) AS statuses
      FROM coverage.council_status_at(ARRAY(SELECT day FROM area_days))
      WHERE council_id IN (SELECT id FROM scope_council) GROUP BY council_id) s,
     (SELECT c.id, md5(concat_ws('|', c.region_code, c.departement_code, c.fte,
                                 (SELECT string_agg(u.unit_code, ',' ORDER BY u.unit_code)
                                  FROM coverage.council_unit u WHERE u.council_id = c.id))) AS digest
      FROM register.council c WHERE c.id IN (SELECT id FROM scope_council)) k
WHERE cc.council_id = s.council_id AND k.id = s.council_id;
