"""After the geography (`python -m etl all`): the register, then coverage.

Without CLSM_REGISTER_FILE the deterministic demonstration register is generated and imported
through the importer itself, so the importer runs on every start. An unchanged file (same hash as
the serving register) is not re-imported unless forced. A register holding real (non-demo)
councils is never replaced by the demonstration one."""
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from core.db import raw_connection
from core.errors import DataError
from core.settings import PROJECT_ROOT, Settings
from etl import staging
from etl.coverage import refresh_coverage
from etl.register import SOURCE_NAME, import_register
from etl.register_cli import problems_table
from etl.report import Report, print_report, stage_progress
from etl.sources import Source

DEMO_FILE = PROJECT_ROOT / "data" / "cache" / "demo_register.csv"


def load_rest(settings: Settings, console: Console, force: bool = False) -> Report:
    report = Report("register and coverage")
    url = settings.database_url
    try:
        with stage_progress(console, "register") as on_stage:
            report.on_stage = on_stage
            path = _register_file(settings, report)
            if path is not None:
                _import_if_changed(url, path, force, report)
            with report.stage("refresh coverage (full)") as st:
                st.rows = refresh_coverage(url)
    except DataError as exc:
        if exc.problems:
            console.print(problems_table("register: problems", exc.problems))
        console.print(f"[red]✗ register failed; the register already loaded is unchanged[/red]\n{exc.detail}",
                      highlight=False)
        raise typer.Exit(2) from exc
    print_report(console, report)
    console.print(coverage_table(url))
    return report


def _register_file(settings: Settings, report: Report) -> Path | None:
    if settings.register_file:
        return Path(settings.register_file)
    with raw_connection(settings.database_url) as conn:
        real = conn.execute("SELECT count(*) FROM register.council WHERE NOT demo").fetchone()[0]
    if real:
        report.notes.append(f"{real} real council(s) loaded: the demonstration register is not generated")
        return None
    from etl.demo_register import write_demo_register

    with report.stage("generate demonstration register") as st:
        path = write_demo_register(settings.database_url, DEMO_FILE)
        st.rows = sum(1 for _ in path.open(encoding="utf-8-sig")) - 1
    return path


def _import_if_changed(url: str, path: Path, force: bool, report: Report) -> None:
    sha = Source(SOURCE_NAME, path.name, "", "", "", path).sha256()
    with raw_connection(url, autocommit=True) as conn:
        current = staging.current_hashes(conn).get(SOURCE_NAME)
    if current == sha and not force:
        report.notes.append(f"register unchanged ({path.name}, same hash): not re-imported")
        return
    import_register(url, path, replace=path == DEMO_FILE, report=report)


def coverage_table(url: str) -> Table:
    """National figures after the load: the numbers a reader checks first."""
    with raw_connection(url) as conn:
        q = lambda s: conn.execute(s).fetchone()  # noqa: E731
        councils = dict(conn.execute("SELECT status, count(*) FROM register.council GROUP BY 1").fetchall())
        covered, planned = q("SELECT coalesce(sum(population) FILTER (WHERE is_covered), 0), "
                             "coalesce(sum(population) FILTER (WHERE is_planned), 0) FROM coverage.unit")
        # QPV outside any ARS (French Polynesia) are counted apart, as on every page (docs/coverage.md).
        qpv = dict(conn.execute("SELECT status, count(*) FROM coverage.qpv WHERE ars_region_code IS NOT NULL "
                                "GROUP BY 1").fetchall())
        prevu, total, apart = q("SELECT count(*) FILTER (WHERE prevu AND ars_region_code IS NOT NULL), "
                                "count(*), "
                                "count(*) FILTER (WHERE ars_region_code IS NULL) FROM coverage.qpv")
    table = Table(title="National coverage")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for label, value in [
        ("councils actif / en_projet / en_sommeil / arrete",
         " / ".join(str(councils.get(s, 0)) for s in ("actif", "en_projet", "en_sommeil", "arrete"))),
        ("inhabitants covered (active)", f"{covered:,}"), ("inhabitants in planned territories", f"{planned:,}"),
        ("QPV couvert / partiel / non_couvert", " / ".join(str(qpv.get(s, 0)) for s in
                                                          ("couvert", "partiel", "non_couvert"))),
        ("QPV uncovered (partiel + non_couvert)", str(qpv.get("partiel", 0) + qpv.get("non_couvert", 0))),
        ("QPV outside any ARS, counted apart", str(apart)),
        ("QPV couvert share (of every QPV)", f"{qpv.get('couvert', 0) / total:.1%}" if total else "–"),
        ("QPV prevu", str(prevu)),
    ]:
        table.add_row(label, value)
    return table
