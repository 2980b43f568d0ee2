-- Places whose name matches :q, folded (accents, case, punctuation, articles: search_words()) and
-- matched by trigrams on the indexes of migration 0014: communes and arrondissements, former
-- communes (answered as today's commune), EPCI, départements, régions, QPV and councils.
-- Exact names first, then names starting with the words typed (most populated first), then the closest.
-- :kinds limits the kinds searched (NULL: all).
WITH q AS (SELECT public.search_words(:q) AS k),
hits AS (
    SELECT CASE WHEN c.type = 'ARM' THEN 'arrondissement' ELSE 'commune' END AS kind, c.code, c.nom AS label,
           d.nom || ' (' || c.departement_code || ')' AS context, c.population, c.geom_display AS g,
           public.search_words(c.nom) AS k
    FROM geo.commune c JOIN geo.departement d ON d.code = c.departement_code, q
    WHERE public.search_words(c.nom) %> q.k OR public.search_words(c.nom) LIKE q.k || '%'
    UNION ALL
    SELECT 'ancienne', c.code, f.nom, c.nom || ' (' || c.code || ')', c.population, c.geom_display,
           public.search_words(f.nom)
    FROM geo.commune_former f JOIN geo.commune c ON c.code = f.current_code, q
    WHERE f.nom <> c.nom AND (public.search_words(f.nom) %> q.k OR public.search_words(f.nom) LIKE q.k || '%')
    UNION ALL
    SELECT 'epci', e.code, e.nom, e.type, e.population, e.geom_display, public.search_words(e.nom)
    FROM geo.epci e, q
    WHERE public.search_words(e.nom) %> q.k OR public.search_words(e.nom) LIKE q.k || '%'
    UNION ALL
    SELECT 'departement', d.code, d.nom, r.nom, d.population, d.geom_display, public.search_words(d.nom)
    FROM geo.departement d JOIN geo.region r ON r.code = d.region_code, q
    WHERE public.search_words(d.nom) %> q.k OR public.search_words(d.nom) LIKE q.k || '%' OR d.code = upper(:q)
    UNION ALL
    SELECT 'region', r.code, r.nom, NULL, r.population, r.geom_display, public.search_words(r.nom)
    FROM geo.region r, q
    WHERE public.search_words(r.nom) %> q.k OR public.search_words(r.nom) LIKE q.k || '%'
    UNION ALL
    SELECT 'qpv', p.code, p.nom, d.nom || ' (' || p.departement_code || ')', p.population, p.geom_display,
           public.search_words(p.nom)
    FROM geo.qpv p LEFT JOIN geo.departement d ON d.code = p.departement_code, q
    WHERE public.search_words(p.nom) %> q.k OR public.search_words(p.nom) LIKE q.k || '%' OR p.code = upper(:q)
    UNION ALL
    SELECT 'council', c.id, c.name, c.status, cc.population, cc.geom_display, public.search_words(c.name)
    FROM register.council c LEFT JOIN coverage.council cc ON cc.council_id = c.id, q
    WHERE public.search_words(c.name) %> q.k OR public.search_words(c.name) LIKE '%' || q.k || '%'
)
SELECT h.kind, h.code, h.label, h.context, h.population,
       round(ST_X(ST_PointOnSurface(h.g))::numeric, 5)::float8 AS lon,
       round(ST_Y(ST_PointOnSurface(h.g))::numeric, 5)::float8 AS lat,
       CASE WHEN h.g IS NOT NULL THEN json_build_array(round(ST_XMin(h.g)::numeric, 5), round(ST_YMin(h.g)::numeric, 5),
                                                        round(ST_XMax(h.g)::numeric, 5), round(ST_YMax(h.g)::numeric, 5))
       END AS bbox,
       round(word_similarity(q.k, h.k)::numeric, 3)::float8 AS score
FROM hits h, q
WHERE q.k <> '' AND (CAST(:kinds AS text[]) IS NULL OR h.kind = ANY (CAST(:kinds AS text[])))  -- "le": nothing to search
ORDER BY h.k = q.k DESC, h.k LIKE q.k || '%' DESC,
         CASE WHEN h.k LIKE q.k || '%' THEN h.population END DESC NULLS LAST,  -- "rou": Rouen before Rou-Marson
         word_similarity(q.k, h.k) DESC, h.population DESC NULLS LAST, h.label
LIMIT :limit
