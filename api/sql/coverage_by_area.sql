-- One row of today's coverage figures per région or département (:level = 'region' | 'departement'),
-- for tables and choropleths: the rows the coverage refresh stored (coverage.area_figures). :region
-- filters départements to one région. QPV outside any ARS, and QPV of no département (Saint-Martin),
-- are in no row: /coverage/regions reports them apart.
SELECT f.code, a.nom, a.region_code, f.population, f.population_covered,
       round(f.population_covered::numeric / nullif(f.population, 0), 4)::float8 AS share_covered,
       f.population_planned, f.councils_actif AS councils_active, f.councils_en_projet AS councils_planned,
       round(f.councils_actif * 100000.0 / nullif(f.population, 0), 3)::float8 AS councils_per_100k,
       f.qpv_total, f.qpv_couvert, f.qpv_partiel, f.qpv_non_couvert,
       f.qpv_partiel + f.qpv_non_couvert AS qpv_uncovered, f.qpv_prevu,
       f.fte::float8 AS fte_total, round(f.fte * 100000 / nullif(f.population, 0), 3)::float8 AS fte_per_100k
FROM coverage.area_figures f
JOIN (SELECT 'region' AS level, code, nom, NULL::text AS region_code FROM geo.region
      UNION ALL
      SELECT 'departement', code, nom, region_code FROM geo.departement) a ON a.level = f.level AND a.code = f.code
WHERE f.day = 'infinity' AND f.level = :level AND (CAST(:region AS text) IS NULL OR a.region_code = :region)
ORDER BY f.code
