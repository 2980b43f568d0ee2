"""`python -m etl register FILE` (and revert, restore, revisions): import, print the diff and every
problem as tables readable in a log, refresh coverage in the same transaction."""
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from core.db import raw_connection
from core.errors import ClsmError, DataError, RowProblem
from core.settings import Settings
from etl import register_revisions as revisions
from etl.register import ImportResult, import_register
from etl.report import Report, print_report


def problems_table(title: str, problems: list[RowProblem], limit: int = 200) -> Table:
    table = Table(title=title)
    for column in ("file", "row", "column", "value", "reason"):
        table.add_column(column, overflow="fold")
    for p in problems[:limit]:
        table.add_row(p.file, "" if p.row is None else str(p.row), p.column or "",
                      "" if p.value is None else str(p.value)[:60], p.reason)
    if len(problems) > limit:
        table.add_row("…", "", "", "", f"{len(problems) - limit} more")
    return table


def _short(value) -> str:
    if isinstance(value, list):
        text = "; ".join(map(str, value))
    else:
        text = "" if value is None else str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def diff_table(result: ImportResult) -> Table:
    d = result.diff
    table = Table(title=f"{result.file}: {'what loading would do' if result.dry_run else 'what was loaded'} "
                        f"(SHA-256 {result.sha256})")
    for column in ("change", "id", "name", "field", "before", "after"):
        table.add_column(column, overflow="fold")
    for council_id, name in d.new:
        table.add_row("new", council_id, name, "", "", "")
    for council_id, fields in sorted(d.updated.items()):
        for i, (key, (before, after)) in enumerate(sorted(fields.items()) or [("", ("", ""))]):
            table.add_row("updated" if i == 0 else "", council_id if i == 0 else "",
                          d.names.get(council_id, "") if i == 0 else "", key, _short(before), _short(after))
    for council_id, name in d.removed:
        table.add_row("removed (archived)", council_id, name, "", "", "")
    for council_id, name, why in d.kept:
        table.add_row("kept (not removed)", council_id, name, "", why, "")
    table.add_row("unchanged", str(len(d.unchanged)), "", "", "", "")
    return table


def print_result(console: Console, result: ImportResult, skip_invalid: bool, replace: bool) -> None:
    console.print(diff_table(result))
    if result.errors:
        console.print(problems_table(f"{result.file}: rejected rows", result.errors))
        console.print(f"rejected rows written to {result.rejects_file}", highlight=False)
    if result.skipped:
        console.print(problems_table(f"{result.file}: rows skipped (not councils)", result.skipped))
    if result.warnings:
        console.print(problems_table(f"{result.file}: warnings", result.warnings))
    for line in next_steps(result, skip_invalid, replace):
        console.print(line, highlight=False)


def next_steps(result: ImportResult, skip_invalid: bool, replace: bool) -> list[str]:
    out = []
    if result.dry_run:
        if result.blocked:
            out.append(f"nothing would be loaded: {result.rejected} row(s) invalid; correct them, or load the "
                       f"valid rows with --skip-invalid")
        out.append(f"to load exactly this preview: --confirm {result.sha256}")
        if not replace:
            out.append("councils absent from the file are kept; --replace would archive them (rejected rows excepted)")
    elif result.revision:
        out.append(f"register revision {result.revision}; undo with `python -m etl register-revert`")
    return out


def run_register(settings: Settings, console: Console, file: Path, skip_invalid: bool, replace: bool,
                 rejects: Path | None, dry_run: bool = False, confirm: str | None = None) -> None:
    report = Report("register (dry run)" if dry_run else "register")
    try:
        result = import_register(settings.database_url, file, skip_invalid, replace, rejects, report,
                                 dry_run=dry_run, refresh=True, confirm=confirm)
    except DataError as exc:
        if exc.problems:
            console.print(problems_table(f"{file.name}: problems", exc.problems))
        console.print(f"[red]✗ {exc.detail}[/red]", highlight=False)
        if not skip_invalid and any(p.row is not None and p.row > 1 for p in exc.problems):
            console.print("to load the valid rows only: add --skip-invalid (the rejected rows stay in the rejects "
                          "file; --replace never removes their councils)", highlight=False)
        raise typer.Exit(2) from exc
    except ClsmError as exc:
        console.print(f"[red]✗ {exc.detail}[/red]", highlight=False)
        raise typer.Exit(2) from exc
    print_result(console, result, skip_invalid, replace)
    report.notes = [n for n in report.notes if not n.startswith("warning:")]
    print_report(console, report)


def run_revert(settings: Settings, console: Console, force: bool) -> None:
    from etl.coverage import refresh_coverage

    with raw_connection(settings.database_url) as conn:
        try:
            with conn.transaction():
                undone, revision = revisions.revert(conn, revisions.Actor.cli(), force)
                refresh_coverage(conn)
        except ClsmError as exc:
            console.print(f"[red]✗ {exc.detail}[/red]", highlight=False)
            raise typer.Exit(2) from exc
    console.print(f"revision {undone} reverted: the register is back as it was before it (revision {revision})",
                  highlight=False)


def run_restore(settings: Settings, console: Console, council_id: str) -> None:
    from etl.coverage import refresh_coverage

    with raw_connection(settings.database_url) as conn:
        try:
            with conn.transaction():
                revision = revisions.restore_council(conn, council_id.upper(), revisions.Actor.cli())
                refresh_coverage(conn, [council_id.upper()])
        except ClsmError as exc:
            console.print(f"[red]✗ {exc.detail}[/red]", highlight=False)
            raise typer.Exit(2) from exc
    console.print(f"council {council_id.upper()} restored (revision {revision})", highlight=False)


def run_revisions(settings: Settings, console: Console) -> None:
    with raw_connection(settings.database_url) as conn:
        rows, archived = revisions.history(conn), revisions.archived(conn)
    table = Table(title="register revisions (newest first)")
    for column in ("revision", "at", "by", "action", "file", "counts", "removed", "reverts", "reverted by"):
        table.add_column(column, overflow="fold")
    for r in rows:
        counts = ", ".join(f"{k} {v}" for k, v in (r[5] or {}).items() if v)
        table.add_row(str(r[0]), f"{r[1]:%Y-%m-%d %H:%M}", r[2], r[3], r[4] or "", counts, ", ".join(r[6]),
                      str(r[7] or ""), str(r[8] or ""))
    console.print(table)
    table = Table(title="archived councils (restore one with `python -m etl register-restore ID`)")
    for column in ("id", "name", "removed by revision", "restored"):
        table.add_column(column, overflow="fold")
    for council_id, name, revision, restored in archived:
        table.add_row(council_id, name, str(revision), f"{restored:%Y-%m-%d %H:%M}" if restored else "")
    console.print(table)
