-- Incremental refresh, after the councils' new territories are in: every région whose figures may
-- have moved ('' = the apart row): the units and QPV recomputed, the councils' régions now, and any
-- région whose number of councils differs from today's stored figures (a council without territory
-- moved or deleted).
INSERT INTO scope_region
SELECT coalesce(g.region_code, '') FROM scope_unit s JOIN geo.commune g ON g.code = s.unit_code
UNION SELECT coalesce(q.region_code, '') FROM coverage.qpv_areas() q WHERE q.qpv_code IN (SELECT qpv_code FROM scope_qpv)
UNION SELECT unnest(region_codes) FROM coverage.council WHERE council_id IN (SELECT id FROM scope_council)
UNION SELECT coalesce(region_code, '') FROM register.council WHERE id IN (SELECT id FROM scope_council)
UNION SELECT f.region_code FROM coverage.area_figures f
      LEFT JOIN (SELECT coalesce(region_code, '') AS code, count(*) AS n FROM register.council GROUP BY 1) c
             ON c.code = f.code
      WHERE f.day = 'infinity' AND f.level IN ('region', 'apart')
        AND f.councils_actif + f.councils_en_projet + f.councils_en_sommeil + f.councils_arrete <> coalesce(c.n, 0)
UNION SELECT f.region_code FROM coverage.area_figures f
      LEFT JOIN (SELECT departement_code AS code, count(*) AS n FROM register.council GROUP BY 1) c
             ON c.code = f.code
      WHERE f.day = 'infinity' AND f.level = 'departement'
        AND f.councils_actif + f.councils_en_projet + f.councils_en_sommeil + f.councils_arrete <> coalesce(c.n, 0);
