-- For the QPV × commune overlaps (geography_qpv.sql): the stage contours' index and statistics.
-- Runs beside the pieces (geography_pieces.sql), which only read the table.
CREATE INDEX ON geo_stage.commune USING gist (geom);
ANALYZE geo_stage.commune (geom);
