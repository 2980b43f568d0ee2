"""Cell values as the centre's staff write them: dates of any precision, FTE in words, hours or
percent, statuses with a year, régions by abbreviation, carriers by the first words of their name.
Each parser returns the value or raises ValueError with the accepted forms (the user's words)."""
import re
from datetime import date, timedelta

from etl.register_format import FTE_MAX, parse_bool, parse_number, plain, tags

MONTHS = {"janvier": 1, "janv": 1, "jan": 1, "fevrier": 2, "fevr": 2, "fev": 2, "feb": 2, "mars": 3, "mar": 3,
          "avril": 4, "avr": 4, "apr": 4, "mai": 5, "may": 5, "juin": 6, "jun": 6, "juillet": 7, "juil": 7,
          "jul": 7, "aout": 8, "aou": 8, "aug": 8, "septembre": 9, "sept": 9, "sep": 9, "octobre": 10, "oct": 10,
          "novembre": 11, "nov": 11, "decembre": 12, "dec": 12, "january": 1, "february": 2, "march": 3,
          "april": 4, "june": 6, "july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
          "december": 12}
PLANNED = re.compile(r"\(?\s*(pr[ée]vue?s?|pr[ée]visionnel(le)?|envisag[ée]e?|planned)\s*\)?", re.IGNORECASE)
EXCEL_EPOCH = date(1899, 12, 30)
DATE_FORMS = "jj/mm/aaaa, aaaa-mm-jj, mm/aaaa, « mars 2019 », aaaa"


class When:
    """A date with its precision ('day', 'month' or 'year'; the date is the first day) and whether
    the cell said it was planned ('(prévu)')."""

    __slots__ = ("day", "precision", "planned")

    def __init__(self, day: date, precision: str = "day", planned: bool = False):
        self.day, self.precision, self.planned = day, precision, planned

    def __eq__(self, other) -> bool:
        return isinstance(other, When) and (self.day, self.precision, self.planned) == (
            other.day, other.precision, other.planned)

    def __repr__(self) -> str:
        return f"When({self.day}, {self.precision}{', planned' if self.planned else ''})"


def _year(text: str) -> int:
    year = int(text)
    return year if len(text) == 4 else 2000 + year  # 'mars-19': Excel's mmm-yy


def parse_when(value: str, today: date, allow_planned: bool = False) -> When:
    """'15/03/2019', '2019-03-15', '03/2019', 'mars 2019', 'mars-19', '2019', an Excel serial number
    ('43539'), each optionally followed by '(prévu)'. Future dates only when planned and allowed."""
    text, planned = value.strip(), False
    if PLANNED.search(text):
        planned, text = True, PLANNED.sub(" ", text).strip(" ,;-")
    text = re.sub(r"^(le|en|depuis|au|a partir de|à partir de|d[ée]but|fin)\s+", "", text.strip(), flags=re.I)
    text = text.split("T")[0].strip()
    text = re.sub(r"\s+00:00(:00)?$", "", text)
    when = _parse_plain(text)
    if when is None:
        raise ValueError(f"not a date (accepted: {DATE_FORMS}, optionally followed by « (prévu) »)")
    when.planned = planned
    if when.day > today and not (planned and allow_planned):
        hint = " (a planned date of a council en projet: add « (prévu) »)" if not planned else \
            " (« prévu » only for a council en projet)"
        raise ValueError(f"date in the future{hint}")
    return when


def _parse_plain(text: str) -> When | None:
    low = plain(text)
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
            return When(date(int(m[1]), int(m[2]), int(m[3])))
        if m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})", text):
            return When(date(_year(m[3]), int(m[2]), int(m[1])))
        if m := re.fullmatch(r"(\d{1,2})[/.-](\d{4})", text):
            return When(date(int(m[2]), int(m[1]), 1), "month")
        if m := re.fullmatch(r"(\d{4})[/-](\d{1,2})", text):
            return When(date(int(m[1]), int(m[2]), 1), "month")
        if m := re.fullmatch(r"(?:(\d{1,2})(?:er)? )?([a-z]+) (\d{4}|\d{2})", low):
            if m[2] in MONTHS:
                day = date(_year(m[3]), MONTHS[m[2]], int(m[1]) if m[1] else 1)
                return When(day, "day" if m[1] else "month")
        if re.fullmatch(r"(19|20)\d{2}", text):
            return When(date(int(text), 1, 1), "year")
        if re.fullmatch(r"\d{5}(\.0+)?", text) and 10_000 <= float(text) <= 80_000:  # Excel serial (General cell)
            return When(EXCEL_EPOCH + timedelta(days=int(float(text))))
    except ValueError:
        raise ValueError("not a valid calendar date") from None
    return None


# -- FTE -----------------------------------------------------------------------------------------------
FTE_WORDS = {"temps plein": 1.0, "plein temps": 1.0, "temps complet": 1.0, "mi temps": 0.5, "demi temps": 0.5,
             "1 2 temps": 0.5, "quart temps": 0.25, "1 4 temps": 0.25, "3 4 temps": 0.75, "tiers temps": 0.33,
             "1 3 temps": 0.33, "2 3 temps": 0.67, "aucun": 0.0, "neant": 0.0}
HOURS_PER_FTE, DAYS_PER_FTE = 35.0, 5.0
FTE_FORMS = "0,5 ; 0.5 ETP ; 50 % ; mi-temps ; temps plein ; 17,5 h/semaine ; 2 jours/semaine"


def parse_fte(value: str) -> float:
    """Full-time equivalent of the coordination, from any of FTE_FORMS."""
    low = plain(value.replace("½", " 1/2 ").replace("¼", " 1/4 "))
    if low in FTE_WORDS:
        fte = FTE_WORDS[low]
    else:
        text = value.strip().lower().replace("\u00a0", " ").replace("\u202f", " ")
        hours = re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*h(?:eures?|rs?)?\s*(\d{2})?\s*(?:/|par|hebdo)?\s*"
                             r"(?:semaine|sem\.?|hebdo(?:madaires?)?)?", text)
        days = re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*j(?:ours?|rs?)?\.?\s*(?:/|par)\s*(?:semaine|sem\.?)", text)
        percent = re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*%", text)
        if hours and ("h" in text):
            fte = (parse_number(hours[1]) + (int(hours[2]) / 60 if hours[2] else 0)) / HOURS_PER_FTE
        elif days:
            fte = parse_number(days[1]) / DAYS_PER_FTE
        elif percent:
            fte = parse_number(percent[1]) / 100
        else:
            text = re.sub(r"\s*(etp|e\.t\.p\.?|fte)\s*$", "", text)
            try:
                fte = parse_number(text)
            except ValueError:
                raise ValueError(f"not an FTE (accepted: {FTE_FORMS})") from None
    if not 0 <= fte <= FTE_MAX:
        raise ValueError(f"FTE out of range (0 to {FTE_MAX:g}; accepted: {FTE_FORMS})")
    return round(fte, 2)


# -- statuses, régions, carriers -------------------------------------------------------------------------
STATUS_EXTRA = {"actif": ["operationnel", "installe", "en place", "signe", "oui", "ok", "en cours", "fonctionnel"],
                "en_projet": ["projet en cours", "en reflexion", "a venir", "en emergence", "emergent",
                              "en cours d installation", "preparation", "prefiguration", "en prefiguration"],
                "en_sommeil": ["en veille", "veille", "en pause", "pause", "suspendu", "en suspens", "dormant",
                               "en attente", "inactif", "en sommeil"],
                "arrete": ["arrete", "arretee", "abandonne", "abandonnee", "clos", "cloture", "dissous", "ferme",
                           "termine", "fin", "stoppe"]}


def split_annotation(value: str) -> tuple[str, str | None]:
    """'Arrêté (2021)' -> ('Arrêté', '2021'); 'actif depuis 2018' -> ('actif', '2018')."""
    m = re.fullmatch(r"\s*(.*?\S)\s*\((.*)\)\s*", value) or \
        re.fullmatch(r"\s*(.*?\S)\s+(?:depuis|le|au|(?:à|a) compter d[eu]|en (?=\d))\s*(.+?)\s*", value, re.IGNORECASE)
    if m:
        return m[1], m[2].strip() or None
    return value, None


REGION_ABBREVIATIONS = {
    "idf": "11", "ile france": "11", "cvl": "24", "centre": "24", "centre val loire": "24", "bfc": "27",
    "bourgogne": "27", "franche comte": "27", "normandie": "28", "haute normandie": "28", "basse normandie": "28",
    "hdf": "32", "nord pas calais": "32", "picardie": "32", "npdc": "32", "ge": "44", "alsace": "44",
    "lorraine": "44", "champagne ardenne": "44", "acal": "44", "pdl": "52", "pays loire": "52", "bretagne": "53",
    "na": "75", "naq": "75", "aquitaine": "75", "limousin": "75", "poitou charentes": "75", "occ": "76",
    "occitanie": "76", "midi pyrenees": "76", "languedoc roussillon": "76", "aura": "84", "ara": "84",
    "rhone alpes": "84", "auvergne": "84", "paca": "93", "sud": "93", "region sud": "93",
    "provence alpes cote azur": "93", "corse": "94", "guadeloupe": "01", "martinique": "02", "guyane": "03",
    "reunion": "04", "la reunion": "04", "mayotte": "06",
}


def region_key(value: str) -> str:
    words = [w for w in plain(value).split() if w not in ("ars", "region", "de", "d", "la", "l", "du", "et", "des")]
    return " ".join(words)


CARRIER_PREFIXES = {  # first words of a carrier's name -> type
    "hopital": ["epsm", "ch", "chu", "chs", "chr", "cht", "ghu", "ght", "gh", "centre hospitalier", "hopital",
                "etablissement public sante mentale", "clinique", "eps", "ehpad", "gcs", "ghsm", "ahsm"],
    "ccas": ["ccas", "cias", "centre communal action sociale"],
    "epci": ["ca", "cc", "cu", "communaute", "metropole", "agglomeration", "agglo", "ept", "etablissement public "
             "territorial", "pays", "pole metropolitain", "syndicat"],
    "commune": ["ville", "mairie", "commune"],
    "association": ["association", "asso", "unafam", "udaf", "croix rouge", "mutualite", "adapei"],
    "autre": ["conseil departemental", "departement", "cpts", "gip", "contrat local sante", "cls"],
}


def parse_carrier_words(value: str) -> str:
    """'EPSM de la Sarthe' -> 'hopital', 'Ville de Brest' -> 'commune', 'CCAS' -> 'ccas'."""
    words = plain(value).split()
    best = None
    for kind, prefixes in CARRIER_PREFIXES.items():
        for prefix in prefixes:
            n = len(prefix.split())
            if words[:n] == prefix.split() and (best is None or n > best[1]):
                best = (kind, n)
    if best is None:
        raise ValueError("unknown carrying structure type (accepted: commune/ville/mairie, EPCI/CA/CC/métropole, "
                         "CCAS/CIAS, hôpital/CH/EPSM, association, autre)")
    return best[0]


def parse_kind(value: str, kind: str, today: date):
    """A cell of a council field that needs no rule of its own, read by its kind (core/council_fields.py)."""
    if kind == "number":
        return parse_number(value)
    if kind == "integer":
        number = parse_number(value)
        if not number.is_integer():
            raise ValueError("not a whole number")
        return int(number)
    if kind == "boolean":
        return parse_bool(value)
    if kind == "date":
        return parse_when(value, today).day
    if kind == "list":
        return tags(value)
    return value.strip() or None  # text, code
