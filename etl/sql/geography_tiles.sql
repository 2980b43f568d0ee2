-- Tile shapes of one layer, per zoom 5-9, on the stage (function from migration 0017).
SELECT geo.prepare_tile_shapes('geo_stage', %(layer)s)
