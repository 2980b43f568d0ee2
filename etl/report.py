"""Timing of ETL stages, printed as a closing table by the CLI."""
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Stage:
    name: str
    rows: int | None = None
    seconds: float = 0.0


@dataclass
class Report:
    title: str
    stages: list[Stage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    on_stage: Callable[[str], None] | None = None  # progress hook (rich status in the CLI)

    @contextmanager
    def stage(self, name: str):
        if self.on_stage:
            self.on_stage(name)
        stage = Stage(name)
        start = time.perf_counter()
        try:
            yield stage
        finally:
            stage.seconds = time.perf_counter() - start
            self.stages.append(stage)

    @property
    def total_seconds(self) -> float:
        return sum(s.seconds for s in self.stages)

    def seconds_of(self, prefix: str) -> float:
        return sum(s.seconds for s in self.stages if s.name.startswith(prefix))


def print_report(console, report: Report) -> None:
    """The closing table of a load (rich), then its notes."""
    from rich.table import Table

    table = Table(title=f"ETL {report.title}")
    table.add_column("stage")
    table.add_column("rows", justify="right")
    table.add_column("seconds", justify="right")
    for stage in report.stages:
        table.add_row(stage.name, "" if stage.rows is None else f"{stage.rows:,}", f"{stage.seconds:.2f}")
    table.add_row("[bold]total", "", f"[bold]{report.total_seconds:.2f}")
    console.print(table)
    for note in report.notes:
        console.print(f"• {note}", markup=False)


@contextmanager
def stage_progress(console, title: str):
    """A rich progress display: one line per stage, ticked off when the next one starts."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(finished_text="✓"), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=console, transient=False) as progress:
        current: list[int] = []

        def on_stage(name: str) -> None:
            if current:
                progress.update(current[-1], total=1, completed=1)
            current.append(progress.add_task(f"{title}: {name}", total=None))

        yield on_stage
        if current:
            progress.update(current[-1], total=1, completed=1)
