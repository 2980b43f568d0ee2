"""Read a spreadsheet as real people save it: CSV (comma or semicolon, UTF-8 with or without BOM,
or Windows-1252) or XLSX. Every cell comes back as a stripped string; rows are numbered as in the
spreadsheet (header = row 1)."""
import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from core.errors import DataError, RowProblem

MAX_BYTES = 20 * 2**20  # 10× the 10× benchmark register (1.9 MB): anything larger is the wrong file
EXTRA = "\x00extra"  # key of the cells beyond the header, when a row has more cells than it


@dataclass
class Sheet:
    file: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (spreadsheet row number, {column: cell})
    header_row: int = 1
    skipped: list[RowProblem] = field(default_factory=list)  # comment, total, note rows: listed, not read
    sheet_name: str | None = None


def read_sheet(path: Path) -> Sheet:
    path = Path(path)
    if not path.is_file():
        raise DataError(f"file not found: {path}", [RowProblem(path.name, None, None, None, "file not found")])
    size = path.stat().st_size
    if size > MAX_BYTES:
        reason = (f"file too large ({size / 2**20:.1f} MB, limit {MAX_BYTES / 2**20:.0f} MB): the national register "
                  "weighs well under 1 MB; is it the right file?")
        raise DataError(f"{path.name}: {reason}", [RowProblem(path.name, None, None, None, reason)])
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        header, rows = _read_xlsx(path)
    else:
        header, rows = _read_csv(path)
    header = [_cell(h) for h in header]
    while header and not header[-1]:
        header.pop()  # XLSX pads the header to the widest row: cells out there are reported below
    if not any(header):
        raise DataError(f"{path.name}: no header row", [RowProblem(path.name, 1, None, None, "empty file")])
    out = []
    for number, cells in rows:
        cells = [_cell(c) for c in cells]
        if not any(cells):
            continue  # blank lines between blocks are common in hand-kept sheets
        cells += [""] * (len(header) - len(cells))
        row = {h: v for h, v in zip(header, cells) if h}
        # Cells under no column name would be lost: the validator reports them instead.
        stray = [v for h, v in zip(header, cells) if v and not h] + [c for c in cells[len(header):] if c]
        if stray:
            row[EXTRA] = " | ".join(stray)
        out.append((number, row))
    return Sheet(path.name, header, out)


def decode(raw: bytes) -> str:
    """UTF-8 (BOM or not), else Windows-1252 — the two encodings Excel writes CSV in."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def sniff_delimiter(first_line: str) -> str:
    # French Excel writes ';' (',' is the decimal mark); count outside quotes is good enough.
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _read_csv(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    text = decode(path.read_bytes())
    delimiter = sniff_delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, [])
    rows = []
    for cells in reader:
        rows.append((reader.line_num, cells))
    return header, rows


def _read_xlsx(path: Path) -> tuple[list, list[tuple[int, list]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise DataError(f"{path.name}: not a readable XLSX file ({exc})",
                        [RowProblem(path.name, None, None, None, f"not XLSX: {exc}")]) from exc
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    book.close()
    if not rows:
        return [], []
    return list(rows[0]), [(n, list(r)) for n, r in enumerate(rows[1:], start=2)]


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
