"""Validate the rows of a register spreadsheet against the geography: every problem of every row
is collected (file, row, column, value, reason); resolvable quirks become warnings, never silent."""
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import psycopg

from core import council_fields
from core.errors import RowProblem
from core.models import FUNDING_SOURCES
from etl import register_format as fmt
from etl import register_places as places
from etl import register_values as values
from etl.spreadsheet import EXTRA, Sheet


@dataclass
class Geography:
    """What validation needs from geo.*, read once per import."""

    communes: dict[str, tuple[str, str]]  # code -> (departement, region)
    names: dict[tuple[str, str], list[tuple[str, str]]]  # (departement, plain name) -> [(code, nom)]
    former: dict[str, tuple[str, str]]  # former code -> (current code, former name)
    epci_members: dict[str, list[str]]  # SIREN -> member communes (COM)
    regions: dict[str, str]  # code or plain name -> code
    former_names: dict[tuple[str, str], list[tuple[str, str, str]]] = field(default_factory=dict)
    # (departement of the current commune, name_key of the former name) -> [(former code, current code, name)]
    national: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)  # name_key -> [(code, nom, dep)]
    by_dep: dict[str, dict[str, list[tuple[str, str]]]] = field(default_factory=dict)  # dep -> name_key -> [..]
    commune_names: dict[str, str] = field(default_factory=dict)
    epci_names: dict[str, list[str]] = field(default_factory=dict)  # epci_key -> [SIREN]
    epci_short: dict[str, list[str]] = field(default_factory=dict)  # name without its type -> [SIREN]

    @classmethod
    def read(cls, conn: psycopg.Connection) -> "Geography":
        communes, names = {}, defaultdict(list)
        epci = defaultdict(list)
        national, by_dep, commune_names = defaultdict(list), defaultdict(lambda: defaultdict(list)), {}
        for code, nom, dep, reg, ctype, epci_code in conn.execute(
                "SELECT code, nom, departement_code, region_code, type, epci_code FROM geo.commune ORDER BY code"):
            communes[code] = (dep, reg)
            plain_nom = fmt.plain(nom)
            names[(dep, plain_nom)].append((code, nom))
            commune_names[code] = nom
            key = places.key_of_plain(plain_nom)
            national[key].append((code, nom, dep))
            by_dep[dep][key].append((code, nom))
            if ctype == "COM" and epci_code:
                epci[epci_code].append(code)
        epci_names, epci_short = defaultdict(list), defaultdict(list)
        for code, nom in conn.execute("SELECT code, nom FROM geo.epci ORDER BY code"):
            epci.setdefault(code, [])
            epci_names[places.epci_key(nom)].append(code)
            epci_short[places.epci_short_key(places.epci_key(nom))].append(code)
        former = {code: (current, nom) for code, current, nom in conn.execute(
            "SELECT code, current_code, nom FROM geo.commune_former ORDER BY code, type")}
        former_names = defaultdict(list)
        for code, current, nom in conn.execute(
                "SELECT DISTINCT f.code, f.current_code, f.nom FROM geo.commune_former f ORDER BY 1, 2"):
            if code != current:  # a delegated commune keeping the new commune's code is the commune itself
                former_names[(communes[current][0], places.name_key(nom))].append((code, current, nom))
        regions = {}
        for code, nom in conn.execute("SELECT code, nom FROM geo.region"):
            regions[code] = regions[fmt.plain(nom)] = code
        return cls(communes, dict(names), former, dict(epci), regions, dict(former_names), dict(national),
                   {d: dict(k) for d, k in by_dep.items()}, commune_names, dict(epci_names), dict(epci_short))


@dataclass
class CouncilRow:
    row: int
    id: str
    name: str
    status: str
    scale: str
    created_on: date | None = None
    region_code: str | None = None
    departement_code: str | None = None
    carrier_type: str | None = None
    carrier_name: str | None = None
    fte: float | None = None
    budget_eur: float | None = None
    governance: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    demo: bool = False
    source: str | None = None
    updated_on: date | None = None
    territory: list[tuple[str, str | None]] = field(default_factory=list)  # (commune code, via EPCI SIREN)
    history: list[tuple[str, date, str | None]] = field(default_factory=list)
    funding: list[tuple[str, int, float]] = field(default_factory=list)  # (source, year, amount)
    contact: tuple[str | None, str | None, str | None] | None = None
    quality_score: float = 0.0
    created_on_precision: str | None = None  # day, month or year: what the cell said
    cells: dict[str, str] = field(default_factory=dict)  # as read: identical duplicate rows are one council
    extra: dict[str, object] = field(default_factory=dict)  # spec fields without an attribute above

    def value(self, name: str):
        """A council field's value, by its name in core/council_fields.py."""
        return self.extra[name] if name in self.extra else getattr(self, name)

    def set(self, name: str, value) -> None:
        if name in CouncilRow.__dataclass_fields__:
            setattr(self, name, value)
        else:
            self.extra[name] = value


# Fields the validator reads itself (vocabularies, geography, ranges, precision); every other
# imported field of the spec is parsed from its sheet column by its kind (values.parse_kind).
SPECIAL = {"id", "name", "status", "scale", "created_on", "created_on_precision", "updated_on", "carrier_type",
           "region_code", "departement_code", "fte", "budget_eur", "governance", "demo", "quality_score"}

# Fields a complete record has: the quality score is the share of them filled (a council en
# projet has no creation date yet).
EXPECTED = ("created_on", "region_code", "carrier_type", "carrier_name", "fte", "budget_eur", "governance",
            "themes", "funding", "contact", "source", "updated_on")


def validate_sheet(sheet: Sheet, geo: Geography, today: date,
                   profile: dict[str, str] | None = None
                   ) -> tuple[list[CouncilRow], list[RowProblem], list[RowProblem]]:
    """-> (valid councils, errors, warnings). A row with any error is not in the valid list. Rows
    that are not councils (totals, notes, comments) go to sheet.skipped, listed with a reason."""
    errors, warnings = [], []
    columns: dict[str, str] = {}
    for header in (h for h in sheet.header if h):
        key = fmt.normalise_header(header, profile)
        if key in columns:
            warnings.append(RowProblem(sheet.file, sheet.header_row, header, None,
                                       f"second column for {key} (first: {columns[key]!r}), ignored"))
            continue
        columns[key] = header
    missing = [c for c in fmt.REQUIRED if c not in columns]
    if missing:
        found = ", ".join(repr(h) for h in sheet.header if h)
        return [], [RowProblem(sheet.file, sheet.header_row, c, None,
                               f"missing column (header on row {sheet.header_row}: {found}); name it as in "
                               f"docs/register-format.md or map it with --map 'your label={c}'") for c in missing], []
    for key, header in columns.items():
        if key not in fmt.columns():
            warnings.append(RowProblem(sheet.file, sheet.header_row, header, None,
                                       "unknown column, ignored (map it with --map 'label=column' if it is one)"))
    seen: dict[str, int] = {}
    valid = []
    for number, raw in sheet.rows:
        cells = {key: raw.get(header, "") for key, header in columns.items()}
        why = not_a_council(cells, raw)
        if why:
            sheet.skipped.append(RowProblem(sheet.file, number, None, " | ".join(
                v for k, v in raw.items() if v and k != EXTRA)[:80], why))
            continue
        row = _RowValidator(sheet.file, number, cells, columns, geo, today)
        if EXTRA in raw:
            row.error(None, raw[EXTRA], "more cells than the header: a separator inside an unquoted cell?")
        council = row.council()
        first = seen.get(council.id) if council else None
        if first and first[1].cells == council.cells:
            warnings.append(RowProblem(sheet.file, number, columns["identifiant"], council.id,
                                       f"same row as row {first[0]}: kept once"))
            continue
        if first:
            differ = sorted(k for k in set(first[1].cells) | set(council.cells)
                            if first[1].cells.get(k) != council.cells.get(k))
            reason = (f"id also on row {{}} with other values ({', '.join(columns.get(k, k) for k in differ[:5])}): "
                      "both rows refused; keep one row per council")
            row.error("identifiant", council.id, reason.format(first[0]))
            errors.append(RowProblem(sheet.file, first[0], columns["identifiant"], council.id, reason.format(number)))
            valid = [v for v in valid if v.row != first[0]]
        elif council:
            seen[council.id] = (number, council)
        errors += row.errors
        warnings += row.warnings
        if council and not row.errors:
            valid.append(council)
    if not valid and not errors:  # with --replace this would empty the register: never a valid file
        errors.append(RowProblem(sheet.file, None, None, None, "no council in the file (header only)"))
    return valid, errors, warnings


TOTAL_WORDS = ("total", "sous total", "ensemble", "somme", "moyenne", "nombre clsm", "nb clsm")
NOTE_WORDS = ("source", "note", "nb ", "n b", "lecture", "champ", "mise a jour", "maj ", "commentaire", "remarque",
              "legende", "attention", "donnees", "fichier", "extraction", "a jour au", "etat au")


def not_a_council(cells: dict[str, str], raw: dict[str, str]) -> str | None:
    """Why a row is not a council (a total, a note, a comment), or None: such rows are skipped and listed."""
    values = [v for k, v in raw.items() if v and k != EXTRA]
    if not values:
        return "blank row"
    first = fmt.plain(cells.get("identifiant") or values[0])
    if any(first == w or first.startswith(w + " ") for w in TOTAL_WORDS):
        return "total row"
    if cells.get("identifiant") and (len(values) > 1 or fmt.ID_RE.match(cells["identifiant"].upper())):
        return None
    text = fmt.plain(values[0]) + " "
    if any(text.startswith(w if w.endswith(" ") else w + " ") for w in NOTE_WORDS) or values[0][:1] in "*#(":
        return "note or source line"
    if len(values) == 1:
        return "comment or section heading (one cell, no id)"
    return None


class _RowValidator:
    def __init__(self, file, number, cells, columns, geo: Geography, today: date):
        self.file, self.number, self.cells, self.columns, self.geo, self.today = (
            file, number, cells, columns, geo, today)
        self.errors: list[RowProblem] = []
        self.warnings: list[RowProblem] = []
        self.status_since = None

    def error(self, key, value, reason):
        self.errors.append(RowProblem(self.file, self.number, self.columns.get(key, key), value, reason))

    def warn(self, key, value, reason):
        self.warnings.append(RowProblem(self.file, self.number, self.columns.get(key, key), value, reason))

    def parsed(self, key, parser, *args):
        """Parser result for a filled cell, None for an empty one; a failure is recorded."""
        value = self.cells.get(key, "")
        if not value:
            return None
        try:
            return parser(value, *args)
        except ValueError as exc:
            self.error(key, value, str(exc))
            return None

    def council(self) -> CouncilRow | None:
        c = self.cells
        for key in fmt.REQUIRED:
            if not c.get(key):
                self.error(key, None, "required value missing")
        council_id = c["identifiant"].upper()
        if council_id and not fmt.ID_RE.match(council_id):
            self.error("identifiant", c["identifiant"], "malformed id (letters, digits, '-', e.g. CLSM-0001)")
        status, self.status_since = self.parsed("statut", self._status) or ("", None)
        out = CouncilRow(self.number, council_id, c["nom"], status, self.parsed("echelle", fmt.parse_scale) or "")
        created = self.parsed("date_creation", values.parse_when, self.today, status == "en_projet")
        out.created_on, out.created_on_precision = (created.day, created.precision) if created else (None, None)
        updated = self.parsed("date_mise_a_jour", values.parse_when, self.today)
        out.updated_on = updated.day if updated else None
        out.carrier_type = self.parsed("structure_porteuse_type", self._carrier)
        if out.carrier_type is None and c.get("structure_porteuse") and "structure_porteuse_type" not in c:
            out.carrier_type = self._guess_carrier(c["structure_porteuse"])
        out.fte = self.parsed("etp_coordination", values.parse_fte)
        out.budget_eur = self.parsed("budget_coordination_eur", self._amount)
        out.governance = fmt.tags(c.get("instances", ""), fmt.GOVERNANCE_WORDS)
        out.demo = bool(self.parsed("demo", fmt.parse_bool))
        for spec in council_fields.fields(imported=True):
            if spec.sheet_column and spec.name not in SPECIAL:
                value = self.parsed(spec.sheet_column, values.parse_kind, spec.kind, self.today)
                out.set(spec.name, [] if value is None and spec.kind == "list" else value)
        out.territory = self._territory(c.get("departement", ""))
        out.departement_code, out.region_code = self._where(out.territory)
        out.history = self._history(out)
        out.funding = self._funding(out)
        contact = (c.get("coordinateur_nom") or None, c.get("coordinateur_email") or None,
                   c.get("coordinateur_telephone") or None)
        out.contact = contact if any(contact) else None
        out.cells = {k: v for k, v in c.items() if v}
        expected = [f for f in EXPECTED if not (f == "created_on" and out.status == "en_projet")]
        filled = [getattr(out, f) is not None and getattr(out, f) != [] and getattr(out, f) != "" for f in expected]
        out.quality_score = round(sum(filled) / len(expected), 3)
        return out if council_id else None

    def _amount(self, value: str) -> float:
        amount = fmt.parse_number(value)
        if amount < 0:
            raise ValueError("negative amount")
        return round(amount, 2)

    def _status(self, value: str) -> tuple[str, "values.When | None"]:
        """'Arrêté (2021)' -> ('arrete', 2021): the annotation dates the status when no history does."""
        word, note = values.split_annotation(value)
        status = _status_word(word)
        since = None
        if note:
            try:
                since = values.parse_when(note, self.today, allow_planned=status == "en_projet")
            except ValueError:
                since = None  # a free note ('(voir ARS)'): the status alone counts
        return status, since

    def _carrier(self, value: str) -> str:
        try:
            return fmt.parse_carrier(value)
        except ValueError:
            return values.parse_carrier_words(value)

    def _guess_carrier(self, name: str) -> str | None:
        """No type column: the carrier's name often says it ('EPSM …', 'Ville de …')."""
        try:
            return values.parse_carrier_words(name)
        except ValueError:
            return None

    def _territory(self, default_dep: str) -> list[tuple[str, str | None]]:
        out: dict[str, str | None] = {}
        value = self.cells.get("territoire", "")
        dep = default_dep.strip().upper().zfill(2) if default_dep.strip() else ""
        resolver = places.Resolver(self.geo, dep, lambda item, reason: self.warn("territoire", item, reason))
        items = places.split_items(value)
        for item in items:
            try:
                found = resolver.item(item)
            except ValueError as exc:
                self.error("territoire", item, str(exc))
                continue
            for code, epci in found:
                if epci is None or code not in out:
                    out[code] = epci  # named directly: wins over an EPCI expansion
        if len(items) == 1 and places.CODE_RE.match(items[0]) and len(out) == 1:
            conflict = places.named_commune_conflict(self.cells.get("nom", ""), next(iter(out)), self.geo)
            if conflict:
                self.error("territoire", items[0], conflict)
        return list(out.items())

    def _where(self, territory) -> tuple[str | None, str | None]:
        """Département and région: as given, else those of most of the territory's communes."""
        places_count = Counter(self.geo.communes[code] for code, _ in territory)
        dep, reg = places_count.most_common(1)[0][0] if places_count else (None, None)
        region = self.cells.get("region_ars", "")
        if region:
            key = region.zfill(2) if region.isdigit() else fmt.plain(region)
            code = self.geo.regions.get(key) or self.geo.regions.get(values.region_key(region)) or \
                values.REGION_ABBREVIATIONS.get(values.region_key(region))
            if code not in set(self.geo.regions.values()):
                self.error("region_ars", region, "unknown région (accepted: INSEE code, name, or the usual "
                                                 "abbreviation: IDF, PACA, AURA, BFC, HDF, NAQ…)")
            else:
                reg = code
        return dep, reg

    def _history(self, council: CouncilRow) -> list:
        history = self.parsed("historique_statut", fmt.parse_history, self.today) or []
        if history and council.status and history[-1][0] != council.status:
            self.error("historique_statut", self.cells["historique_statut"],
                       f"history ends with {history[-1][0]} but statut is {council.status}")
        if not history and council.status:
            noted = self.status_since.day if self.status_since else None
            since = noted or council.created_on or council.updated_on or self.today
            history = [(council.status, since, None)]
        return history

    def _funding(self, council: CouncilRow) -> list[tuple[str, int, float]]:
        year = self.parsed("annee_financement", fmt.parse_number)
        if year is not None and not (1990 <= year <= self.today.year and year.is_integer()):
            self.error("annee_financement", self.cells["annee_financement"], "year out of range")
        year = int(year or (council.updated_on or self.today).year)
        lines = []
        for source in FUNDING_SOURCES:
            amount = self.parsed(fmt.FUNDING_PREFIX + source, self._amount)
            if amount:
                lines.append((source, year, amount))
        return lines


def _status_word(word: str) -> str:
    try:
        return fmt.parse_status(word)
    except ValueError:
        key = fmt.plain(word)
        for status, words in values.STATUS_EXTRA.items():
            if key in words:
                return status
        raise ValueError("unknown status (accepted: actif, en projet, en sommeil / en veille, arrêté; a year "
                         "may follow in brackets: « arrêté (2021) »)") from None
