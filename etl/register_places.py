"""Communes and EPCI as the staff write them in a territory cell: INSEE codes in any textual form
('76 351', '1004', '2b033', '29019 - Brest', 'Tourcoing (59599)'), names with or without their
département ('La Rochelle', 'St-Étienne', 'Rochelle (La)', 'Marseille 3e', 'Paris 18ème'), EPCI by
SIREN or name ('CA du Cotentin'). Several per cell, separated by , ; / ' et ' or line breaks."""
import re
from collections.abc import Callable

from etl.register_format import plain

SPLIT_RE = re.compile(r"\s*(?:[;,/\n|]|\s+et\s+|\s+&\s+)\s*", re.IGNORECASE)
CODE = r"(?:\d{2}\s?\d{3}|\d{4}|2[ABab]\s?\d{3})"
CODE_RE = re.compile(rf"^{CODE}$")
SIREN_RE = re.compile(r"^\d{3}\s?\d{3}\s?\d{3}$")
CODE_THEN_NAME = re.compile(rf"^({CODE})\s*(?:[-–—:]\s*|\s+)(\D.*)$")
NAME_THEN_CODE = re.compile(rf"^(.*\D)\s*[(\[]\s*({CODE})\s*[)\]]$")
NAME_THEN_DEP = re.compile(r"^(.*\S)\s*(?:\(\s*(\d{1,3}|2[AB])\s*\)|[-–]\s*(\d{2,3}|2[AB]))$", re.IGNORECASE)
ARTICLE_AFTER = re.compile(r"^(.*\S)\s*\(\s*(la|le|les|l')\s*\)$", re.IGNORECASE)
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes", "ss": "sous",
                 "mt": "mont", "nd": "notre dame", "gd": "grand", "gde": "grande"}
ORDINAL_RE = re.compile(r"\b(\d{1,2})\s?(?:e|eme|ieme|er|ere|re|è|ème)\b")
EPCI_TYPES = {"ca": "communaute agglomeration", "cc": "communaute communes", "cu": "communaute urbaine",
              "cda": "communaute agglomeration", "ccom": "communaute communes", "me": "metropole"}
EPCI_WORDS = ("communaute", "metropole", "agglomeration", "ca", "cc", "cu", "cda", "eurometropole")
SMALL = {"de", "du", "des", "d", "la", "le", "les", "l", "en", "sur", "sous"}


def name_key(text: str) -> str:
    """How a commune name is matched: no accents, case, hyphens or leading article; St -> Saint;
    'La Rochelle' = 'Rochelle (La)' = 'rochelle'; 'Paris 18ème arrondissement' -> 'paris 18e'."""
    m = ARTICLE_AFTER.match(text.strip())
    if m:
        text = f"{m[2]} {m[1]}"
    text = re.sub(r"\b(st|ste|sts|stes|mt|gd|gde)\.", r"\1 ", text, flags=re.IGNORECASE)
    return key_of_plain(plain(text.replace("s/", " sur ").replace("S/", " sur ")))


def key_of_plain(words_text: str) -> str:
    """name_key of a text already through plain() (the geography's names: read once per import)."""
    words = [ABBREVIATIONS.get(w, w) for w in words_text.split()]
    if len(words) > 1 and words[0] in ("la", "le", "les", "l"):
        words = words[1:]  # the geography writes 'Rochelle', 'Havre': the article is not part of the name
    key = " ".join(w for w in words if w not in ("arrondissement", "arr", "ardt", "arrdt", "arrt"))
    if not any(c.isdigit() for c in key):
        return key
    key = ORDINAL_RE.sub(lambda g: "1er" if g[1] == "1" else f"{int(g[1])}e", key)
    return re.sub(r"\b(\d{1,2})e\b", lambda g: "1er" if g[1] == "1" else g[0], key)


def epci_key(text: str) -> str:
    words = plain(text).split()
    if words and words[0] in EPCI_TYPES:
        words = EPCI_TYPES[words[0]].split() + words[1:]
    return " ".join(w for w in words if w not in SMALL)


def epci_short_key(key: str) -> str:
    """The EPCI name without its type: 'communaute agglomeration grand belfort' -> 'grand belfort'."""
    for prefix in ("communaute agglomeration", "communaute communes", "communaute urbaine", "metropole",
                   "eurometropole"):
        if key.startswith(prefix + " "):
            return key[len(prefix) + 1:]
    return key


def split_items(value: str) -> list[str]:
    return [item.strip(" .") for item in SPLIT_RE.split(value) if item.strip(" .")]


def normalise_code(text: str) -> str:
    code = re.sub(r"\s", "", text).upper()
    return code.zfill(5) if code.isdigit() else code


class Resolver:
    """Resolves one territory item against the Geography; warn(reason) records a warning."""

    def __init__(self, geo, dep_hint: str, warn: Callable[[str, str], None]):
        self.geo, self.dep, self.warn = geo, dep_hint, warn
        self.current = ""

    def item(self, item: str) -> list[tuple[str, str | None]]:
        """[(commune code, via EPCI SIREN)]; ValueError with a reason when it cannot be read."""
        self.current = item  # warnings name the item as written
        if SIREN_RE.match(item):
            siren = re.sub(r"\s", "", item)
            if siren not in self.geo.epci_members:
                raise ValueError("unknown EPCI SIREN")
            return [(c, siren) for c in self.geo.epci_members[siren]]
        if CODE_RE.match(item):
            return [(self.code(item), None)]
        for pattern, order in ((CODE_THEN_NAME, (1, 2)), (NAME_THEN_CODE, (2, 1))):
            m = pattern.match(item)
            if m:
                return [(self.code_and_name(m[order[0]], m[order[1]]), None)]
        return self.name(item)

    def code(self, text: str) -> str:
        code = normalise_code(text)
        if code in self.geo.communes:
            return code
        if code in self.geo.former:
            current, name = self.geo.former[code]
            self.warn(self.current, f"former commune {code} {name} mapped to current commune {current}")
            return current
        raise ValueError(f"unknown INSEE code {code}: neither a current commune or arrondissement nor a former "
                         "(delegated or associated) one")

    def code_and_name(self, code_text: str, name: str) -> str:
        code = self.code(code_text)
        wanted = name_key(name)
        named = {name_key(self.geo.commune_names.get(code, ""))}
        written = normalise_code(code_text)
        named |= {name_key(n) for c, (cur, n) in self.geo.former.items() if cur == code and c == written}
        if wanted in named:
            return code
        others = [c for c, _, _ in self.geo.national.get(wanted, [])]
        other = f" ({', '.join(others)} is {name})" if others else ""
        raise ValueError(f"the code and the name disagree: {normalise_code(code_text)} is "
                         f"{self.geo.commune_names.get(code, code)}, not {name}{other}; keep one of the two")

    def name(self, item: str) -> list[tuple[str, str | None]]:
        m = NAME_THEN_DEP.match(item)
        name, dep = (m[1], (m[2] or m[3]).upper().zfill(2)) if m else (item, self.dep)
        if plain(name).split()[:1] and plain(name).split()[0] in EPCI_WORDS:
            return self.epci(name)
        key = name_key(name)
        found = self.geo.national.get(key, [])
        if dep:
            in_dep = [f for f in found if f[2] == dep]
            found = in_dep or ([] if m else found)  # an explicit département must match
        exact = [f for f in found if f[1].casefold() == name.strip().casefold()]
        found = exact if len(exact) == 1 else found
        if len(found) == 1:
            return [(found[0][0], None)]
        if len(found) > 1 and dep:
            codes = ", ".join(c for c, _, _ in found)
            raise ValueError(f"ambiguous commune name in {dep} ({codes}): use the INSEE code")
        if len(found) > 1:
            listed = ", ".join(f"{c} {n} ({d})" for c, n, d in found[:6])
            raise ValueError(f"ambiguous commune name: {listed}; add the département, e.g. '{name} (dép)', "
                             "or write the INSEE code")
        former = self.former(key, dep)
        if former:
            return [(former, None)]
        if epci := self.geo.epci_names.get(epci_key(name)) or self.geo.epci_short.get(epci_key(name)):
            if len(epci) == 1:
                return [(c, epci[0]) for c in self.geo.epci_members[epci[0]]]
        where = f" in département {dep}" if dep else ""
        raise ValueError(f"unknown commune name{where} (accepted: INSEE code, 'Name', 'Name (dép)', "
                         "'code - Name', EPCI SIREN or name)")

    def former(self, key: str, dep: str) -> str | None:
        """A name no current commune bears: a former (delegated or associated) commune's, with a warning."""
        former = [f for (d, k), items in self.geo.former_names.items() if k == key and (not dep or d == dep)
                  for f in items]
        current = sorted({c for _, c, _ in former})
        if len(current) == 1:
            code, _, nom = former[0]
            self.warn(self.current, f"former commune {code} {nom} mapped to current commune {current[0]}")
            return current[0]
        if current:
            raise ValueError(f"ambiguous former commune name ({', '.join(current)}): use the INSEE code")
        return None

    def epci(self, name: str) -> list[tuple[str, str | None]]:
        key = epci_key(name)
        sirens = self.geo.epci_names.get(key) or self.geo.epci_short.get(epci_short_key(key), [])
        if len(sirens) != 1:
            reason = "ambiguous" if sirens else "unknown"
            raise ValueError(f"{reason} EPCI name (write its SIREN, 9 digits, or its full name)")
        return [(c, sirens[0]) for c in self.geo.epci_members[sirens[0]]]


def named_commune_conflict(council_name: str, code: str, geo) -> str | None:
    """A bare code in a postal code's form (ending in 0) whose commune the council's name does not
    name, while it names another commune of the same département: perhaps that commune's postal
    code. Returns both readings, or None."""
    if not code.endswith("0"):
        return None
    title = f" {name_key(council_name)} "
    own = name_key(geo.commune_names.get(code, ""))
    if not own or f" {own} " in title:
        return None
    dep = geo.communes[code][0]
    others = [(c, n) for key, items in geo.by_dep.get(dep, {}).items() if len(key) >= 4 and f" {key} " in title
              for c, n in items if c != code]
    if not others:
        return None
    c, n = max(others, key=lambda o: len(o[1]))
    return f"{code} is the INSEE code of {geo.commune_names[code]}, but the council is named after {n} ({c}): " \
           f"is {code} a postal code? Write {n}'s INSEE code {c} or the commune's name"
