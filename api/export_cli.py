"""`python -m api export KIND FORMAT --out PATH`: the public exports written to a file, for the
national centre's open-data publications. Same rows and metadata as GET /exports/…; the file (and
its `.metadata.json` side file for CSV) appears whole or not at all."""
import json
from pathlib import Path
from typing import Optional

import typer

from api.queries import exports
from api.versioning import read_state
from core.db import get_engine
from core.errors import ClsmError
from core.files import atomic_path, atomic_text
from core.settings import get_settings

KINDS = ("councils", "qpv")
FORMATS = ("csv", "geojson", "gpkg")


def export(kind: str = typer.Argument(..., help="councils or qpv"),
           fmt: str = typer.Argument(..., metavar="FORMAT", help="csv, geojson or gpkg"),
           out: Path = typer.Option(..., "--out", help="file to write (replaced only once complete)"),
           region: Optional[str] = typer.Option(None, help="INSEE région code"),
           departement: Optional[str] = typer.Option(None, help="département code")) -> None:
    """Write a public export (no personal data) to a file."""
    if kind not in KINDS or fmt not in FORMATS:
        raise typer.BadParameter(f"KIND one of {KINDS}, FORMAT one of {FORMATS}")
    try:
        written = write_export(kind, fmt, out, {"region": region, "departement": departement})
    except ClsmError as exc:
        typer.secho(f"✗ {exc.detail}", fg="red", err=True)
        raise typer.Exit(2) from exc
    typer.echo("✓ " + ", ".join(str(p) for p in written))


def write_export(kind: str, fmt: str, out: Path, filters: dict) -> list[Path]:
    with get_engine(get_settings().database_url).connect() as conn:
        base = {"councils": {"status": None, "scale": None, "funding_source": None, "q": None},
                "qpv": {"status": None, "prevu": None, "commune": None}}[kind]
        items = exports.rows(conn, kind, {**base, **filters})
        meta = exports.metadata(conn, read_state(conn))
        geoms = exports.geometries(conn, kind, [i[exports.key_of(kind)] for i in items], fmt) if fmt != "csv" else {}
    if fmt == "csv":
        side = out.with_name(out.name + ".metadata.json")
        with atomic_text(side) as handle:
            json.dump(meta, handle, ensure_ascii=False, indent=1, default=str)
        with atomic_text(out, encoding="utf-8", newline="") as handle:
            handle.write(exports.to_csv(items))
        return [out, side]
    if fmt == "geojson":
        with atomic_text(out) as handle:
            handle.write(exports.to_geojson(items, geoms, kind, meta))
    else:
        with atomic_path(out, suffix=".gpkg") as temp:
            exports.write_geopackage(items, geoms, kind, meta, temp)
    return [out]
