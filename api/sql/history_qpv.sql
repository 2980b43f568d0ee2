-- (after history_base.sql) Every QPV's coverage on the one day of :days, filtered and paged.
SELECT qpv_code AS code, nom, departement_code, region_code, population,
       round(share_active::numeric, 4)::float8 AS share_active,
       round(share_with_planned::numeric, 4)::float8 AS share_with_planned, status, prevu,
       count(*) OVER () AS total
FROM qpv_at
WHERE (CAST(:status AS text) IS NULL OR status = :status)
  AND (CAST(:region AS text) IS NULL OR region_code = :region)
  AND (CAST(:departement AS text) IS NULL OR departement_code = :departement)
ORDER BY qpv_code
LIMIT :limit OFFSET :offset
