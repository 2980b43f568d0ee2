-- Figures by area (coverage.figures_at, migration 0018) today ('infinity': départements too) and on
-- each 1 January (régions and apart: the yearly series), on the days {days} for the régions {regions}
-- (NULL: all). The summaries, tables and series read these rows instead of recomputing them. The
-- days and régions are written in as constants: planned for them, the région filters fold.
DELETE FROM coverage.area_figures
WHERE day = ANY({days}::date[]) AND ({regions}::text[] IS NULL OR region_code = ANY({regions}::text[]));
INSERT INTO coverage.area_figures
SELECT f.* FROM coverage.figures_at({days}::date[], {regions}::text[]) f
WHERE f.level <> 'departement' OR f.day = 'infinity';
