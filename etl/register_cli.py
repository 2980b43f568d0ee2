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
from etl.register_messages import say
from etl.report import Report, print_report

WORDS = {  # CLI wording: French by default, English with --lang en
    "fr": {"columns": ("fichier", "ligne", "colonne", "valeur", "raison"), "problems": "problèmes",
           "rejected": "lignes refusées", "skipped": "lignes ignorées (pas des CLSM)", "warnings": "avertissements",
           "preview": "ce que le chargement ferait", "loaded": "ce qui a été chargé",
           "diff_columns": ("changement", "id", "nom", "champ", "avant", "après"), "new": "nouveau",
           "updated": "modifié", "removed": "retiré (archivé)", "kept": "gardé (pas retiré)", "unchanged": "inchangés",
           "more": "de plus", "rejects": "lignes refusées écrites dans {}",
           "blocked": "rien ne serait chargé : {} ligne(s) invalide(s) ; corrigez-les, ou chargez les lignes valides "
                      "avec --skip-invalid",
           "confirm": "pour charger exactement cet aperçu : --confirm {}",
           "keep": "les CLSM absents du fichier sont gardés ; --replace les archiverait (sauf ceux des lignes "
                   "refusées)",
           "revision": "révision {} du registre ; annulez-la avec `python -m etl register-revert`",
           "failed": "{file} : {n} problème(s) dans {rows} ligne(s) ; rien n'a été chargé (lignes refusées dans "
                     "{rejects})",
           "skip_hint": "pour ne charger que les lignes valides : ajoutez --skip-invalid (les lignes refusées restent "
                        "dans le fichier des rejets ; --replace ne retire jamais leurs CLSM)"},
    "en": {"columns": ("file", "row", "column", "value", "reason"), "problems": "problems",
           "rejected": "rejected rows", "skipped": "rows skipped (not councils)", "warnings": "warnings",
           "preview": "what loading would do", "loaded": "what was loaded",
           "diff_columns": ("change", "id", "name", "field", "before", "after"), "new": "new", "updated": "updated",
           "removed": "removed (archived)", "kept": "kept (not removed)", "unchanged": "unchanged", "more": "more",
           "rejects": "rejected rows written to {}",
           "blocked": "nothing would be loaded: {} row(s) invalid; correct them, or load the valid rows with "
                      "--skip-invalid",
           "confirm": "to load exactly this preview: --confirm {}",
           "keep": "councils absent from the file are kept; --replace would archive them (rejected rows excepted)",
           "revision": "register revision {}; undo with `python -m etl register-revert`",
           "failed": "{file}: {n} problem(s) in {rows} row(s); nothing was loaded (rejected rows in {rejects})",
           "skip_hint": "to load the valid rows only: add --skip-invalid (the rejected rows stay in the rejects file; "
                        "--replace never removes their councils)"},
}


def problems_table(title: str, problems: list[RowProblem], limit: int = 200, lang: str = "en") -> Table:
    table = Table(title=title)
    for column in WORDS[lang]["columns"]:
        table.add_column(column, overflow="fold")
    for p in problems[:limit]:
        table.add_row(p.file, "" if p.row is None else str(p.row), p.column or "",
                      "" if p.value is None else str(p.value)[:60], say(p.reason, lang))
    if len(problems) > limit:
        table.add_row("…", "", "", "", f"{len(problems) - limit} {WORDS[lang]['more']}")
    return table


def _short(value) -> str:
    if isinstance(value, list):
        text = "; ".join(map(str, value))
    else:
        text = "" if value is None else str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def diff_table(result: ImportResult, lang: str = "fr") -> Table:
    d, w = result.diff, WORDS[lang]
    table = Table(title=f"{result.file} : {w['preview'] if result.dry_run else w['loaded']} (SHA-256 {result.sha256})")
    for column in w["diff_columns"]:
        table.add_column(column, overflow="fold")
    for council_id, name in d.new:
        table.add_row(w["new"], council_id, name, "", "", "")
    for council_id, fields in sorted(d.updated.items()):
        for i, (key, (before, after)) in enumerate(sorted(fields.items()) or [("", ("", ""))]):
            table.add_row(w["updated"] if i == 0 else "", council_id if i == 0 else "",
                          d.names.get(council_id, "") if i == 0 else "", key, _short(before), _short(after))
    for council_id, name in d.removed:
        table.add_row(w["removed"], council_id, name, "", "", "")
    for council_id, name, why in d.kept:
        table.add_row(w["kept"], council_id, name, "", say(why, lang), "")
    table.add_row(w["unchanged"], str(len(d.unchanged)), "", "", "", "")
    return table


def print_result(console: Console, result: ImportResult, skip_invalid: bool, replace: bool, lang: str = "fr") -> None:
    w = WORDS[lang]
    for note in result.notes:
        console.print(say(note, lang), highlight=False)
    console.print(diff_table(result, lang))
    if result.errors:
        console.print(problems_table(f"{result.file} : {w['rejected']}", result.errors, lang=lang))
        console.print(w["rejects"].format(result.rejects_file), highlight=False)
    if result.skipped:
        console.print(problems_table(f"{result.file} : {w['skipped']}", result.skipped, lang=lang))
    if result.warnings:
        console.print(problems_table(f"{result.file} : {w['warnings']}", result.warnings, lang=lang))
    for line in next_steps(result, replace, lang):
        console.print(line, highlight=False)


def next_steps(result: ImportResult, replace: bool, lang: str = "fr") -> list[str]:
    w, out = WORDS[lang], []
    if result.dry_run:
        if result.blocked:
            out.append(w["blocked"].format(result.rejected))
        out.append(w["confirm"].format(result.sha256))
        if not replace:
            out.append(w["keep"])
    elif result.revision:
        out.append(w["revision"].format(result.revision))
    return out


def run_register(settings: Settings, console: Console, file: Path, skip_invalid: bool, replace: bool,
                 rejects: Path | None, dry_run: bool = False, confirm: str | None = None, lang: str = "fr",
                 profile: dict[str, str] | None = None) -> None:
    report, w = Report("register (dry run)" if dry_run else "register"), WORDS[lang]
    try:
        result = import_register(settings.database_url, file, skip_invalid, replace, rejects, report,
                                 dry_run=dry_run, refresh=True, confirm=confirm, profile=profile)
    except DataError as exc:
        if exc.problems:
            console.print(problems_table(f"{file.name} : {w['problems']}", exc.problems, lang=lang))
        rows = len({p.row for p in exc.problems if p.row is not None})
        rejects_file = rejects or file.with_name(f"{file.stem}.rejets.csv")
        failed = w["failed"].format(file=file.name, n=len(exc.problems), rows=rows, rejects=rejects_file)
        console.print(f"[red]✗ {failed}[/red]", highlight=False)
        if not skip_invalid and any(p.row is not None and p.row > 1 for p in exc.problems):
            console.print(w["skip_hint"], highlight=False)
        raise typer.Exit(2) from exc
    except ClsmError as exc:
        console.print(f"[red]✗ {exc.detail}[/red]", highlight=False)
        raise typer.Exit(2) from exc
    print_result(console, result, skip_invalid, replace, lang)
    report.notes = [say(n, lang) for n in report.notes if not n.startswith("warning:")]
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
    console.print(f"révision {undone} annulée : le registre est revenu exactement à son état d'avant "
                  f"(revision {undone} reverted; new revision {revision})", highlight=False)


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
    console.print(f"CLSM {council_id.upper()} restauré avec son historique, son territoire, ses financements et "
                  f"ses contacts (révision {revision})", highlight=False)


def run_revisions(settings: Settings, console: Console) -> None:
    """One line per revision and per archived council: readable in a log, nothing cut."""
    with raw_connection(settings.database_url) as conn:
        rows, archived = revisions.history(conn), revisions.archived(conn)
    console.print("révisions du registre (la plus récente d'abord) / register revisions (newest first)",
                  highlight=False)
    for r in rows:
        counts = ", ".join(f"{k} {v}" for k, v in (r[5] or {}).items() if v)
        extra = (f" ; retirés : {', '.join(r[6])}" if r[6] else "") + (f" ; annule {r[7]}" if r[7] else "") + \
            (f" ; annulée par {r[8]}" if r[8] else "")
        console.print(f"{r[0]}  {r[1]:%Y-%m-%d %H:%M}  {r[2]}  {r[3]}  {r[4] or '-'}  [{counts}]{extra}",
                      highlight=False, markup=False, soft_wrap=True)
    console.print("CLSM archivés (restaurer : python -m etl register-restore ID) / archived councils", highlight=False)
    for council_id, name, revision, restored in archived:
        state = f"restauré le {restored:%Y-%m-%d %H:%M}" if restored else "archivé"
        console.print(f"{council_id}  {name}  (révision {revision}, {state})", highlight=False, markup=False,
                      soft_wrap=True)
