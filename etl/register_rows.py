"""Validate the rows of a register spreadsheet against the geography: every problem of every row
is collected (file, row, column, value, reason); resolvable quirks become warnings, never silent."""
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import psycopg

from core.errors import RowProblem
from core.models import FUNDING_SOURCES
from etl import register_format as fmt
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
    # (departement of the current commune, plain former name) -> [(former code, current code, former name)]

    @classmethod
    def read(cls, conn: psycopg.Connection) -> "Geography":
        communes, names = {}, defaultdict(list)
        epci = defaultdict(list)
        for code, nom, dep, reg, ctype, epci_code in conn.execute(
                "SELECT code, nom, departement_code, region_code, type, epci_code FROM geo.commune ORDER BY code"):
            communes[code] = (dep, reg)
            names[(dep, fmt.plain(nom))].append((code, nom))
            if ctype == "COM" and epci_code:
                epci[epci_code].append(code)
        for code, in conn.execute("SELECT code FROM geo.epci"):
            epci.setdefault(code, [])
        former = {code: (current, nom) for code, current, nom in conn.execute(
            "SELECT code, current_code, nom FROM geo.commune_former ORDER BY code, type")}
        former_names = defaultdict(list)
        for code, current, nom in conn.execute(
                "SELECT DISTINCT f.code, f.current_code, f.nom FROM geo.commune_former f ORDER BY 1, 2"):
            if code != current:  # a delegated commune keeping the new commune's code is the commune itself
                former_names[(communes[current][0], fmt.plain(nom))].append((code, current, nom))
        regions = {}
        for code, nom in conn.execute("SELECT code, nom FROM geo.region"):
            regions[code] = regions[fmt.plain(nom)] = code
        return cls(communes, dict(names), former, dict(epci), regions, dict(former_names))


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


# Fields a complete record has: the quality score is the share of them filled (a council en
# projet has no creation date yet).
EXPECTED = ("created_on", "region_code", "carrier_type", "carrier_name", "fte", "budget_eur", "governance",
            "themes", "funding", "contact", "source", "updated_on")


def validate_sheet(sheet: Sheet, geo: Geography, today: date,
                   profile: dict[str, str] | None = None) -> tuple[list[CouncilRow], list[RowProblem], list[RowProblem]]:
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
        if key not in fmt.COLUMNS:
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
        if council and council.id in seen:
            row.error("identifiant", council.id, f"duplicate id (also row {seen[council.id]})")
        elif council:
            seen[council.id] = number
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
    if cells.get("identifiant"):
        return None
    text = fmt.plain(values[0]) + " "
    if any(text.startswith(w if w.endswith(" ") else w + " ") for w in NOTE_WORDS) or values[0][:1] in "*#(":
        return "note or source line"
    if len(values) == 1:
        return "comment or section heading (one cell, no id)"
    return None


class _RowValidator:
    def __init__(self, file, number, cells, columns, geo: Geography, today: date):
        self.file, self.number, self.cells, self.columns, self.geo, self.today = file, number, cells, columns, geo, today
        self.errors: list[RowProblem] = []
        self.warnings: list[RowProblem] = []

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
        out = CouncilRow(self.number, council_id, c["nom"], self.parsed("statut", fmt.parse_status) or "",
                         self.parsed("echelle", fmt.parse_scale) or "")
        out.created_on = self.parsed("date_creation", fmt.parse_date, self.today)
        out.updated_on = self.parsed("date_mise_a_jour", fmt.parse_date, self.today)
        out.carrier_type = self.parsed("structure_porteuse_type", fmt.parse_carrier)
        out.carrier_name = c.get("structure_porteuse") or None
        out.fte = self.parsed("etp_coordination", fmt.parse_fte)
        out.budget_eur = self.parsed("budget_coordination_eur", self._amount)
        out.governance = fmt.tags(c.get("instances", ""), fmt.GOVERNANCE_WORDS)
        out.themes = fmt.tags(c.get("thematiques", ""))
        out.demo = bool(self.parsed("demo", fmt.parse_bool))
        out.source = c.get("source") or None
        out.territory = self._territory(c.get("departement", ""))
        out.departement_code, out.region_code = self._where(out.territory)
        out.history = self._history(out)
        out.funding = self._funding(out)
        contact = (c.get("coordinateur_nom") or None, c.get("coordinateur_email") or None,
                   c.get("coordinateur_telephone") or None)
        out.contact = contact if any(contact) else None
        expected = [f for f in EXPECTED if not (f == "created_on" and out.status == "en_projet")]
        filled = [getattr(out, f) is not None and getattr(out, f) != [] and getattr(out, f) != "" for f in expected]
        out.quality_score = round(sum(filled) / len(expected), 3)
        return out if council_id else None

    def _amount(self, value: str) -> float:
        amount = fmt.parse_number(value)
        if amount < 0:
            raise ValueError("negative amount")
        return round(amount, 2)

    def _territory(self, default_dep: str) -> list[tuple[str, str | None]]:
        out: dict[str, str | None] = {}
        value = self.cells.get("territoire", "")
        for item in fmt.split_list(value):
            if fmt.SIREN_RE.match(item):
                members = self.geo.epci_members.get(item)
                if members is None:
                    self.error("territoire", item, "unknown EPCI SIREN")
                for code in members or []:
                    out.setdefault(code, item)
                continue
            code = self._commune(item, default_dep)
            if code:
                out[code] = None  # named directly: wins over an EPCI expansion
        return list(out.items())

    def _commune(self, item: str, default_dep: str) -> str | None:
        if fmt.INSEE_RE.match(item):
            code = fmt.normalise_insee(item)
            if code in self.geo.communes:
                return code
            if code in self.geo.former:
                current, name = self.geo.former[code]
                self.warn("territoire", item, f"former commune {code} {name} mapped to current commune {current}")
                return current
            self.error("territoire", item, f"unknown INSEE code {code}: neither a current commune or arrondissement "
                                           "nor a former (delegated or associated) one")
            return None
        m = fmt.NAME_WITH_DEP_RE.match(item)
        name, dep = (m.group(1), m.group(2).upper().zfill(2)) if m else (item, default_dep.strip().zfill(2))
        if not dep.strip("0"):
            self.error("territoire", item, "commune name without département: write 'Name (dép)' or an INSEE code")
            return None
        matches = self.geo.names.get((dep, fmt.plain(name)), [])
        exact = [code for code, nom in matches if nom.casefold() == name.casefold()]
        codes = exact if len(exact) == 1 else [code for code, _ in matches]
        if not codes:
            return self._former_by_name(item, dep, name)
        if len(codes) > 1:
            self.error("territoire", item, f"ambiguous commune name in {dep} ({', '.join(codes)}): use the INSEE code")
        return codes[0] if len(codes) == 1 else None

    def _former_by_name(self, item: str, dep: str, name: str) -> str | None:
        """A name no current commune bears: a former (delegated or associated) commune's, mapped with a warning."""
        former = self.geo.former_names.get((dep, fmt.plain(name)), [])
        current = sorted({c for _, c, _ in former})
        if len(current) == 1:
            code, _, nom = former[0]
            self.warn("territoire", item, f"former commune {code} {nom} mapped to current commune {current[0]}")
            return current[0]
        if current:
            self.error("territoire", item, f"ambiguous former commune name in {dep} ({', '.join(current)}): "
                                           "use the INSEE code")
        else:
            self.error("territoire", item, f"unknown commune name in département {dep}")
        return None

    def _where(self, territory) -> tuple[str | None, str | None]:
        """Département and région: as given, else those of most of the territory's communes."""
        places = Counter(self.geo.communes[code] for code, _ in territory)
        dep, reg = places.most_common(1)[0][0] if places else (None, None)
        region = self.cells.get("region_ars", "")
        if region:
            key = region.zfill(2) if region.isdigit() else fmt.plain(region)
            if key not in self.geo.regions:
                self.error("region_ars", region, "unknown région (INSEE code or name)")
            reg = self.geo.regions.get(key, reg)
        return dep, reg

    def _history(self, council: CouncilRow) -> list:
        history = self.parsed("historique_statut", fmt.parse_history, self.today) or []
        if history and council.status and history[-1][0] != council.status:
            self.error("historique_statut", self.cells["historique_statut"],
                       f"history ends with {history[-1][0]} but statut is {council.status}")
        if not history and council.status:
            since = council.created_on or council.updated_on or self.today
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
