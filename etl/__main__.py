"""ETL command line: `python -m etl geography`, `python -m etl all` (see `--help`)."""
import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from core.errors import DataError
from core.settings import get_settings
from etl.report import Report, print_report, stage_progress

app = typer.Typer(add_completion=False, help="Load sources into PostGIS (stage, validate, swap).")
console = Console()


def _run(title: str, job) -> Report:
    report = Report(title)
    try:
        with stage_progress(console, title) as on_stage:
            report.on_stage = on_stage
            job(report)
    except DataError as exc:
        console.print(f"[red]✗ {title} failed; the data already loaded is unchanged[/red]")
        console.print(str(exc), markup=False)
        raise typer.Exit(2) from exc
    print_report(console, report)
    return report


@app.command()
def geography(force: bool = typer.Option(False, help="Reload even if the source hashes are unchanged.")) -> None:
    """Communes, arrondissements, EPCI, départements, régions and QPV 2024."""
    from etl.geography import load_geography

    _run("geography", lambda r: load_geography(get_settings(), force=force, report=r))


@app.command()
def register(
    file: Path = typer.Argument(..., help="The register spreadsheet (CSV or XLSX, see docs/register-format.md)."),
    skip_invalid: bool = typer.Option(False, "--skip-invalid", help="Load the valid rows, write the rejects file."),
    replace: bool = typer.Option(False, "--replace", help="Archive the councils absent from the file (never those "
                                 "whose row was rejected); restorable."),
    rejects: Optional[Path] = typer.Option(None, help="Where to write rejected rows (default FILE.rejets.csv)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what loading would do (new, updated field by field, "
                                 "removed, unchanged) and every problem; change nothing."),
    confirm: Optional[str] = typer.Option(None, help="SHA-256 printed by --dry-run: load only that exact file."),
    lang: str = typer.Option(os.environ.get("CLSM_LANG", "fr"), help="Messages in French (fr) or English (en)."),
    mapping: list[str] = typer.Option([], "--map", help="'Your label=register column' for a column the importer "
                                      "does not recognise (repeatable); saved in --profile."),
    profile: Optional[str] = typer.Option(None, help="Named column mapping, saved and reused by later imports."),
) -> None:
    """Import the national centre's council register, then refresh coverage (one transaction)."""
    from core.errors import ClsmError
    from etl.register_cli import run_register
    from etl.register_profiles import resolve

    try:
        columns = resolve(get_settings().database_url, profile, mapping)
    except ClsmError as exc:
        console.print(f"[red]✗ {exc.detail}[/red]", highlight=False)
        raise typer.Exit(2) from exc
    run_register(get_settings(), _log_console(), file, skip_invalid, replace, rejects, dry_run, confirm,
                 "en" if lang == "en" else "fr", columns)


@app.command(name="register-revert")
def register_revert(force: bool = typer.Option(False, help="Revert even if councils were edited since.")) -> None:
    """Put the register back exactly as it was before the latest import (or restore)."""
    from etl.register_cli import run_revert

    run_revert(get_settings(), _log_console(), force)


@app.command(name="register-restore")
def register_restore(council_id: str = typer.Argument(..., help="Id of a council archived by an import.")) -> None:
    """Bring back one council removed by an import, with its history, territory, funding and contacts."""
    from etl.register_cli import run_restore

    run_restore(get_settings(), _log_console(), council_id)


@app.command(name="register-revisions")
def register_revisions() -> None:
    """List the register revisions (imports, reverts, restores) and the archived councils."""
    from etl.register_cli import run_revisions

    run_revisions(get_settings(), _log_console())


def _log_console() -> Console:
    """In a log (not a terminal) tables are as wide as they need, not cut at 80 columns."""
    return console if console.is_terminal else Console(width=200, soft_wrap=True)


@app.command(name="demo-register")
def demo_register(out: Optional[Path] = typer.Argument(None, help="Where to write it "
                                                      "(default data/cache/demo_register.csv).")) -> None:
    """Write the deterministic demonstration register (the importer's own format)."""
    from etl.demo_register import write_demo_register
    from etl.pipeline import DEMO_FILE

    path = write_demo_register(get_settings().database_url, out or DEMO_FILE)
    console.print(f"demonstration register written to {path}")


@app.command(name="all")
def load_all(force: bool = typer.Option(False, help="Reload even if unchanged.")) -> None:
    """Everything `make run` needs: geography, then the register (when available) and coverage."""
    geography(force=force)
    try:
        from etl.pipeline import load_rest  # added by the register work
    except ImportError:
        return
    load_rest(get_settings(), console, force=force)


if __name__ == "__main__":
    sys.exit(app())
