-- Across the multi-commune councils of :status: share of their communes that are rural and share of
-- their inhabitants living in rural communes (compare with the nation's 30M / 66M).
WITH units AS (
    SELECT t.council_id, coalesce(u.parent_code, u.code) AS commune_code, u.population,
           u.density_class = 'rural' AS rural
    FROM register.territory t JOIN register.council c ON c.id = t.council_id AND c.status = :status
    JOIN geo.commune n ON n.code = t.commune_code
    JOIN geo.commune u ON u.is_base_unit AND (u.code = n.code OR u.parent_code = n.code)
), multi AS (
    SELECT council_id FROM units GROUP BY council_id HAVING count(DISTINCT commune_code) > 1
)
SELECT count(DISTINCT council_id) AS councils,
       count(DISTINCT (council_id, commune_code)) AS communes,
       count(DISTINCT (council_id, commune_code)) FILTER (WHERE rural) AS rural_communes,
       coalesce(sum(population), 0)::bigint AS population,
       coalesce(sum(population) FILTER (WHERE rural), 0)::bigint AS rural_population,
       round(coalesce(sum(population) FILTER (WHERE rural), 0)::numeric / nullif(sum(population), 0), 4)::float8
           AS rural_population_share
FROM units WHERE council_id IN (SELECT council_id FROM multi)
