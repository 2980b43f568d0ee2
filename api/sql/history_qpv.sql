-- Every QPV's coverage on the one day of :days (coverage.coverage_at, migration 0018), filtered and
-- paged. Only the asked région (or the département's) is computed.
SELECT code, nom, departement_code, region_code, population,
       round(share_active::numeric, 4)::float8 AS share_active,
       round(share_with_planned::numeric, 4)::float8 AS share_with_planned, status, prevu,
       count(*) OVER () AS total
FROM coverage.coverage_at(CAST(:days AS date[]), CASE
        WHEN CAST(:region AS text) IS NOT NULL THEN ARRAY[CAST(:region AS text)]
        WHEN CAST(:departement AS text) IS NOT NULL THEN
            ARRAY(SELECT region_code FROM geo.departement WHERE code = :departement) END)
WHERE kind = 'qpv' AND (CAST(:status AS text) IS NULL OR status = :status)
  AND coverage.in_area(region_code, departement_code, :region, :departement)
ORDER BY code
LIMIT :limit OFFSET :offset
