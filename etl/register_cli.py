"""`python -m etl register FILE`: import, print every problem as a table, refresh coverage."""
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from core.errors import DataError, RowProblem
from core.settings import Settings
from etl.coverage import refresh_coverage
from etl.register import import_register
from etl.report import Report, print_report


def problems_table(title: str, problems: list[RowProblem], limit: int = 200) -> Table:
    table = Table(title=title)
    for column in ("file", "row", "column", "value", "reason"):
        table.add_column(column)
    for p in problems[:limit]:
        table.add_row(p.file, "" if p.row is None else str(p.row), p.column or "",
                      "" if p.value is None else str(p.value)[:40], p.reason)
    if len(problems) > limit:
        table.add_row("…", "", "", "", f"{len(problems) - limit} more")
    return table


def run_register(settings: Settings, console: Console, file: Path, skip_invalid: bool, replace: bool,
                 rejects: Path | None) -> None:
    report = Report("register")
    try:
        result = import_register(settings.database_url, file, skip_invalid, replace, rejects, report)
    except DataError as exc:
        if exc.problems:
            console.print(problems_table(f"{file.name}: problems", exc.problems))
        console.print(f"[red]✗ {exc.detail}[/red]", highlight=False)
        raise typer.Exit(2) from exc
    if result.errors:
        console.print(problems_table(f"{result.file}: rejected rows (skipped)", result.errors))
        console.print(f"rejected rows written to {result.rejects_file}")
    if result.warnings:
        console.print(problems_table(f"{result.file}: warnings", result.warnings))
    report.notes = [n for n in report.notes if not n.startswith("warning:")]
    with report.stage("refresh coverage") as st:
        st.rows = refresh_coverage(settings.database_url, result.changed or [])
    print_report(console, report)
