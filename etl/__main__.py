"""ETL command line: `python -m etl geography`, `python -m etl all` (see `--help`)."""
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
    replace: bool = typer.Option(False, "--replace", help="Remove the councils absent from the file."),
    rejects: Optional[Path] = typer.Option(None, help="Where to write rejected rows (default FILE.rejets.csv)."),
) -> None:
    """Import the national centre's council register, then refresh coverage."""
    from etl.register_cli import run_register

    run_register(get_settings(), console, file, skip_invalid, replace, rejects)


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
