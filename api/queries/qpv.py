"""QPV coverage lists, one QPV, and the planner's priority table of uncovered QPV."""
import csv
import io
import json
from datetime import datetime, timezone

from openpyxl import Workbook
from sqlalchemy import Connection

from api.queries.sqlfiles import paged, sql
from core.errors import NotFound

PRIORITY_SORTS = ("rank", "score", "population", "poverty", "distance", "share", "code", "nom")
PRIORITY_COLUMNS = ["rank", "code", "nom", "communes", "epci", "departement_code", "departement_nom", "region_code",
                    "region_nom", "status", "share_active", "prevu", "planned_councils", "population",
                    "taux_pauvrete_60", "distance_km", "distance_rule", "c_population", "c_poverty", "c_distance",
                    "w_population", "w_poverty", "w_distance", "completeness", "missing", "score"]


def list_qpv(conn: Connection, filters: dict, limit: int | None, offset: int) -> tuple[list[dict], int]:
    return paged(conn, sql("qpv_list"), {"outside_ars": None, **filters, "limit": limit, "offset": offset})


def one(conn: Connection, code: str) -> dict:
    found = conn.execute(sql("qpv_one"), {"code": code}).scalar_one_or_none()
    if found is None:
        raise NotFound(f"unknown QPV code {code!r}", parameter="code")
    return json.loads(found)


def priority(conn: Connection, filters: dict, weights: dict, sort: str, limit: int | None,
             offset: int) -> tuple[list[dict], int]:
    """Rows of the planner's table; ``sort`` is a key of PRIORITY_SORTS, '-' first for descending."""
    params = {"region": None, "departement": None, "epci": None, "status": None, "prevu": None, "completeness": None,
              "outside_ars": False, **filters, **weights, "sort_key": sort.lstrip("-"),
              "descending": sort.startswith("-"), "limit": limit, "offset": offset}
    rows, total = paged(conn, sql("qpv_priority"), params)
    for r in rows:
        r["weights"] = {k.removeprefix("w_"): v for k, v in weights.items()}
    return rows, total


def _names(items: list[dict], key: str = "nom") -> str:
    return ";".join(f"{i[key]} ({i.get('code', i.get('id'))})" for i in items)


def _flat(row: dict) -> dict:
    """One spreadsheet row: lists joined with ';', components spread in columns."""
    names = _names
    flat = {k: row.get(k) for k in PRIORITY_COLUMNS}
    flat.update(communes=names(row["communes"]), epci=names(row["epci"]),
                planned_councils=names(row["planned_councils"], "name"), missing=";".join(row["missing"]))
    for part in ("population", "poverty", "distance"):
        flat[f"c_{part}"] = row["components"][part]
        flat[f"w_{part}"] = row["weighted"][part]
    return flat


def export_header(weights: dict, filters: dict, data_version: str, demo: bool) -> list[tuple[str, str]]:
    """What the file was made from: weights, date, data version and filters (docs/coverage.md)."""
    used = {k: v for k, v in filters.items() if v is not None}
    return [("generated_at", datetime.now(timezone.utc).isoformat(timespec="seconds")),
            ("data_version", data_version), ("demo_data", str(demo).lower()),
            ("weights", ", ".join(f"{k.removeprefix('w_')}={v:g}" for k, v in weights.items())),
            ("filters", ", ".join(f"{k}={v}" for k, v in used.items()) or "none"),
            ("method", "docs/coverage.md: score = sum(w*c)/sum(w); incomplete QPV ranked after complete ones")]


def to_csv(rows: list[dict], header: list[tuple[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([f"# {k}", v] for k, v in header)
    table = csv.DictWriter(out, PRIORITY_COLUMNS, lineterminator="\n")
    table.writeheader()
    table.writerows(_flat(r) for r in rows)
    return out.getvalue()


def to_xlsx(rows: list[dict], header: list[tuple[str, str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "priorites"
    sheet.append(PRIORITY_COLUMNS)
    for r in rows:
        sheet.append([_flat(r)[c] for c in PRIORITY_COLUMNS])
    about = book.create_sheet("metadata")
    for line in header:
        about.append(list(line))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
