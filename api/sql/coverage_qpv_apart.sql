-- QPV that no row of the régions / départements tables holds, counted as those tables count:
-- outside any ARS (French Polynesia), and in an ARS but in no département of the geography
-- (Saint-Martin, région 01). :region NULL = everywhere. Two branches with sargable filters (the
-- ARS index finds the QPV outside any), not a filter on the join of every QPV.
SELECT json_object_agg(grp, figures)::text FROM (
    SELECT grp, json_build_object('total', count(*),
                                  'couvert', count(*) FILTER (WHERE status = 'couvert'),
                                  'partiel', count(*) FILTER (WHERE status = 'partiel'),
                                  'non_couvert', count(*) FILTER (WHERE status = 'non_couvert'),
                                  'uncovered', count(*) FILTER (WHERE status <> 'couvert'),
                                  'prevu', count(*) FILTER (WHERE prevu)) AS figures
    FROM (
        SELECT 'outside_ars' AS grp, cq.status, cq.prevu FROM coverage.qpv cq
        WHERE cq.ars_region_code IS NULL AND CAST(:region AS text) IS NULL
        UNION ALL
        SELECT 'no_departement', cq.status, cq.prevu
        FROM geo.qpv q JOIN coverage.qpv cq ON cq.qpv_code = q.code
        WHERE q.departement_code IS NULL AND cq.ars_region_code IS NOT NULL
          AND (CAST(:region AS text) IS NULL OR cq.ars_region_code = :region)
    ) apart
    GROUP BY grp
) g
