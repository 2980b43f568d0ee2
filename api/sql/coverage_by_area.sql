-- One row of coverage figures per région or département (:level = 'region' | 'departement'),
-- for tables and choropleths. :region filters départements to one région.
WITH area AS (
    SELECT 'region' AS level, code, nom, population, NULL::text AS region_code FROM geo.region
    UNION ALL
    SELECT 'departement', code, nom, population, region_code FROM geo.departement
), units AS (
    SELECT CASE WHEN :level = 'region' THEN c.region_code ELSE c.departement_code END AS code,
           sum(u.population) AS population,
           sum(u.population) FILTER (WHERE u.is_covered) AS covered,
           sum(u.population) FILTER (WHERE u.is_planned) AS planned
    FROM coverage.unit u JOIN geo.commune c ON c.code = u.unit_code
    GROUP BY 1
), councils AS (
    SELECT CASE WHEN :level = 'region' THEN region_code ELSE departement_code END AS code,
           count(*) FILTER (WHERE status = 'actif') AS active,
           count(*) FILTER (WHERE status = 'en_projet') AS planned,
           sum(fte) FILTER (WHERE status = 'actif') AS fte
    FROM register.council GROUP BY 1
), qpv AS (
    -- Régions by the ARS in charge (Saint-Martin's QPV count in 01); QPV outside any ARS and QPV of
    -- no département (Saint-Martin) are in no row: /coverage/regions reports them apart.
    SELECT CASE WHEN :level = 'region' THEN cq.ars_region_code ELSE q.departement_code END AS code,
           count(*) AS total,
           count(*) FILTER (WHERE cq.status = 'couvert') AS couvert,
           count(*) FILTER (WHERE cq.status = 'partiel') AS partiel,
           count(*) FILTER (WHERE cq.status = 'non_couvert') AS non_couvert,
           count(*) FILTER (WHERE cq.prevu) AS prevu
    FROM geo.qpv q JOIN coverage.qpv cq ON cq.qpv_code = q.code
    WHERE cq.ars_region_code IS NOT NULL GROUP BY 1
)
SELECT a.code, a.nom, a.region_code,
       coalesce(u.population, 0) AS population,
       coalesce(u.covered, 0) AS population_covered,
       round(coalesce(u.covered, 0)::numeric / nullif(u.population, 0), 4)::float8 AS share_covered,
       coalesce(u.planned, 0) AS population_planned,
       coalesce(c.active, 0) AS councils_active,
       coalesce(c.planned, 0) AS councils_planned,
       round(coalesce(c.active, 0) * 100000.0 / nullif(u.population, 0), 3)::float8 AS councils_per_100k,
       coalesce(q.total, 0) AS qpv_total, coalesce(q.couvert, 0) AS qpv_couvert,
       coalesce(q.partiel, 0) AS qpv_partiel, coalesce(q.non_couvert, 0) AS qpv_non_couvert,
       coalesce(q.partiel, 0) + coalesce(q.non_couvert, 0) AS qpv_uncovered, coalesce(q.prevu, 0) AS qpv_prevu,
       coalesce(c.fte, 0)::float8 AS fte_total,
       round(coalesce(c.fte, 0) * 100000 / nullif(u.population, 0), 3)::float8 AS fte_per_100k
FROM area a
LEFT JOIN units u ON u.code = a.code
LEFT JOIN councils c ON c.code = a.code
LEFT JOIN qpv q ON q.code = a.code
WHERE a.level = :level AND (CAST(:region AS text) IS NULL OR a.region_code = :region)
ORDER BY a.code
