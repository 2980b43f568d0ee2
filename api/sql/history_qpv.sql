-- (after history_base.sql) Every QPV's coverage on the one day of :days, filtered and paged.
SELECT qpv_code AS code, nom, departement_code, region_code, population,
       round(share_active::numeric, 4)::float8 AS share_active,
       round(share_with_planned::numeric, 4)::float8 AS share_with_planned, status, prevu,
       count(*) OVER () AS total
FROM qpv_at
WHERE (CAST(:status AS text) IS NULL OR status = :status)
  AND coverage.in_area(region_code, departement_code, :region, :departement)
ORDER BY qpv_code
LIMIT :limit OFFSET :offset
