-- Communes (COM) and EPCI whose name starts with, then contains, :q (accents and case folded), for
-- the scenario's autocomplete; largest first.
SELECT kind, code, nom, departement_code, population FROM (
    SELECT 'commune' AS kind, c.code, c.nom, c.departement_code, c.population,
           fold_text(c.nom) LIKE fold_text(:q) || '%' AS prefix
    FROM geo.commune c WHERE c.type = 'COM' AND fold_text(c.nom) LIKE '%' || fold_text(:q) || '%'
    UNION ALL
    SELECT 'epci', e.code, e.nom, NULL, e.population, fold_text(e.nom) LIKE fold_text(:q) || '%'
    FROM geo.epci e WHERE fold_text(e.nom) LIKE '%' || fold_text(:q) || '%'
) p
ORDER BY prefix DESC, population DESC NULLS LAST, code
LIMIT :limit
