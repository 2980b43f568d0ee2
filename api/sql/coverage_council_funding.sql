-- Today's summary beyond the stored figures: the councils of a région or département (:region /
-- :departement; NULL for the nation: no list) and the funding of the area's active councils by
-- source, latest year.
WITH councils AS (
    SELECT * FROM register.council WHERE coverage.in_area(region_code, departement_code, :region, :departement)
), latest AS (SELECT max(year) AS year FROM register.funding)
SELECT json_build_object(
    'council_list', CASE WHEN CAST(:region AS text) IS NOT NULL OR CAST(:departement AS text) IS NOT NULL THEN (
        SELECT coalesce(json_agg(json_build_object('id', id, 'name', name, 'status', status, 'fte', fte)
                                 ORDER BY status, name), '[]') FROM councils) END,
    'funding', (SELECT coalesce(json_agg(f ORDER BY f.amount_eur DESC), '[]') FROM (
        SELECT fl.source, sum(fl.amount_eur) AS amount_eur, count(DISTINCT fl.council_id) AS councils,
               (SELECT year FROM latest) AS year
        FROM register.funding fl JOIN councils c ON c.id = fl.council_id
        WHERE c.status = 'actif' AND fl.year = (SELECT year FROM latest)
        GROUP BY fl.source) f)
)::text
