-- Councils with their coverage figures, filtered. {council_columns}: the council fields the spec
-- (core/council_fields.py) lists; {order} is chosen from a whitelist in Python.
-- Text search ignores case and accents, on the council name and the names of its communes.
WITH territory_names AS MATERIALIZED (
    -- only communes named by a territory are folded (translate() is slow on 35k names)
    SELECT t.council_id, g.code, g.nom FROM register.territory t JOIN geo.commune g ON g.code = t.commune_code
    WHERE CAST(:q AS text) IS NOT NULL
), filtered AS (
    SELECT c.*, r.nom AS region_nom
    FROM register.council c LEFT JOIN geo.region r ON r.code = c.region_code
    WHERE (CAST(:status AS text) IS NULL OR c.status = :status)
      AND (CAST(:region AS text) IS NULL OR c.region_code = :region)
      AND (CAST(:departement AS text) IS NULL OR c.departement_code = :departement)
      AND (CAST(:scale AS text) IS NULL OR c.scale = :scale)
      AND (CAST(:funding_source AS text) IS NULL OR EXISTS (
           SELECT 1 FROM register.funding f WHERE f.council_id = c.id AND f.source = :funding_source))
      AND (CAST(:q AS text) IS NULL OR fold_text(c.name) LIKE '%' || fold_text(:q) || '%' OR c.id IN (
           SELECT n.council_id FROM territory_names n
           WHERE fold_text(n.nom) LIKE '%' || fold_text(:q) || '%' OR n.code = :q))
)
SELECT {council_columns}, f.region_nom,
       coalesce(cc.population, 0) AS population, coalesce(cc.n_communes, 0) AS n_communes,
       coalesce(cc.n_qpv, 0) AS n_qpv,
       coalesce((SELECT array_agg(DISTINCT fl.source ORDER BY fl.source) FROM register.funding fl
                 WHERE fl.council_id = f.id), '{}') AS funding_sources,
       count(*) OVER () AS total
FROM filtered f LEFT JOIN coverage.council cc ON cc.council_id = f.id
ORDER BY {order}
LIMIT :limit OFFSET :offset
