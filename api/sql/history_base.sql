-- Coverage as it stood on each of :days (date[]), shared prefix of the history_*.sql queries.
-- A council's status on a day is its last status_history step on or before that day (none: it did
-- not exist yet). Territories are today's (the register keeps no territory history). Only the
-- units some council held are computed per day; totals come from the geography once.
WITH days AS (
    SELECT DISTINCT unnest(CAST(:days AS date[])) AS day
), steps AS (  -- each status step with the day the next one starts (same-day steps: the later id wins)
    SELECT council_id, status, from_date,
           lead(from_date) OVER (PARTITION BY council_id ORDER BY from_date, id) AS to_date
    FROM register.status_history
), council_at AS (
    SELECT d.day, c.id AS council_id, c.region_code, c.departement_code, s.status
    FROM days d JOIN steps s ON s.from_date <= d.day AND (s.to_date IS NULL OR d.day < s.to_date)
    JOIN register.council c ON c.id = s.council_id
), council_unit AS (  -- territories as base units (migration 0016), as the ETL refresh counts them
    SELECT * FROM coverage.council_units()
), unit_at AS (  -- units held by a council active or en_projet on the day
    SELECT ca.day, cu.unit_code, bool_or(ca.status = 'actif') AS is_covered,
           NOT bool_or(ca.status = 'actif') AS is_planned
    FROM council_at ca JOIN council_unit cu ON cu.council_id = ca.council_id
    WHERE ca.status IN ('actif', 'en_projet')
    GROUP BY ca.day, cu.unit_code
), unit_attr AS MATERIALIZED (  -- looked up once per unit ever held, not per day (and hash-joined)
    SELECT g.code AS unit_code, coalesce(g.parent_code, g.code) AS commune_code, g.population, g.region_code,
           g.departement_code, g.density_class
    FROM geo.commune g WHERE g.code IN (SELECT unit_code FROM council_unit)
), unit_figures AS (
    SELECT ua.day, ua.unit_code, ua.is_covered, ua.is_planned, a.commune_code, a.population, a.region_code,
           a.departement_code, a.density_class
    FROM unit_at ua JOIN unit_attr a ON a.unit_code = ua.unit_code
), qpv_overlap AS (  -- sums of precomputed overlaps (geo.qpv_commune): no geometry work
    SELECT ua.day, qc.qpv_code,
           sum(qc.overlap_m2) FILTER (WHERE ua.is_covered) AS active_m2,
           sum(qc.overlap_m2) AS planned_m2
    FROM unit_at ua JOIN geo.qpv_commune qc ON qc.commune_code = ua.unit_code
    GROUP BY ua.day, qc.qpv_code
), qpv_at AS (  -- every QPV of the current list on every day, with the rules of migration 0016
    -- région: the ARS in charge, as today's figures count it; outside any ARS (French Polynesia):
    -- counted apart, never as uncovered (docs/coverage.md).
    SELECT d.day, q.code AS qpv_code, q.nom, q.population, coalesce(cq.ars_region_code, q.region_code) AS region_code,
           q.departement_code, cq.qpv_code IS NOT NULL AND cq.ars_region_code IS NULL AS outside_ars,
           s.active AS share_active, s.planned AS share_with_planned,
           coverage.qpv_status(s.active) AS status, coverage.qpv_prevu(s.active, s.planned) AS prevu
    FROM days d CROSS JOIN geo.qpv_current q
    LEFT JOIN coverage.qpv cq ON cq.qpv_code = q.code
    LEFT JOIN qpv_overlap o ON o.day = d.day AND o.qpv_code = q.code
    CROSS JOIN LATERAL (SELECT least(1.0, coalesce(o.active_m2, 0) / q.area_m2) AS active,
                               least(1.0, coalesce(o.planned_m2, 0) / q.area_m2) AS planned) s
)
