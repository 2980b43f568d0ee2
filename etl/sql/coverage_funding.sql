-- Funding of active councils by area and source, latest year (coverage.funding_by_area, migration
-- 0021), for the summaries. Every area on each refresh (~1 ms): the latest year is the register's,
-- so one new line can move every area's figures.
DELETE FROM coverage.area_funding;
INSERT INTO coverage.area_funding SELECT * FROM coverage.funding_by_area();
