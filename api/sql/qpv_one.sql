-- One QPV: figures, coverage, health territory, communes (with the overlap share) and councils.
SELECT json_build_object(
    'code', q.code, 'nom', q.nom, 'liste', q.liste, 'departement_code', q.departement_code,
    'region_code', cq.ars_region_code, 'health_territory', cq.health_territory,
    'population', q.population, 'taux_pauvrete_60', q.taux_pauvrete_60, 'taux_emploi', q.taux_emploi,
    'missing', cq.missing, 'status', cq.status, 'share_active', round(cq.share_active::numeric, 4),
    'share_with_planned', round(cq.share_with_planned::numeric, 4), 'prevu', cq.prevu,
    'distance_km', round(cq.distance_km::numeric, 2), 'distance_rule', cq.distance_rule,
    'components', json_build_object('population', round(cq.priority_population::numeric, 4),
                                    'poverty', round(cq.priority_poverty::numeric, 4),
                                    'distance', round(cq.priority_distance::numeric, 4)),
    'priority_score', round(cq.priority_score::numeric, 4),
    'communes', (SELECT coalesce(json_agg(json_build_object('code', g.code, 'nom', g.nom, 'type', g.type,
                                                            'epci_code', coalesce(g.epci_code, p.epci_code),
                                                            'share', round((qc.overlap_m2 / q.area_m2)::numeric, 4))
                                          ORDER BY qc.overlap_m2 DESC), '[]')
                 FROM geo.qpv_commune qc JOIN geo.commune g ON g.code = qc.commune_code
                 LEFT JOIN geo.commune p ON p.code = g.parent_code WHERE qc.qpv_code = q.code),
    'councils', (SELECT coalesce(json_agg(json_build_object('id', c.id, 'name', c.name, 'status', c.status)
                                          ORDER BY c.status, c.id), '[]')
                 FROM register.council c WHERE c.id = ANY (cq.active_councils || cq.planned_councils)),
    'point', (SELECT json_build_array(round(ST_X(p)::numeric, 5), round(ST_Y(p)::numeric, 5))
              FROM ST_PointOnSurface(q.geom_display) p),
    'bbox', json_build_array(round(ST_XMin(q.geom)::numeric, 5), round(ST_YMin(q.geom)::numeric, 5),
                             round(ST_XMax(q.geom)::numeric, 5), round(ST_YMax(q.geom)::numeric, 5))
)::text
FROM geo.qpv_current q JOIN coverage.qpv cq ON cq.qpv_code = q.code
WHERE q.code = :code
