-- Figures by area as the coverage refresh stored them (coverage.area_figures): :days are 'infinity'
-- (today) or 1 January of a year of the series.
SELECT * FROM coverage.area_figures WHERE day = ANY(CAST(:days AS date[]))
