-- Figures by area computed on :days from the status history (coverage.figures_at, migration 0018),
-- for the régions :regions (NULL: all; '' the apart row).
SELECT * FROM coverage.figures_at(CAST(:days AS date[]), CAST(:regions AS text[]))
