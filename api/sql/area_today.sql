-- Today's summary of the nation (:level 'national'), a région or a département beyond its stored
-- figures: the area's councils (none for the nation) and the funding of its active councils by
-- source in the latest year, as the coverage refresh stored it (coverage.area_funding, migration
-- 0021; the nation is the sum of the région and apart rows). tests/test_area_figures.py checks it
-- against coverage_council_funding.sql, which computes both on the fly (and serves an EPCI).
SELECT json_build_object(
    'council_list', CASE WHEN CAST(:level AS text) <> 'national' THEN (
        SELECT coalesce(json_agg(json_build_object('id', id, 'name', name, 'status', status, 'fte', fte)
                                 ORDER BY status, name), '[]')
        FROM register.council WHERE coverage.in_area(region_code, departement_code, :region, :departement)) END,
    'funding', (SELECT coalesce(json_agg(f ORDER BY f.amount_eur DESC, f.source), '[]') FROM (
        SELECT source, sum(amount_eur) AS amount_eur, sum(councils) AS councils, max(year) AS year
        FROM coverage.area_funding
        WHERE (CAST(:level AS text) = 'national' AND level IN ('region', 'apart')) OR (level = :level AND code = :code)
        GROUP BY source) f)
)::text
