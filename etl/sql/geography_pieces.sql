-- Pieces (see geography_raw.sql) of the départements in [first, last): two lanes, two cores.
INSERT INTO geo_stage.commune_piece (departement_code, epci_code, population, n_communes, geom)
SELECT departement_code, epci_code, sum(population), count(*), ST_Union(geom)
FROM geo_stage.commune
WHERE type = 'COM' AND departement_code >= %(first)s AND departement_code < %(last)s
GROUP BY departement_code, epci_code;
