"""Labels in French (default) and English. Every text on screen goes through t()."""
LABELS = {
    "title": ("Carte des conseils locaux de santé mentale", "Map of local mental-health councils (CLSM)"),
    "nav_map": ("Carte", "Map"),
    "nav_overview": ("Vue d'ensemble", "Overview"),
    "nav_priorities": ("Priorités", "Priorities"),
    "nav_directory": ("Annuaire", "Directory"),
    "nav_lookup": ("Recherche", "Look up"),
    "nav_data": ("Données", "Data"),
    "switch_lang": ("English", "Français"),
    "demo_banner": ("Données de démonstration : le registre affiché est fictif, généré à partir des chiffres "
                    "nationaux publiés. Aucun conseil réel n'y est décrit.",
                    "Demonstration data: the register shown is fictitious, generated from published national "
                    "figures. No real council is described."),
    "actif": ("Actif", "Active"), "en_projet": ("En projet", "In preparation"),
    "en_sommeil": ("En sommeil", "Dormant"), "arrete": ("Arrêté", "Stopped"),
    "couvert": ("Couvert", "Covered"), "partiel": ("Partiel", "Partly covered"),
    "non_couvert": ("Non couvert", "Not covered"), "prevu": ("Prévu", "Planned"),
    "kpi_active": ("CLSM actifs", "Active councils"),
    "kpi_planned": ("CLSM en projet", "Councils in preparation"),
    "kpi_population": ("Habitants couverts", "Inhabitants covered"),
    "kpi_qpv_covered": ("QPV couverts", "Priority neighbourhoods covered"),
    "kpi_qpv_uncovered": ("QPV non couverts", "Priority neighbourhoods not covered"),
    "kpi_fte": ("ETP de coordination", "Coordination FTE"),
    "region": ("Région", "Region"), "departement": ("Département", "Département"),
    "all_france": ("France entière", "All of France"),
    "funding_by_source": ("Financement de la coordination par source", "Coordination funding by source"),
    "funding_by_region": ("Financement par région", "Funding by region"),
    "co_funded": ("Part des CLSM cofinancés", "Share of councils co-funded"),
    "fte_distribution": ("Répartition des ETP de coordination", "Coordination FTE distribution"),
    "fte_per_100k": ("ETP pour 100 000 habitants, par région", "FTE per 100,000 inhabitants, by region"),
    "created_per_year": ("CLSM créés par année", "Councils created per year"),
    "councils": ("CLSM", "Councils"), "amount": ("Montant (€)", "Amount (€)"),
    "layers": ("Couches", "Layers"), "choropleth": ("Aplat (département ou région)", "Shading (département or region)"),
    "none": ("Aucun", "None"), "share_covered": ("Population couverte (%)", "Population covered (%)"),
    "councils_per_100k": ("CLSM pour 100 000 hab.", "Councils per 100,000 inh."),
    "overseas": ("Outre-mer", "Overseas"), "metropole": ("Métropole", "Mainland"),
    "click_hint": ("Cliquez sur un CLSM ou un QPV pour le détail.", "Click a council or a QPV for details."),
    "table_alt": ("Tableau par région (alternative à la carte)", "Table by region (map alternative)"),
    "priority_title": ("QPV non couverts classés par priorité", "Uncovered priority neighbourhoods, ranked"),
    "w_population": ("Poids : population", "Weight: population"),
    "w_poverty": ("Poids : taux de pauvreté", "Weight: poverty rate"),
    "w_distance": ("Poids : distance au CLSM actif le plus proche", "Weight: distance to nearest active council"),
    "download_csv": ("Télécharger (CSV)", "Download (CSV)"),
    "scenario_title": ("Scénario ARS : gain de couverture d'un nouveau CLSM",
                       "ARS scenario: coverage gain of a new council"),
    "scenario_communes": ("Codes INSEE des communes (séparés par des virgules)", "Commune INSEE codes (comma-separated)"),
    "scenario_epci": ("ou SIREN d'un EPCI", "or an EPCI SIREN"),
    "compute": ("Calculer", "Compute"),
    "population_new": ("Habitants nouvellement couverts", "Inhabitants newly covered"),
    "qpv_gained": ("QPV qui deviendraient couverts", "Neighbourhoods that would become covered"),
    "search": ("Rechercher (nom, commune)", "Search (name, commune)"),
    "status": ("Statut", "Status"), "scale": ("Échelle", "Scale"), "population": ("Population", "Population"),
    "name": ("Nom", "Name"), "created": ("Création", "Created"), "fte": ("ETP", "FTE"),
    "territory": ("Territoire", "Territory"), "funding": ("Financements", "Funding"),
    "history": ("Historique des statuts", "Status history"), "back": ("← Annuaire", "← Directory"),
    "lookup_title": ("Qui couvre ce lieu ?", "What covers this place?"),
    "lookup_hint": ("Cliquez sur la carte, ou saisissez des coordonnées ou un code commune.",
                    "Click the map, or type coordinates or a commune code."),
    "longitude": ("Longitude", "Longitude"), "latitude": ("Latitude", "Latitude"),
    "commune_code": ("Code commune (INSEE)", "Commune code (INSEE)"),
    "nearest": ("CLSM actif le plus proche", "Nearest active council"),
    "no_council": ("Aucun CLSM actif ne couvre ce lieu.", "No active council covers this place."),
    "sources_title": ("Sources, millésimes et licences", "Sources, vintages and licences"),
    "exports_title": ("Téléchargements", "Downloads"),
    "definition_title": ("Définition de la couverture", "Coverage definition"),
    "definition": ("Un QPV est « couvert » quand au moins 50 % de sa surface est dans le territoire d'un CLSM actif, "
                   "« partiel » entre 5 et 50 %, « prévu » quand un CLSM en projet le couvrirait. Les surfaces sont "
                   "calculées sur l'ellipsoïde (PostGIS).",
                   "A QPV is 'covered' when at least 50% of its area lies in the territory of an active council, "
                   "'partly covered' between 5 and 50%, 'planned' when a council in preparation would cover it. "
                   "Areas are computed on the ellipsoid (PostGIS)."),
    "error": ("Le service de données ne répond pas correctement", "The data service did not answer properly"),
    "source_note": ("Sources : IGN, INSEE, ANCT (Licence Ouverte 2.0) ; registre des CLSM. Version des données",
                    "Sources: IGN, INSEE, ANCT (Licence Ouverte 2.0); CLSM register. Data version"),
    "menu": ("Menu principal", "Main menu"), "skip": ("Aller au contenu", "Skip to content"),
    "per_100k": ("pour 100 000 hab.", "per 100,000 inh."), "inhabitants": ("hab.", "inh."),
    "budget": ("budget", "budget"), "card": ("Fiche complète", "Full card"),
    "map_label": ("Carte des CLSM et des QPV", "Map of councils and priority neighbourhoods"),
    "priority_flag": ("QPV non couvert prioritaire (100 premiers)", "Uncovered priority neighbourhood (top 100)"),
    "share_active": ("part couverte par un CLSM actif", "share covered by an active council"),
    "priority_rank": ("Rang de priorité", "Priority rank"),
    "priority_components": ("Composantes de la priorité (0–1)", "Priority components (0–1)"),
    "component_population": ("Population", "Population"), "component_poverty": ("Pauvreté", "Poverty"),
    "component_distance": ("Distance au CLSM actif", "Distance to an active council"),
    "quality": ("qualité", "quality"), "type": ("type", "type"), "year": ("année", "year"),
    "share": ("part", "share"), "before": ("avant", "before"), "after": ("après", "after"),
    "source": ("source", "source"), "vintage": ("millésime", "vintage"), "licence": ("licence", "licence"),
    "rows": ("lignes", "rows"), "loaded_at": ("chargé le", "loaded at"), "date": ("date", "date"),
    "note": ("note", "note"), "rank": ("rang", "rank"), "score": ("score", "score"), "code": ("code", "code"),
    "poverty": ("taux de pauvreté (%)", "poverty rate (%)"), "distance_km": ("distance (km)", "distance (km)"),
    "no_result": ("Saisissez un lieu ou cliquez sur la carte.", "Type a place or click the map."),
    "not_found": ("Introuvable", "Not found"), "metadata": ("Métadonnées des exports (JSON)", "Export metadata (JSON)"),
    "funding_ars": ("ARS", "Regional health agency (ARS)"), "funding_commune_epci": ("Commune / EPCI", "Municipality / EPCI"),
    "funding_etablissement_sante": ("Établissement de santé", "Hospital"),
    "funding_politique_de_la_ville": ("Politique de la ville", "Urban policy"),
    "funding_appel_a_projets": ("Appel à projets", "Call for projects"),
    "funding_departement": ("Département", "Département"), "funding_caf": ("CAF", "Family allowance fund (CAF)"),
    "funding_region": ("Région", "Region"), "funding_fonds_europeens": ("Fonds européens", "EU funds"),
    "funding_autre": ("Autre", "Other"),
    # Évolution / Ruralité (issue 9)
    "nav_evolution": ("Évolution", "Over time"),
    "nav_rural": ("Ruralité", "Rural France"),
    "evo_title": ("La couverture au fil du temps", "Coverage through time"),
    "evo_year": ("Date (1er janvier de chaque année)", "Date (1 January of each year)"),
    "today": ("Aujourd'hui", "Today"),
    "evo_as_of": ("Situation au", "As it stood on"),
    "evo_as_of_today": ("Situation aujourd'hui", "As it stands today"),
    "evo_caveat": ("Le registre ne garde pas l'historique des territoires : une date passée est calculée avec les "
                   "territoires d'aujourd'hui (un CLSM qui s'est étendu compte avec son territoire actuel depuis sa "
                   "création) et la géographie d'aujourd'hui (communes du COG 2024, liste des QPV 2024). Les chiffres "
                   "publiés sur l'ancienne liste des QPV (2015) ne sont pas directement comparables. Les ETP et "
                   "financements ne sont pas historisés.",
                   "The register keeps no history of territories: a past date is computed with today's territories "
                   "(a council that grew counts with its current territory since its creation) and today's "
                   "geography (2024 COG communes, 2024 QPV list). Figures published on the former QPV list (2015) "
                   "are not directly comparable. FTE and funding are not historised."),
    "evo_geography": ("Géographie utilisée", "Geography used"),
    "evo_map_label": ("Carte de la couverture par région à la date choisie",
                      "Map of coverage by region on the chosen date"),
    "evo_regions_table": ("Tableau par région à la date choisie (alternative à la carte)",
                          "Table by region on the chosen date (map alternative)"),
    "trajectory": ("Trajectoire", "Trajectory"),
    "traj_councils": ("CLSM actifs et en projet au 1er janvier", "Active councils and councils in preparation on 1 January"),
    "traj_population": ("Habitants couverts au 1er janvier", "Inhabitants covered on 1 January"),
    "traj_share": ("Part de la population couverte : région et France", "Share of the population covered: region and France"),
    "share_pct": ("part couverte (%)", "share covered (%)"),
    "rural_title": ("Couverture des territoires ruraux", "Coverage of rural territory"),
    "density_dense": ("Dense", "Dense"), "density_intermediaire": ("Intermédiaire", "Intermediate"),
    "density_rural": ("Rural", "Rural"), "urban": ("Dense ou intermédiaire", "Dense or intermediate"),
    "density_thresholds": ("Classes de densité (grille communale de l'INSEE appliquée à chaque commune entière) : "
                           "dense = au moins 1 500 hab./km² et 50 000 habitants ; intermédiaire = au moins "
                           "300 hab./km² et 5 000 habitants ; rural = le reste.",
                           "Density classes (INSEE's municipal density grid applied to each whole commune): "
                           "dense = at least 1,500 inh./km² and 50,000 inhabitants; intermediate = at least "
                           "300 inh./km² and 5,000 inhabitants; rural = the rest."),
    "density_national": ("Part des habitants couverts par classe de densité (France)",
                         "Share of inhabitants covered by density class (France)"),
    "density_by_region": ("Part des habitants couverts : rural et dense/intermédiaire, par région",
                          "Share of inhabitants covered: rural and dense/intermediate, by region"),
    "kpi_rural_share": ("Habitants ruraux couverts", "Rural inhabitants covered"),
    "kpi_urban_share": ("Habitants des communes denses ou intermédiaires couverts",
                        "Inhabitants of dense or intermediate communes covered"),
    "kpi_rural_gap": ("Écart rural − urbain (points)", "Rural − urban gap (points)"),
    "rural_reach_title": ("Communes rurales des CLSM intercommunaux (territoires de plusieurs communes)",
                          "Rural communes of intercommunal councils (territories of several communes)"),
    "rural_reach_note": ("Mesure le territoire revendiqué par le conseil, pas le lieu de ses actions.",
                         "Measures the territory the council claims, not where it acts."),
    "rural_reach_totals": ("Ensemble des CLSM actifs de plusieurs communes (France)",
                           "All active multi-commune councils (France)"),
    "n_communes": ("communes", "communes"), "rural_communes": ("communes rurales", "rural communes"),
    "rural_communes_share": ("part de communes rurales", "share of rural communes"),
    "rural_population_share": ("part des habitants en commune rurale", "share of inhabitants in rural communes"),
    "main_commune": ("commune principale", "main commune"),
    "main_commune_share": ("part de la commune principale", "main commune's share"),
    "uncovered_rural_title": ("Territoire rural sans CLSM : EPCI sans aucune commune couverte, par population",
                              "Rural territory without a council: EPCI with no covered commune, by population"),
    "min_rural_share": ("Part minimale d'habitants en commune rurale", "Minimum share of inhabitants in rural communes"),
    "planned_here": ("CLSM en projet", "council in preparation"), "epci": ("EPCI", "EPCI"),
    "view": ("Vue", "View"), "view_qpv": ("QPV non couverts", "Uncovered priority neighbourhoods"),
    "view_rural": ("Territoire rural sans CLSM", "Rural territory without a council"),
    "rural_share_covered": ("Habitants ruraux couverts, par région (%)", "Rural inhabitants covered, by region (%)"),
    "no_rural": ("Aucune commune rurale", "No rural commune"),
    "yes": ("oui", "yes"), "no": ("non", "no"),
}


def t(key: str, lang: str = "fr") -> str:
    fr, en = LABELS.get(key, (key, key))
    return en if lang == "en" else fr


def label_or(key: str, fallback: str, lang: str = "fr") -> str:
    """The translated label of `key` when we have one, else the API's own label."""
    return t(key, lang) if key in LABELS else fallback


def lang_of(search: str | None) -> str:
    """The language chosen in the URL query string (?lang=en), French by default."""
    return "en" if search and "lang=en" in search else "fr"
