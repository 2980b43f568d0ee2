-- Figures by area (coverage.figures_at, migration 0018) today ('infinity': départements too) and on
-- each 1 January (régions and apart: the yearly series), on the days of area_scope for its régions
-- (NULL: all). The summaries, tables and series read these rows instead of recomputing them.
DELETE FROM coverage.area_figures f USING area_scope s
WHERE f.day = ANY(s.days) AND (s.regions IS NULL OR f.region_code = ANY(s.regions));
INSERT INTO coverage.area_figures
SELECT f.* FROM area_scope s CROSS JOIN LATERAL coverage.figures_at(s.days, s.regions) f
WHERE f.level <> 'departement' OR f.day = 'infinity';
