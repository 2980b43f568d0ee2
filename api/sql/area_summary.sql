-- (after a `figures` CTE: rows of coverage.figures_at) The figures of one area on the one day of
-- the rows: the nation (:level 'national') is the sum of the région and apart rows.
, area AS (
    SELECT sum(councils_actif) AS actif, sum(councils_en_projet) AS en_projet,
           sum(councils_en_sommeil) AS en_sommeil, sum(councils_arrete) AS arrete,
           sum(communes) AS communes, sum(communes_covered) AS communes_covered, sum(population) AS population,
           sum(population_covered) AS covered, sum(population_planned) AS planned, sum(qpv_total) AS qpv_total,
           sum(qpv_couvert) AS couvert, sum(qpv_couvert_population) AS couvert_population,
           sum(qpv_partiel) AS partiel, sum(qpv_partiel_population) AS partiel_population,
           sum(qpv_non_couvert) AS non_couvert, sum(qpv_non_couvert_population) AS non_couvert_population,
           sum(qpv_prevu) AS prevu, sum(qpv_prevu_population) AS prevu_population,
           sum(qpv_outside_ars) AS outside_ars, sum(qpv_outside_ars_population) AS outside_ars_population,
           sum(fte) AS fte
    FROM figures
    WHERE (CAST(:level AS text) = 'national' AND level IN ('region', 'apart')) OR (level = :level AND code = :code)
)
SELECT json_build_object(
    'councils', json_build_object('actif', actif, 'en_projet', en_projet, 'en_sommeil', en_sommeil,
                                  'arrete', arrete),
    'communes', json_build_object('total', communes, 'covered', communes_covered,
                                  'share', round(communes_covered / nullif(communes, 0), 4)),
    'population', json_build_object('total', population, 'covered', covered,
                                    'share', round(covered / nullif(population, 0), 4), 'planned', planned),
    'qpv', json_build_object(
        'total', qpv_total,
        'couvert', json_build_object('count', couvert, 'population', couvert_population),
        'partiel', json_build_object('count', partiel, 'population', partiel_population),
        'non_couvert', json_build_object('count', non_couvert, 'population', non_couvert_population),
        'uncovered', json_build_object('count', partiel + non_couvert,
                                       'population', partiel_population + non_couvert_population),
        'prevu', json_build_object('count', prevu, 'population', prevu_population),
        'outside_ars', json_build_object('count', outside_ars, 'population', outside_ars_population)),
    'fte', json_build_object('total', fte, 'per_100k', round(fte * 100000 / nullif(population, 0), 3))
)::text
FROM area
