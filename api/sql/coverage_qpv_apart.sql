-- QPV that no row of the régions / départements tables holds, counted as those tables count:
-- outside any ARS (French Polynesia), and in an ARS but in no département of the geography
-- (Saint-Martin, région 01). :region NULL = everywhere.
SELECT json_object_agg(grp, figures)::text FROM (
    SELECT CASE WHEN cq.ars_region_code IS NULL THEN 'outside_ars' ELSE 'no_departement' END AS grp,
           json_build_object('total', count(*),
                             'couvert', count(*) FILTER (WHERE cq.status = 'couvert'),
                             'partiel', count(*) FILTER (WHERE cq.status = 'partiel'),
                             'non_couvert', count(*) FILTER (WHERE cq.status = 'non_couvert'),
                             'uncovered', count(*) FILTER (WHERE cq.status <> 'couvert'),
                             'prevu', count(*) FILTER (WHERE cq.prevu)) AS figures
    FROM coverage.qpv cq JOIN geo.qpv q ON q.code = cq.qpv_code
    WHERE (cq.ars_region_code IS NULL AND CAST(:region AS text) IS NULL)
       OR (q.departement_code IS NULL AND cq.ars_region_code IS NOT NULL
           AND (CAST(:region AS text) IS NULL OR cq.ars_region_code = :region))
    GROUP BY 1
) g
