-- Today's summary beyond the figures, computed on the fly: the councils of a région, département or
-- EPCI (:region / :departement / :epci; all NULL for the nation: no list) and the funding of the
-- area's active councils by source, latest year. Serves an EPCI; the nation, régions and départements
-- read the stored funding (area_today.sql), which tests/test_area_figures.py checks against this.
-- An EPCI's councils: those whose territory holds one of its units.
WITH councils AS NOT MATERIALIZED (  -- inlined in each use: the funding join is hashed
    SELECT * FROM register.council WHERE coverage.in_area(region_code, departement_code, :region, :departement)
      AND (CAST(:epci AS text) IS NULL OR id IN (
           SELECT unnest(u.active_councils || u.planned_councils) FROM coverage.unit u
           JOIN geo.commune c ON c.code = u.unit_code
           LEFT JOIN geo.commune p ON p.code = c.parent_code  -- an arrondissement is in its commune's EPCI
           WHERE coalesce(c.epci_code, p.epci_code) = :epci))
), latest AS (SELECT max(year) AS year FROM register.funding)
SELECT json_build_object(
    'council_list', CASE WHEN CAST(:region AS text) IS NOT NULL OR CAST(:departement AS text) IS NOT NULL
                              OR CAST(:epci AS text) IS NOT NULL THEN (
        SELECT coalesce(json_agg(json_build_object('id', id, 'name', name, 'status', status, 'fte', fte)
                                 ORDER BY status, name), '[]') FROM councils) END,
    'funding', (SELECT coalesce(json_agg(f ORDER BY f.amount_eur DESC, f.source), '[]') FROM (
        SELECT fl.source, sum(fl.amount_eur) AS amount_eur, count(DISTINCT fl.council_id) AS councils,
               (SELECT year FROM latest) AS year
        FROM register.funding fl JOIN councils c ON c.id = fl.council_id
        WHERE c.status = 'actif' AND fl.year = (SELECT year FROM latest)
        GROUP BY fl.source) f)
)::text
