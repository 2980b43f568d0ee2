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
    "layers": ("Couches", "Layers"), "choropleth": ("Aplat par département", "Département shading"),
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
