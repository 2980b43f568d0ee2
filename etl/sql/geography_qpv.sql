-- After geography_qpv_contours.sql and the communes.
-- Overlap of each QPV with each commune and arrondissement it touches, on the spheroid (m²).
-- Slivers (< 1% of the QPV, unlisted) come from unaligned borders and are left out.
INSERT INTO geo_stage.qpv_commune (qpv_code, commune_code, overlap_m2, listed)
SELECT qpv_code, commune_code, overlap_m2, listed
FROM (
    SELECT q.code AS qpv_code, c.code AS commune_code, q.area_m2 AS qpv_area,
           CASE WHEN ST_CoveredBy(q.geom, c.geom) THEN q.area_m2
                ELSE ST_Area(ST_Intersection(q.geom, c.geom)::geography) END AS overlap_m2,
           c.code = ANY (r.insee) OR coalesce(c.parent_code = ANY (r.insee), false) AS listed
    FROM geo_stage.qpv q
    JOIN geo_stage.raw_qpv r ON r.code = q.code
    JOIN geo_stage.commune c ON ST_Intersects(q.geom, c.geom)
    OFFSET 0  -- the intersection once a pair, not once per use of overlap_m2
) o
WHERE overlap_m2 >= 0.01 * qpv_area OR (listed AND overlap_m2 > 0);

-- A QPV's département and région: those of the commune holding most of it.
UPDATE geo_stage.qpv q
SET departement_code = c.departement_code, region_code = c.region_code
FROM (
    SELECT DISTINCT ON (qc.qpv_code) qc.qpv_code, c.departement_code, c.region_code
    FROM geo_stage.qpv_commune qc JOIN geo_stage.commune c ON c.code = qc.commune_code
    ORDER BY qc.qpv_code, qc.overlap_m2 DESC
) c
WHERE q.code = c.qpv_code;
