"""A register workbook in real-world shape, generated from the fixture geography: a notes sheet
first, a title and a blank row above a header with line breaks and everyday labels, councils
written with every accepted form (codes with spaces or names, names without département, EPCI by
name, dates by month or year, FTE in words or percent cells, statuses with a year), blank rows, a
section heading, an identical duplicate, a TOTAL row, a source note, and rows nobody can interpret.
Each council comes with what it must load as; each bad row with why it must be refused."""
import csv
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

HEADER = ["N°", "Nom du CLSM", "Statut", "Date de\ncréation", "Échelle", "Région", "Communes\ncouvertes",
          "Type de porteur", "Porteur", "ETP\ncoordination", "Coordinateur(trice)", "Mail"]
TITLE = "Registre national des CLSM — mise à jour de juin 2026 (document de travail)"
TODAY = date(2026, 6, 30)


@dataclass
class Cell:
    """A value and the number format Excel would show it with (None: General)."""

    value: object
    number_format: str | None = None


@dataclass
class Expected:
    id: str
    status: str
    scale: str
    territory: frozenset
    fte: float | None
    created_on: date | None
    precision: str | None
    region: str


def _fte(i: int) -> tuple[object, float]:
    forms = [(0.5, 0.5), ("0,5", 0.5), (Cell(0.8, "0%"), 0.8), ("mi-temps", 0.5), ("temps plein", 1.0),
             ("17,5 h/semaine", 0.5), ("2 jours/semaine", 0.4), ("0.3 ETP", 0.3), (Cell(0.25, "0%"), 0.25),
             ("1", 1.0)]
    return forms[i % len(forms)]


def _created(i: int, status: str) -> tuple[object, date | None, str | None]:
    day = date(2012 + i % 13, 1 + i % 12, 1 + i % 27)
    if status == "en_projet":
        return ("09/2027 (prévu)", date(2027, 9, 1), "month") if i % 2 else ("", None, None)
    month = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre',
             'novembre', 'décembre'][day.month - 1]
    forms = [(Cell(datetime(day.year, day.month, day.day), "dd/mm/yyyy"), day, "day"),
             (day.strftime("%d/%m/%Y"), day, "day"),
             (Cell(datetime(day.year, day.month, 1), "mm/yyyy"), day.replace(day=1), "month"),
             (f"{month} {day.year}", day.replace(day=1), "month"),
             (str(day.year), date(day.year, 1, 1), "year"),
             (f"{day.month:02d}/{day.year}", day.replace(day=1), "month")]
    return forms[i % len(forms)]


STATUSES = [("Actif", "actif"), ("actif", "actif"), ("En veille", "en_sommeil"), ("Arrêté (2021)", "arrete"),
            ("en projet", "en_projet"), ("ACTIF", "actif"), ("Actif depuis 2019", "actif"),
            ("En sommeil", "en_sommeil")]


def _territory_form(i: int, code: str, nom: str) -> str:
    forms = [code, f"{code[:2]} {code[2:]}", f"{code} - {nom}", f"{nom} ({code})", nom, f"{nom} (90)", nom.upper(),
             code.lstrip("0")]
    return forms[i % len(forms)]


def build(communes_90: list[tuple[str, str]], paris: list[tuple[str, str]], epci: dict[str, list[str]]):
    """-> (grid rows from row 1, expected councils, {row number: why it must be refused})."""
    grid: list[list] = [[TITLE], [], HEADER]
    expected: list[Expected] = []
    refused: dict[int, str] = {}

    def add(cells: list, truth: Expected | None = None, why: str | None = None) -> None:
        grid.append(cells)
        if truth:
            expected.append(truth)
        if why:
            refused[len(grid)] = why

    n = 0
    for i, (code, nom) in enumerate(communes_90[:85]):
        n += 1
        text, status = STATUSES[i % len(STATUSES)]
        created, day, precision = _created(i, status)
        fte_cell, fte = _fte(i)
        region = ["BFC", "Bourgogne-Franche-Comté", "27", ""][i % 4]
        scale = ["Communal", "communale", "Commune"][i % 3]
        add([f"CLSM-{n:04d}", f"CLSM de {nom}", text, created, scale, region, _territory_form(i, code, nom),
             ["Ville", "CCAS", "CH", "Association"][i % 4], f"Porteur {n}", fte_cell, f"Coord {n}",
             f"c{n}@example.org"],
            Expected(f"CLSM-{n:04d}", status, "communal", frozenset([code]), fte, day, precision, "27"))
        if i == 20:
            add([])  # blank rows between blocks
            add([])
        if i == 40:
            add(["Région Île-de-France"])  # a section heading
    for i, (code, nom) in enumerate(paris[:20]):
        n += 1
        text, status = STATUSES[(i + 3) % len(STATUSES)]
        created, day, precision = _created(i + 5, status)
        fte_cell, fte = _fte(i + 2)
        arrondissement = int(code[-2:])
        written = [f"Paris {arrondissement}e", f"Paris {arrondissement}ème arr.", code,
                   f"Paris {arrondissement}ème"][i % 4]
        add([f"CLSM-{n:04d}", f"CLSM Paris {arrondissement}", text, created, ["Infra-communal", "quartier"][i % 2],
             ["IDF", "Île-de-France"][i % 2], written, "EPSM", "EPSM Paris", fte_cell, "", ""],
            Expected(f"CLSM-{n:04d}", status, "infra_communal", frozenset([code]), fte, day, precision, "11"))
    rest = communes_90[85:]
    for i in range(0, min(len(rest), 16) - 1, 2):
        n += 1
        (c1, n1), (c2, n2) = rest[i], rest[i + 1]
        cell = [f"{n1}, {n2}", f"{c1} et {c2}", f"{n1}\n{n2}", f"{c1} / {n2}"][(i // 2) % 4]
        add([f"CLSM-{n:04d}", f"CLSM intercommunal {n}", "Actif", "2018", "Intercommunal", "BFC", cell, "EPCI",
             "Communauté de communes", "0,6", "", ""],
            Expected(f"CLSM-{n:04d}", "actif", "intercommunal", frozenset([c1, c2]), 0.6, date(2018, 1, 1), "year",
                     "27"))
    for i, (siren, written) in enumerate([("200069052", "CA Grand Belfort"), ("249000241", "249000241"),
                                          ("200069060", "Communauté de communes des Vosges du Sud"),
                                          ("249000241", "249 000 241")]):
        n += 1
        add([f"CLSM-{n:04d}", f"CLSM intercommunal {n}", "actif", "mars 2016", "EPCI", "", written, "CA",
             "Agglomération", "1", "", ""],
            Expected(f"CLSM-{n:04d}", "actif", "intercommunal", frozenset(epci[siren]), 1.0, date(2016, 3, 1),
                     "month", "27"))
    add(grid[3][:])  # an identical duplicate of the first council: kept once, a warning
    # Rows nobody can interpret: refused, each with its reason.
    belfort = dict((nom, code) for code, nom in communes_90)
    bad = [
        (["CLSM-0901", "CLSM de l'Atlantide", "Actif", "2019", "Communal", "", "Atlantide", "", "", "", "", ""],
         "unknown commune name"),
        (["CLSM-0902", "CLSM de Valdoie", "???", "2019", "Communal", "", belfort["Valdoie"], "", "", "", "", ""],
         "unknown status"),
        (["CLSM-0903", "CLSM de Valdoie", "Actif", "2019", "Communal", "", "90010 - Valdoie", "", "", "", "", ""],
         "the code and the name disagree"),
        (["CLSM-0904", "CLSM de Valdoie", "Actif", "2019", "Communal", "", "90010", "", "", "", "", ""],
         "is 90010 a postal code"),
        (["CLSM-0905", "CLSM de Valdoie", "Actif", "12/2029", "Communal", "", "Valdoie", "", "", "", "", ""],
         "date in the future"),
        (["CLSM-0906", "CLSM de Valdoie", "Actif", "2019", "Communal", "", "Valdoie", "", "", "beaucoup", "", ""],
         "not an FTE"),
        (["CLSM-0907", "CLSM d'Essert", "Actif", "2019", "Communal", "", "Essert", "", "", "", "", ""],
         "id also on row"),
        (["CLSM-0907", "CLSM d'Essert", "Actif", "2020", "Communal", "", "Essert", "", "", "", "", ""],
         "id also on row"),
        (["", "CLSM sans identifiant", "Actif", "2019", "Communal", "", "Essert", "", "", "", "", ""],
         "required value missing"),
    ]
    for cells, why in bad:
        add(cells, why=why)
    add([])
    add(["TOTAL", "", "", "", "", "", "", "", "", "=SOMME(J4:J130)", "", ""])
    add(["Source : centre national de ressources et d'appui aux CLSM, extraction du 30/06/2026"])
    return grid, expected, refused


def write_xlsx(path: Path, grid: list[list]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(["Ce classeur recense les CLSM connus du centre national."])
    notes.append(["Colonnes : voir l'onglet Registre."])
    sheet = book.create_sheet("Registre 2026")
    for r, row in enumerate(grid, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(r, c, value.value if isinstance(value, Cell) else value)
            if isinstance(value, Cell) and value.number_format:
                cell.number_format = value.number_format
    book.save(path)
    return path


def shown(value) -> str:
    """What Excel shows in a cell, i.e. what 'Enregistrer sous… CSV' writes."""
    if isinstance(value, Cell):
        if "%" in (value.number_format or ""):
            return f"{value.value * 100:g} %".replace(".", ",")
        if value.number_format == "mm/yyyy":
            return value.value.strftime("%m/%Y")
        return value.value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return "" if value is None else str(value)


def write_csv(path: Path, grid: list[list]) -> Path:
    width = max(len(r) for r in grid)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        for row in grid:
            writer.writerow([shown(v) for v in row] + [""] * (width - len(row)))
    return path
