-- Councils spanning several communes (intercommunal, sector, mixed): how many of their communes
-- are rural and what share of their inhabitants live in rural communes, beside their main town.
-- A commune with arrondissements counts once, as dense or intermediate (never rural).
WITH units AS (
    SELECT t.council_id, u.code, coalesce(u.parent_code, u.code) AS commune_code, u.population,
           u.density_class = 'rural' AS rural
    FROM register.territory t JOIN geo.commune n ON n.code = t.commune_code
    JOIN geo.commune u ON u.is_base_unit AND (u.code = n.code OR u.parent_code = n.code)
), communes AS (
    SELECT council_id, commune_code, sum(population) AS population, bool_and(rural) AS rural
    FROM units GROUP BY 1, 2
), reach AS (
    SELECT council_id, count(*) AS n_communes, count(*) FILTER (WHERE rural) AS n_rural,
           coalesce(sum(population), 0)::bigint AS population,
           coalesce(sum(population) FILTER (WHERE rural), 0)::bigint AS rural_population,
           max(population) AS main_population
    FROM communes GROUP BY council_id HAVING count(*) > 1
)
SELECT c.id, c.name, c.status, c.scale, c.region_code, c.departement_code, c.demo,
       r.n_communes, r.n_rural AS rural_communes,
       round(r.n_rural::numeric / r.n_communes, 4)::float8 AS rural_communes_share,
       r.population, r.rural_population,
       round(r.rural_population::numeric / nullif(r.population, 0), 4)::float8 AS rural_population_share,
       (SELECT g.nom FROM communes m JOIN geo.commune g ON g.code = m.commune_code
        WHERE m.council_id = c.id ORDER BY m.population DESC NULLS LAST, m.commune_code LIMIT 1) AS main_commune,
       round(r.main_population::numeric / nullif(r.population, 0), 4)::float8 AS main_commune_share,
       count(*) OVER () AS total
FROM reach r JOIN register.council c ON c.id = r.council_id
WHERE (CAST(:status AS text) IS NULL OR c.status = :status)
  AND (CAST(:scale AS text) IS NULL OR c.scale = :scale)
  AND (CAST(:region AS text) IS NULL OR c.region_code = :region)
ORDER BY r.rural_population::numeric / nullif(r.population, 0) DESC NULLS LAST, c.id
LIMIT :limit OFFSET :offset
