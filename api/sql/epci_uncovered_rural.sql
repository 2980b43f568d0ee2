-- EPCI none of whose communes is covered by an active council, largest first, with the share of
-- their inhabitants in rural communes; the région and département are those of the largest commune.
WITH members AS (
    SELECT g.epci_code, g.code, coalesce(g.parent_code, g.code) AS commune_code, g.population,
           g.density_class = 'rural' AS rural, g.region_code, g.departement_code,
           u.is_covered, u.is_planned
    FROM geo.commune g JOIN coverage.unit u ON u.unit_code = g.code
    WHERE g.epci_code IS NOT NULL
), epci AS (
    SELECT epci_code, count(DISTINCT commune_code) AS n_communes,
           count(DISTINCT commune_code) FILTER (WHERE rural) AS rural_communes,
           coalesce(sum(population), 0) AS population,
           coalesce(sum(population) FILTER (WHERE rural), 0) AS rural_population,
           bool_or(is_planned) AS planned,
           (array_agg(region_code ORDER BY population DESC NULLS LAST, code))[1] AS region_code,
           (array_agg(departement_code ORDER BY population DESC NULLS LAST, code))[1] AS departement_code
    FROM members GROUP BY epci_code
    HAVING NOT bool_or(is_covered)
)
SELECT e.epci_code AS code, g.nom, g.type, e.region_code, e.departement_code, e.n_communes,
       e.rural_communes, e.population, e.rural_population,
       round(e.rural_population::numeric / nullif(e.population, 0), 4)::float8 AS rural_population_share,
       e.planned, count(*) OVER () AS total
FROM epci e JOIN geo.epci g ON g.code = e.epci_code
WHERE (CAST(:region AS text) IS NULL OR e.region_code = :region)
  AND (CAST(:departement AS text) IS NULL OR e.departement_code = :departement)
  AND (CAST(:min_rural_share AS float8) IS NULL
       OR e.rural_population >= CAST(:min_rural_share AS float8) * nullif(e.population, 0))
ORDER BY e.population DESC, e.epci_code
LIMIT :limit OFFSET :offset
