-- Populations summed over communes (COM only: arrondissements are inside them); contours as
-- unions of their pieces (geography_raw.sql), simplified for national maps. Area and display
-- version in the same UPDATE as the contour. Départements in [first, last): each lane unions the
-- départements whose pieces it has just made.
UPDATE geo_stage.departement d
SET population = s.population, geom = s.geom, area_m2 = ST_Area(s.geom::geography),
    geom_display = ST_Multi(ST_SimplifyPreserveTopology(s.geom, 0.01))
FROM (
    SELECT departement_code, sum(population) AS population, ST_Multi(ST_Union(geom)) AS geom
    FROM geo_stage.commune_piece
    WHERE departement_code >= %(first)s AND departement_code < %(last)s
    GROUP BY departement_code
) s
WHERE d.code = s.departement_code;
