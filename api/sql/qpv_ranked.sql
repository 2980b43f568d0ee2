-- QPV coverage with the rank of each QPV not covered (partiel or non couvert) by priority score, highest
-- first (default equal weights); covered QPV have no rank. Shared by the map's layer and its picture.
SELECT cq.*, CASE WHEN cq.status <> 'couvert' THEN
           rank() OVER (PARTITION BY cq.status <> 'couvert' ORDER BY cq.priority_score DESC NULLS LAST) END AS rank
FROM coverage.qpv cq
