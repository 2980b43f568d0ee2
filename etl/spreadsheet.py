"""Read a spreadsheet as real people save it: CSV (comma or semicolon, UTF-8 with or without BOM,
or Windows-1252) or XLSX (several sheets: the one whose header scores best). Every cell comes back
as a stripped string; rows are numbered as the spreadsheet shows them (a CSV record spanning lines
is one row). The header is the row, among the first ones, that scores best (titles and blank rows
above it are skipped and listed). Reading is streamed and capped: a zip bomb or a runaway sheet
stops early with a clear error."""
import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from core.errors import DataError, RowProblem

MAX_BYTES = 20 * 2**20  # 10× the 10× benchmark register (1.9 MB): anything larger is the wrong file
MAX_UNZIPPED = 30 * 2**20  # what an XLSX may expand to (the national register: well under 5 MB)
MAX_ROWS = 50_000
MAX_COLUMNS = 200
HEADER_SCAN = 30  # the header is among the first rows
EXTRA = "\x00extra"  # key of the cells beyond the header, when a row has more cells than it
HeaderScore = Callable[[list[str]], int]  # how many of a row's cells are known column names


@dataclass
class Sheet:
    file: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (spreadsheet row number, {column: cell})
    header_row: int = 1
    skipped: list[RowProblem] = field(default_factory=list)  # comment, total, note rows: listed, not read
    sheet_name: str | None = None
    notes: list[str] = field(default_factory=list)  # what the reader decided (sheet, header row)


def too_big(file: str, reason: str) -> DataError:
    return DataError(f"{file}: {reason}", [RowProblem(file, None, None, None, reason)])


def read_sheet(path: Path, header_score: HeaderScore | None = None) -> Sheet:
    path = Path(path)
    if not path.is_file():
        raise DataError(f"file not found: {path}", [RowProblem(path.name, None, None, None, "file not found")])
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise too_big(path.name, f"file too large ({size / 2**20:.1f} MB, limit {MAX_BYTES / 2**20:.0f} MB): the "
                                 "national register weighs well under 1 MB; is it the right file?")
    notes: list[str] = []
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        grid, name = _read_xlsx(path, header_score, notes)
    else:
        grid, name = _read_csv(path), None
    return _assemble(path.name, grid, header_score, name, notes)


def _assemble(file: str, grid: Iterator[tuple[int, list]], score: HeaderScore | None, name: str | None,
              notes: list[str]) -> Sheet:
    head: list[tuple[int, list[str]]] = []
    for number, cells in grid:
        head.append((number, [_cell(c) for c in cells]))
        if len(head) >= HEADER_SCAN or score is None and any(head[-1][1]):
            break
    filled = [(n, c) for n, c in head if any(c)]
    if not filled:
        raise DataError(f"{file}: no header row", [RowProblem(file, 1, None, None, "empty file")])
    header_row, header = filled[0]
    if score is not None:
        best = max(score(c) for _, c in filled)
        header_row, header = next((n, c) for n, c in filled if score(c) == best)
    header = list(header)
    while header and not header[-1]:
        header.pop()  # XLSX pads the header to the widest row: cells out there are reported below
    sheet = Sheet(file, header, [], header_row, [], name, notes)
    if header_row > 1:
        notes.append(f"header found on row {header_row}")
        sheet.skipped += [RowProblem(file, n, None, " | ".join(v for v in c if v)[:80], "above the header (title)")
                          for n, c in filled if n < header_row]
    rest = ((n, [_cell(v) for v in c]) for n, c in grid)
    blanks: list[int] = []
    for number, cells in [(n, c) for n, c in head if n > header_row] + list(_capped(file, rest)):
        if not any(cells):
            blanks.append(number)  # listed only when data follows (not the sheet's empty tail)
            continue
        sheet.skipped += [RowProblem(file, b, None, None, "blank row") for b in blanks]
        blanks = []
        cells += [""] * (len(header) - len(cells))
        row = {h: v for h, v in zip(header, cells) if h}
        # Cells under no column name would be lost: the validator reports them instead.
        stray = [v for h, v in zip(header, cells) if v and not h] + [c for c in cells[len(header):] if c]
        if stray:
            row[EXTRA] = " | ".join(stray)
        sheet.rows.append((number, row))
    return sheet


def _capped(file: str, rows: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
    for count, (number, cells) in enumerate(rows, start=1):
        if count > MAX_ROWS:
            raise too_big(file, f"more than {MAX_ROWS:,} rows: the national register has a few hundred; "
                                "is it the right sheet?".replace(",", " "))
        yield number, cells


def decode(raw: bytes) -> str:
    """UTF-8 (BOM or not), else Windows-1252 — the two encodings Excel writes CSV in."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def sniff_delimiter(text: str) -> str:
    # French Excel writes ';' (',' is the decimal mark). Title lines above the header may hold
    # neither: the first line with a delimiter decides.
    for line in text.split("\n", HEADER_SCAN)[:HEADER_SCAN]:
        if line.count(";") or line.count(","):
            return ";" if line.count(";") > line.count(",") else ","
    return ";"


def _read_csv(path: Path) -> Iterator[tuple[int, list[str]]]:
    text = decode(path.read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    # Row = record number, as a spreadsheet program shows it (a quoted cell may span lines).
    for number, cells in enumerate(reader, start=1):
        yield number, cells[:MAX_COLUMNS + 1]


def _read_xlsx(path: Path, score: HeaderScore | None, notes: list[str]) -> tuple[Iterator, str | None]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(path) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise DataError(f"{path.name}: not a readable XLSX file ({exc})",
                        [RowProblem(path.name, None, None, None, f"not XLSX: {exc}")]) from exc
    if unzipped > MAX_UNZIPPED:  # declared sizes: zipfile never inflates past them
        raise too_big(path.name, f"the workbook expands to {unzipped / 2**20:.0f} MB (limit "
                                 f"{MAX_UNZIPPED / 2**20:.0f} MB): not a register")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise DataError(f"{path.name}: not a readable XLSX file ({exc})",
                        [RowProblem(path.name, None, None, None, f"not XLSX: {exc}")]) from exc
    sheets = [s for s in book.worksheets if hasattr(s, "iter_rows")]  # chart sheets have no cells
    if not sheets:
        return iter(()), None
    chosen = sheets[0]
    if score is not None and len(sheets) > 1:
        scores = [max((score([_cell(c) for c in row]) for row in _rows(s, HEADER_SCAN)), default=0) for s in sheets]
        chosen = sheets[scores.index(max(scores))]
        others = ", ".join(f"'{s.title}'" for s in sheets if s is not chosen)
        notes.append(f"sheet '{chosen.title}' read (it holds the register; also in the workbook: {others})")
    return ((n, row) for n, row in enumerate(_rows(chosen), start=1)), chosen.title


def _rows(sheet, limit: int | None = None) -> Iterator[list]:
    for row in sheet.iter_rows(max_row=limit, max_col=min(sheet.max_column or 1, MAX_COLUMNS)):
        yield [_xlsx_value(c) for c in row]


def _xlsx_value(cell):
    """What the cell shows: a percent as '50 %', a month-formatted date as '03/2019', a year as '2019'."""
    value, form = cell.value, (getattr(cell, "number_format", None) or "").lower()
    if isinstance(value, (datetime, date)) and form not in ("general", ""):
        if "d" not in form.replace("[$-", "") and "m" in form:
            return f"{value.month:02d}/{value.year}"
        if "d" not in form and "y" in form and "m" not in form:
            return str(value.year)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in form:
        return f"{round(value * 100, 6):g} %".replace(".", ",")
    return value


def _cell(value) -> str:
    """XLSX cells arrive typed: dates become ISO, whole floats lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\u00a0", " ").strip()
