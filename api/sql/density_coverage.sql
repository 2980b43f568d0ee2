-- Coverage by commune density class (docs/coverage-density.md) for the nation, a région or a
-- département (:region / :departement NULL = no filter), from the materialised coverage.unit.
-- Paris, Lyon and Marseille count through their arrondissements, each with its own class.
SELECT g.density_class AS density_class,
       count(DISTINCT u.commune_code) AS communes,
       count(DISTINCT u.commune_code) FILTER (WHERE u.is_covered) AS communes_covered,
       coalesce(sum(u.population), 0) AS population,
       coalesce(sum(u.population) FILTER (WHERE u.is_covered), 0) AS population_covered,
       round(coalesce(sum(u.population) FILTER (WHERE u.is_covered), 0)::numeric
             / nullif(sum(u.population), 0), 4)::float8 AS share_covered,
       coalesce(sum(u.population) FILTER (WHERE u.is_planned), 0) AS population_planned
FROM coverage.unit u JOIN geo.commune g ON g.code = u.unit_code
WHERE g.density_class IS NOT NULL
  AND (CAST(:region AS text) IS NULL OR g.region_code = :region)
  AND (CAST(:departement AS text) IS NULL OR g.departement_code = :departement)
GROUP BY g.density_class
ORDER BY array_position(ARRAY['dense', 'intermediaire', 'rural'], g.density_class)
