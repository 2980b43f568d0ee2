"""Controlled vocabularies of the register: the CHECK constraints of the migrations, the importer,
the API's query and body types and the dashboard's choices all read them from here."""

COUNCIL_STATUSES = ("actif", "en_projet", "en_sommeil", "arrete")
TERRITORY_SCALES = ("communal", "intercommunal", "infra_communal", "secteur_psychiatrique", "mixte")
CARRIER_TYPES = ("commune", "epci", "ccas", "hopital", "association", "autre")
FUNDING_SOURCES = (
    "commune_epci", "ars", "etablissement_sante", "politique_de_la_ville", "caf",
    "departement", "region", "fonds_europeens", "appel_a_projets", "autre",
)
QPV_STATUSES = ("couvert", "partiel", "non_couvert")  # thresholds: coverage.qpv_status (migration 0016)
AREA_LEVELS = ("national", "region", "departement")
