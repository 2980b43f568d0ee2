-- Funding of active councils in the latest year, grouped by {key} (source, région or scale),
-- of one région or département when given.
WITH latest AS (SELECT max(year) AS year FROM register.funding),
lines AS (
    SELECT f.*, c.region_code, c.scale
    FROM register.funding f JOIN register.council c ON c.id = f.council_id
    WHERE c.status = 'actif' AND f.year = (SELECT year FROM latest)
      AND (CAST(:region AS text) IS NULL OR c.region_code = :region)
      AND (CAST(:departement AS text) IS NULL OR c.departement_code = :departement)
)
SELECT {key} AS key, sum(amount_eur)::float8 AS amount_eur, count(DISTINCT council_id) AS councils,
       round(sum(amount_eur) / nullif((SELECT sum(amount_eur) FROM lines), 0), 4)::float8 AS share,
       (SELECT year FROM latest) AS year
FROM lines GROUP BY 1 ORDER BY amount_eur DESC
