"""The register spreadsheet format (docs/register-format.md): column names, vocabularies, and
lenient cell parsers. A parser returns the value or raises ValueError with a reason a user can act on."""
import math
import re
import unicodedata
from datetime import date
from functools import cache

from core import council_fields
from core.models import CARRIER_TYPES, FUNDING_SOURCES

FTE_MAX = 5.0
ID_RE = re.compile(r"^[A-Z0-9][A-Z0-9_.-]{1,39}$")
SIREN_RE = re.compile(r"^\d{9}$")
INSEE_RE = re.compile(r"^(\d{4,5}|\d[AB]\d{3})$")
NAME_WITH_DEP_RE = re.compile(r"^(.*\S)\s*\(\s*(\d{1,3}|2[AB])\s*\)$", re.IGNORECASE)  # (1): Excel again

FUNDING_PREFIX = "financement_"
# Columns of the sheet that are not council fields (those come from core/council_fields.py).
OTHER_COLUMNS = [
    "historique_statut", "territoire", "annee_financement", *(FUNDING_PREFIX + s for s in FUNDING_SOURCES),
    "coordinateur_nom", "coordinateur_email", "coordinateur_telephone",
]
REQUIRED = ["identifiant", "nom", "statut", "echelle", "territoire"]
# Header labels as people write them, after normalisation (header_key: no accents, case,
# punctuation, small words or plural s), for the columns that are not council fields (a field's
# labels are in its spec). A label not listed can be mapped once in a profile.
HEADER_SYNONYMS = {
    "historique_statut": ["historique", "historique statut", "historique statuts"],
    "territoire": ["territoire", "communes", "communes couvertes", "commune couverte", "perimetre", "commune",
                   "territoire couvert", "communes concernees", "code insee", "codes insee", "insee",
                   "perimetre communes", "territoire communes", "epci communes", "communes epci"],
    "annee_financement": ["annee financement", "annee", "exercice", "annee budget"],
    "coordinateur_nom": ["coordinateur nom", "coordinateur", "coordinatrice", "coordonnateur", "nom coordinateur",
                         "coordinateur trice", "coordinateur rice", "nom coordinatrice", "contact"],
    "coordinateur_email": ["coordinateur email", "coordinateur e mail", "coordinateur mail", "email", "e mail",
                           "mail", "courriel", "adresse mail", "mel"],
    "coordinateur_telephone": ["coordinateur telephone", "coordinateur tel", "telephone", "tel", "tel coordinateur",
                               "telephone coordinateur"],
    "financement_commune_epci": ["financement commune epci", "financement commune ou epci", "financement commune",
                                 "financement ville", "financement collectivite", "financement collectivites"],
    "financement_appel_a_projets": ["financement appel a projets", "financement appel projet", "financement aap",
                                    "aap"],
    "financement_ars": ["financement ars"],
}
SMALL_WORDS = {"de", "du", "des", "d", "la", "le", "l", "les", "en", "a", "au", "aux", "e", "s", "par", "pour"}


def header_key(text: str) -> str:
    """'Date de\ncréation' -> 'date creation', 'Commune(s) couverte(s)' -> 'commune couverte': no accents,
    case, punctuation, small words or plural s."""
    words = [w for w in plain(text.replace("€", " eur ")).split() if w not in SMALL_WORDS]
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)


def columns() -> list[str]:
    """Every column of the sheet: the council fields' (core/council_fields.py), then the others."""
    return _columns(council_fields.FIELDS)


@cache
def _columns(spec: tuple) -> list[str]:
    return [f.sheet_column for f in spec if f.sheet_column] + OTHER_COLUMNS


def header_index() -> dict[str, str]:
    """header_key of every label a column is known by -> the column."""
    return _header_index(council_fields.FIELDS)


@cache
def _header_index(spec: tuple) -> dict[str, str]:
    labels = [(f.sheet_column, [f.label_fr, *f.synonyms]) for f in spec if f.sheet_column]
    index = {header_key(c.replace("_", " ")): c for c in _columns(spec)}
    for column, words in [*labels, *HEADER_SYNONYMS.items()]:
        index.update((header_key(w), column) for w in words)
    return index


def normalise_header(text: str, profile: dict[str, str] | None = None) -> str:
    """The register column a header label names ('' when none); ``profile`` maps the user's own
    labels (by header_key) first."""
    key = header_key(text)
    if profile and key in profile:
        return profile[key]
    if text.strip() in columns():
        return text.strip()
    return header_index().get(key, key.replace(" ", "_"))


def header_score(cells: list[str]) -> int:
    """How many distinct register columns a row's cells name: the header row scores highest."""
    index = header_index()
    return len({index[header_key(c)] for c in cells if c and header_key(c) in index})


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
