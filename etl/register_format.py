"""The register spreadsheet format (docs/register-format.md): column names, vocabularies, and
lenient cell parsers. A parser returns the value or raises ValueError with a reason a user can act on."""
import math
import re
import unicodedata
from datetime import date

from core.models import CARRIER_TYPES, FUNDING_SOURCES

FTE_MAX = 5.0
ID_RE = re.compile(r"^[A-Z0-9][A-Z0-9_.-]{1,39}$")
SIREN_RE = re.compile(r"^\d{9}$")
INSEE_RE = re.compile(r"^(\d{4,5}|\d[AB]\d{3})$")
NAME_WITH_DEP_RE = re.compile(r"^(.*\S)\s*\(\s*(\d{1,3}|2[AB])\s*\)$", re.IGNORECASE)  # (1): Excel again

FUNDING_PREFIX = "financement_"
COLUMNS = [
    "identifiant", "nom", "statut", "historique_statut", "date_creation", "echelle", "region_ars",
    "departement", "territoire", "structure_porteuse_type", "structure_porteuse", "etp_coordination",
    "budget_coordination_eur", "instances", "thematiques", "annee_financement",
    *(FUNDING_PREFIX + s for s in FUNDING_SOURCES),
    "coordinateur_nom", "coordinateur_email", "coordinateur_telephone", "demo", "source", "date_mise_a_jour",
]
REQUIRED = ["identifiant", "nom", "statut", "echelle", "territoire"]
# Header spellings seen in the wild, after normalisation (see normalise_header).
HEADER_ALIASES = {
    "id": "identifiant", "statut_actuel": "statut", "echelle_territoriale": "echelle",
    "region": "region_ars", "ars": "region_ars", "etp": "etp_coordination", "budget": "budget_coordination_eur",
    "budget_coordination": "budget_coordination_eur", "coordinateur_e_mail": "coordinateur_email",
    "coordinateur_mail": "coordinateur_email", "coordinateur_tel": "coordinateur_telephone",
    "financement_commune_ou_epci": "financement_commune_epci", "financement_appels_a_projets": "financement_appel_a_projets",
}

STATUS_WORDS = {
    "actif": ["actif", "active", "en activite", "en fonctionnement", "fonctionne"],
    "en_projet": ["en projet", "projet", "en preparation", "en construction", "en cours de creation"],
    "en_sommeil": ["en sommeil", "sommeil", "suspendu", "inactif"],
    "arrete": ["arrete", "arretee", "dissous", "ferme", "termine"],
}
SCALE_WORDS = {
    "communal": ["communal", "communale", "commune"],
    "intercommunal": ["intercommunal", "intercommunale", "epci", "intercommunalite"],
    "infra_communal": ["infra communal", "infracommunal", "infra communale", "arrondissement", "quartier"],
    "secteur_psychiatrique": ["secteur psychiatrique", "secteur", "secteur de psychiatrie"],
    "mixte": ["mixte"],
}
CARRIER_WORDS = {
    "commune": ["commune", "mairie", "ville"], "epci": ["epci", "intercommunalite", "agglomeration", "metropole"],
    "ccas": ["ccas", "cias"], "hopital": ["hopital", "etablissement de sante", "ch", "chs", "centre hospitalier"],
    "association": ["association"], "autre": ["autre"],
}
GOVERNANCE_WORDS = {
    "copil": ["copil", "comite de pilotage"], "assemblee_pleniere": ["assemblee pleniere", "pleniere"],
    "groupes_de_travail": ["groupes de travail", "groupe de travail", "gt"],
}
assert set(CARRIER_WORDS) == set(CARRIER_TYPES)


def plain(text: str) -> str:
    """Lower case, no accents, words separated by single spaces: for matching words and names."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def normalise_header(text: str) -> str:
    """'Date de création' -> 'date_creation': no accents, case, punctuation or small words."""
    key = plain(text).replace(" ", "_")
    if key not in COLUMNS:
        key = "_".join(w for w in plain(text).split() if w not in ("de", "du", "des", "d", "la", "le", "l"))
    return HEADER_ALIASES.get(key, key)


def _word(value: str, vocabulary: dict[str, list[str]], what: str) -> str:
    key = plain(value)
    for canonical, words in vocabulary.items():
        if key == plain(canonical.replace("_", " ")) or key in words:
            return canonical
    raise ValueError(f"unknown {what} (expected one of: {', '.join(vocabulary)})")


def parse_status(value: str) -> str:
    return _word(value, STATUS_WORDS, "status")


def parse_scale(value: str) -> str:
    return _word(value, SCALE_WORDS, "territory scale")


def parse_carrier(value: str) -> str:
    return _word(value, CARRIER_WORDS, "carrying structure type")


def parse_number(value: str) -> float:
    """'0,5', '1 200,50 €', '30000.00', '1.200,5', '30.000' -> float."""
    text = re.sub(r"[\s\u00a0\u202f€]|eur(os?)?$", "", value.strip().lower())
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):  # '30.000': a thousands separator
        text = text.replace(".", "")
    elif "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise ValueError("not a number") from None
    if not math.isfinite(number):  # float() accepts 'nan', 'inf', '1e999'
        raise ValueError("not a number")
    return number


def parse_fte(value: str) -> float:
    fte = parse_number(value)
    if not 0 <= fte <= FTE_MAX:
        raise ValueError(f"FTE out of range (0 to {FTE_MAX:g})")
    return round(fte, 2)


def parse_date(value: str, today: date) -> date:
    """dd/mm/yyyy (also with - or .) or ISO yyyy-mm-dd; never in the future."""
    text = value.strip().split(" ")[0].split("T")[0]
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        if not m:
            raise ValueError("not a date (expected dd/mm/yyyy or yyyy-mm-dd)")
        d, mo, y = (int(g) for g in m.groups())
    try:
        result = date(y, mo, d)
    except ValueError:
        raise ValueError("not a valid calendar date") from None
    if result > today:
        raise ValueError("date in the future")
    return result


def parse_bool(value: str) -> bool:
    key = plain(value)
    if key in ("oui", "o", "yes", "y", "true", "vrai", "1", "x"):
        return True
    if key in ("non", "n", "no", "false", "faux", "0", ""):
        return False
    raise ValueError("expected oui or non")


def split_list(value: str) -> list[str]:
    return [item.strip() for item in re.split(r"[;\n]", value) if item.strip()]


def tags(value: str, vocabulary: dict[str, list[str]] | None = None) -> list[str]:
    """'COPIL; Assemblée plénière' -> ['copil', 'assemblee_pleniere'] (order kept, no duplicates)."""
    out: list[str] = []
    for item in split_list(value):
        key = plain(item)
        tag = next((c for c, words in (vocabulary or {}).items() if key in words or key == c.replace("_", " ")),
                   key.replace(" ", "_"))
        if tag and tag not in out:
            out.append(tag)
    return out


def parse_history(value: str, today: date) -> list[tuple[str, date, str | None]]:
    """'15/03/2016 en projet | 01/01/2018 actif | 30/06/2022 en sommeil : départ' -> [(status, date, note)]."""
    out = []
    for entry in (e.strip() for e in value.split("|")):
        if not entry:
            continue
        m = re.fullmatch(r"(\S+)\s+([^:]+?)\s*(?::\s*(.*))?", entry)
        if not m:
            raise ValueError(f"history entry {entry!r}: expected 'date status' or 'date status : note'")
        when = parse_date(m.group(1), today)
        out.append((parse_status(m.group(2)), when, (m.group(3) or "").strip() or None))
    out.sort(key=lambda e: e[1])
    return out


def normalise_insee(item: str) -> str:
    """Excel drops the leading zero of Ain..Ardèche codes: '1053' -> '01053'."""
    return item.zfill(5) if item.isdigit() else item.upper()
