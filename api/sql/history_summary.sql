-- (after history_base.sql) Coverage figures of one area on the one day of :days, as
-- coverage_summary.sql does for today. :region / :departement NULL = no filter.
, area_units AS (  -- nationally the narrow coverage.unit alone (geo.commune rows carry contours)
    SELECT commune_code, population FROM coverage.unit
    WHERE CAST(:region AS text) IS NULL AND CAST(:departement AS text) IS NULL
    UNION ALL
    SELECT coalesce(parent_code, code), population FROM geo.commune
    WHERE is_base_unit AND (CAST(:region AS text) IS NOT NULL OR CAST(:departement AS text) IS NOT NULL)
      AND coverage.in_area(region_code, departement_code, :region, :departement)
), units AS (
    SELECT * FROM unit_figures
    WHERE coverage.in_area(region_code, departement_code, :region, :departement)
), councils AS (
    SELECT * FROM council_at
    WHERE coverage.in_area(region_code, departement_code, :region, :departement)
), qpv AS (
    SELECT * FROM qpv_at
    WHERE coverage.in_area(region_code, departement_code, :region, :departement)
), total AS (
    SELECT count(DISTINCT commune_code) AS communes, coalesce(sum(population), 0) AS population FROM area_units
)
SELECT json_build_object(
    'councils', (SELECT json_build_object(
        'actif', count(*) FILTER (WHERE status = 'actif'),
        'en_projet', count(*) FILTER (WHERE status = 'en_projet'),
        'en_sommeil', count(*) FILTER (WHERE status = 'en_sommeil'),
        'arrete', count(*) FILTER (WHERE status = 'arrete')) FROM councils),
    'communes', (SELECT json_build_object(
        'total', t.communes,
        'covered', count(DISTINCT u.commune_code) FILTER (WHERE u.is_covered),
        'share', round((count(DISTINCT u.commune_code) FILTER (WHERE u.is_covered))::numeric
                       / nullif(t.communes, 0), 4)) FROM total t LEFT JOIN units u ON true GROUP BY t.communes),
    'population', (SELECT json_build_object(
        'total', t.population,
        'covered', coalesce(sum(u.population) FILTER (WHERE u.is_covered), 0),
        'share', round(coalesce(sum(u.population) FILTER (WHERE u.is_covered), 0)::numeric / nullif(t.population, 0), 4),
        'planned', coalesce(sum(u.population) FILTER (WHERE u.is_planned), 0))
        FROM total t LEFT JOIN units u ON true GROUP BY t.population),
    'qpv', (SELECT json_build_object(
        'total', count(*),
        'couvert', json_build_object('count', count(*) FILTER (WHERE status = 'couvert' AND NOT outside_ars),
                                     'population', coalesce(sum(population) FILTER (
                                         WHERE status = 'couvert' AND NOT outside_ars), 0)),
        'partiel', json_build_object('count', count(*) FILTER (WHERE status = 'partiel' AND NOT outside_ars),
                                     'population', coalesce(sum(population) FILTER (
                                         WHERE status = 'partiel' AND NOT outside_ars), 0)),
        'non_couvert', json_build_object('count', count(*) FILTER (WHERE status = 'non_couvert' AND NOT outside_ars),
                                         'population', coalesce(sum(population) FILTER (
                                             WHERE status = 'non_couvert' AND NOT outside_ars), 0)),
        'uncovered', json_build_object('count', count(*) FILTER (WHERE status <> 'couvert' AND NOT outside_ars),
                                       'population', coalesce(sum(population) FILTER (
                                           WHERE status <> 'couvert' AND NOT outside_ars), 0)),
        'prevu', json_build_object('count', count(*) FILTER (WHERE prevu AND NOT outside_ars),
                                   'population', coalesce(sum(population) FILTER (
                                       WHERE prevu AND NOT outside_ars), 0)),
        'outside_ars', json_build_object('count', count(*) FILTER (WHERE outside_ars),
                                         'population', coalesce(sum(population) FILTER (WHERE outside_ars), 0)))
        FROM qpv)
)::text
