-- Coverage figures of one area computed on the fly from the materialised coverage: councils by
-- status, communes and inhabitants covered, QPV by status with populations, FTE (the council list
-- and funding: coverage_council_funding.sql). Serves an EPCI; the nation, régions and départements are read from the stored
-- figures (area_summary.sql), which tests/test_area_figures.py checks against this query.
-- :region / :departement / :epci NULL = no filter. An EPCI's councils are those whose territory
-- holds one of its communes; its QPV, those lying in one of them.
-- The national case skips the join to geo.commune (a one-time filter on the parameters).
WITH units AS (
    SELECT u.unit_code, u.commune_code, u.population, u.is_covered, u.is_planned FROM coverage.unit u
    WHERE CAST(:region AS text) IS NULL AND CAST(:departement AS text) IS NULL AND CAST(:epci AS text) IS NULL
    UNION ALL
    SELECT u.unit_code, u.commune_code, u.population, u.is_covered, u.is_planned
    FROM coverage.unit u JOIN geo.commune c ON c.code = u.unit_code
    LEFT JOIN geo.commune p ON p.code = c.parent_code  -- an arrondissement is in its commune's EPCI
    WHERE (CAST(:region AS text) IS NOT NULL OR CAST(:departement AS text) IS NOT NULL
           OR CAST(:epci AS text) IS NOT NULL)
      AND (CAST(:region AS text) IS NULL OR c.region_code = :region)
      AND (CAST(:departement AS text) IS NULL OR c.departement_code = :departement)
      AND (CAST(:epci AS text) IS NULL OR coalesce(c.epci_code, p.epci_code) = :epci)
), unit_figures AS (
    -- One pass over the units. A unit is a commune, or an arrondissement of Paris, Lyon, Marseille
    -- (never both for one commune): counting the 45 arrondissement units apart is 4× faster than
    -- grouping 35k units by commune.
    SELECT count(*) FILTER (WHERE unit_code = commune_code)
           + count(DISTINCT commune_code) FILTER (WHERE unit_code <> commune_code) AS communes,
           count(*) FILTER (WHERE unit_code = commune_code AND is_covered)
           + count(DISTINCT commune_code) FILTER (WHERE unit_code <> commune_code AND is_covered) AS communes_covered,
           coalesce(sum(population), 0) AS population,
           coalesce(sum(population) FILTER (WHERE is_covered), 0) AS covered,
           coalesce(sum(population) FILTER (WHERE is_planned), 0) AS planned
    FROM units
), councils AS (
    SELECT * FROM register.council
    WHERE (CAST(:region AS text) IS NULL OR region_code = :region)
      AND (CAST(:departement AS text) IS NULL OR departement_code = :departement)
      AND (CAST(:epci AS text) IS NULL OR id IN (
           SELECT unnest(u.active_councils || u.planned_councils) FROM coverage.unit u
           WHERE u.unit_code IN (SELECT unit_code FROM units)))
), area_qpv AS (
    -- The région is the ARS in charge (Saint-Martin's QPV: 01); QPV outside any ARS are counted apart.
    SELECT cq.status, cq.prevu, q.population, cq.ars_region_code IS NULL AS outside
    FROM coverage.qpv cq JOIN geo.qpv q ON q.code = cq.qpv_code
    WHERE (CAST(:region AS text) IS NULL OR cq.ars_region_code = :region)
      AND (CAST(:departement AS text) IS NULL OR q.departement_code = :departement)
      AND (CAST(:epci AS text) IS NULL OR cq.qpv_code IN (
           SELECT qc.qpv_code FROM geo.qpv_commune qc WHERE qc.commune_code IN (SELECT unit_code FROM units)))
), qpv AS (
    SELECT * FROM area_qpv WHERE NOT outside
)
SELECT json_build_object(
    'councils', (SELECT json_build_object(
        'actif', count(*) FILTER (WHERE status = 'actif'),
        'en_projet', count(*) FILTER (WHERE status = 'en_projet'),
        'en_sommeil', count(*) FILTER (WHERE status = 'en_sommeil'),
        'arrete', count(*) FILTER (WHERE status = 'arrete')) FROM councils),
    'communes', (SELECT json_build_object('total', communes, 'covered', communes_covered,
        'share', round(communes_covered::numeric / nullif(communes, 0), 4)) FROM unit_figures),
    'population', (SELECT json_build_object('total', population, 'covered', covered,
        'share', round(covered::numeric / nullif(population, 0), 4), 'planned', planned) FROM unit_figures),
    'qpv', (SELECT json_build_object(
        'total', (SELECT count(*) FROM area_qpv),
        'couvert', json_build_object('count', count(*) FILTER (WHERE status = 'couvert'),
                                     'population', coalesce(sum(population) FILTER (WHERE status = 'couvert'), 0)),
        'partiel', json_build_object('count', count(*) FILTER (WHERE status = 'partiel'),
                                     'population', coalesce(sum(population) FILTER (WHERE status = 'partiel'), 0)),
        'non_couvert', json_build_object('count', count(*) FILTER (WHERE status = 'non_couvert'),
                                         'population', coalesce(sum(population) FILTER (WHERE status = 'non_couvert'), 0)),
        'uncovered', json_build_object('count', count(*) FILTER (WHERE status <> 'couvert'),
                                       'population', coalesce(sum(population) FILTER (WHERE status <> 'couvert'), 0)),
        'prevu', json_build_object('count', count(*) FILTER (WHERE prevu),
                                   'population', coalesce(sum(population) FILTER (WHERE prevu), 0)),
        'outside_ars', (SELECT json_build_object('count', count(*), 'population', coalesce(sum(population), 0))
                        FROM area_qpv WHERE outside)) FROM qpv),
    'fte', (SELECT json_build_object(
        'total', coalesce(sum(fte) FILTER (WHERE status = 'actif'), 0),
        'per_100k', round(coalesce(sum(fte) FILTER (WHERE status = 'actif'), 0) * 100000
                          / nullif((SELECT population FROM unit_figures), 0), 3)) FROM councils)
)::text
