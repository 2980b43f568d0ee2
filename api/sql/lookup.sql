-- What a point (or a commune) is in: the base unit and its commune, EPCI, département, région,
-- the QPV containing the point, the councils covering the unit, the nearest active council, and the QPV
-- in the commune (or within about 1 km of the point).
-- :unit is the base unit code when the caller gave a commune instead of a point; :whole, the code of
-- a commune with arrondissements asked as a whole (its councils are those of all its arrondissements).
WITH pt AS (SELECT ST_SetSRID(ST_MakePoint(:lon, :lat), 4326) AS g),
unit AS (
    SELECT c.* FROM geo.commune c, pt
    WHERE CASE WHEN CAST(:unit AS text) IS NULL THEN c.is_base_unit AND ST_Intersects(c.geom, pt.g)
               ELSE c.code = :unit END
    LIMIT 1
), place AS (
    SELECT coalesce(CASE WHEN CAST(:unit AS text) IS NULL THEN pt.g END, ST_PointOnSurface(unit.geom)) AS g
    FROM unit, pt
)
SELECT json_build_object(
    'commune', json_build_object('code', coalesce(p.code, u.code), 'nom', coalesce(p.nom, u.nom),
                                 'type', 'COM', 'population', coalesce(p.population, u.population)),
    'arrondissement', CASE WHEN u.type = 'ARM' THEN json_build_object('code', u.code, 'nom', u.nom,
                                                                      'population', u.population) END,
    'epci', (SELECT json_build_object('code', e.code, 'nom', e.nom) FROM geo.epci e WHERE e.code = u.epci_code),
    'departement', (SELECT json_build_object('code', d.code, 'nom', d.nom) FROM geo.departement d
                    WHERE d.code = u.departement_code),
    'region', (SELECT json_build_object('code', r.code, 'nom', r.nom) FROM geo.region r WHERE r.code = u.region_code),
    'qpv', (SELECT json_build_object('code', q.code, 'nom', q.nom, 'status', cq.status, 'prevu', cq.prevu,
                                     'share_active', round(cq.share_active::numeric, 4))
            FROM geo.qpv q JOIN coverage.qpv cq ON cq.qpv_code = q.code, place
            WHERE CAST(:unit AS text) IS NULL AND ST_Intersects(q.geom, place.g) LIMIT 1),
    'councils_active', (SELECT coalesce(json_agg(json_build_object('id', c.id, 'name', c.name) ORDER BY c.id), '[]')
        FROM register.council c WHERE c.id IN (
            SELECT unnest(cu.active_councils) FROM coverage.unit cu
            WHERE cu.unit_code = u.code OR cu.commune_code = :whole)),
    'councils_planned', (SELECT coalesce(json_agg(json_build_object('id', c.id, 'name', c.name) ORDER BY c.id), '[]')
        FROM register.council c WHERE c.id IN (
            SELECT unnest(cu.planned_councils) FROM coverage.unit cu
            WHERE cu.unit_code = u.code OR cu.commune_code = :whole)),
    'nearest_active', (SELECT json_build_object('id', c.id, 'name', c.name,
                                                'distance_km', round((ST_Distance(cc.geom::geography, place.g::geography) / 1000)::numeric, 2))
                       FROM coverage.council cc JOIN register.council c ON c.id = cc.council_id, place
                       WHERE c.status = 'actif' AND cc.geom IS NOT NULL
                         AND NOT EXISTS (SELECT 1 FROM coverage.unit cu WHERE cu.is_covered
                                         AND (cu.unit_code = u.code OR cu.commune_code = :whole))
                       ORDER BY cc.geom <-> place.g LIMIT 1),
    'qpv_in_place', (SELECT coalesce(json_agg(json_build_object('code', q.code, 'nom', q.nom, 'status', cq.status,
                                                                'prevu', cq.prevu,
                                                                'share_active', round(cq.share_active::numeric, 4))
                                              ORDER BY q.nom), '[]')
        FROM geo.qpv q JOIN coverage.qpv cq ON cq.qpv_code = q.code
        WHERE CASE WHEN CAST(:unit AS text) IS NULL
                   THEN ST_DWithin(q.geom, (SELECT g FROM place), 0.012)  -- about 1 km, on the spatial index
                   ELSE q.code IN (SELECT qc.qpv_code FROM geo.qpv_commune qc WHERE qc.commune_code = u.code
                                   OR qc.commune_code IN (SELECT a.code FROM geo.commune a WHERE a.parent_code = :whole))
              END)
)::text
FROM unit u LEFT JOIN geo.commune p ON p.code = u.parent_code, place
