"""The loaders' commands, added to `graph-service` through the `graph_service.commands` entry
point (pyproject.toml): `load` (registry files, or `--bulk` for a first load), `generate` (a
synthetic registry) and `import` (BODS, GLEIF, FollowTheMoney). They use the service's
public ingestion API; the service never imports them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from graph_service.cli import command_store, console, fail, stdout
from graph_service.errors import GraphServiceError
from graph_service.settings import Settings, get_settings
from loaders.bulk import BulkReport, bulk_load
from loaders.cli_import import import_command
from loaders.files import FileError, LoadReport, SourceFile
from loaders.writes import actor, load_registry


def register(app: typer.Typer) -> None:
    """Add the loaders' commands to the service's command line."""
    app.command("load")(load)
    app.command("generate")(generate_registry)
    app.command("import")(import_command)


class _LoadBars:
    """A bar per file (rows), moved through the check pass and then the write pass."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[Path, TaskID] = {}

    def start(self, source: SourceFile, phase: str, total: int) -> None:
        description = f"{source.kind.value:<12} {phase}"
        task = self.tasks.get(source.path)
        if task is None:
            self.tasks[source.path] = self.progress.add_task(description, total=total)
        else:
            self.progress.reset(task, total=total, description=description)

    def advance(self, source: SourceFile, rows: int) -> None:
        self.progress.advance(self.tasks[source.path], rows)


def _bars() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def _summary(report: LoadReport | BulkReport, title: str = "load summary") -> Table:
    table = Table(title=title)
    for column in ("kind", "rows", "created", "updated", "unchanged", "seconds", "rows/s"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    for file in report.files:
        rate = file.rows / file.seconds if file.seconds else 0.0
        table.add_row(
            file.source.kind.value,
            f"{file.rows:,}",
            f"{file.created:,}",
            f"{file.updated:,}",
            f"{file.unchanged:,}",
            f"{file.seconds:.2f}",
            f"{rate:,.0f}",
        )
    total = report.rows / report.seconds if report.seconds else 0.0
    table.add_row(
        "total",
        f"{report.rows:,}",
        f"{sum(f.created for f in report.files):,}",
        f"{sum(f.updated for f in report.files):,}",
        f"{sum(f.unchanged for f in report.files):,}",
        f"{report.seconds:.2f}",
        f"{total:,.0f}",
        style="bold",
    )
    return table


def load(
    path: Annotated[
        Path, typer.Argument(help="A <kind>.jsonl|csv file, or a folder of such files.")
    ],
    max_errors: Annotated[
        int, typer.Option(help="How many bad rows to list (all are counted).")
    ] = 200,
    bulk: Annotated[
        bool,
        typer.Option(
            "--bulk",
            help="First load of an EMPTY managed database: same checks, then neo4j-admin "
            "import (stops and restarts the managed server).",
        ),
    ] = False,
) -> None:
    """Load registry files: check every row of every file first, then write; all or nothing.

    A folder is loaded in dependency order (domains, matters, authorities, catalogue, subjects,
    roles, holdings, branches, records, lists, recognitions, entries, measures). When any row
    is wrong, nothing is written, the bad rows are listed (file, line, field, message; never a
    resident ID) and the exit code is 1. Writes go in transactions of at most 5,000 rows:
    after a crash, run the same load again to complete it (the upserts are idempotent).

    With --bulk (issue 17), the checked rows are written as `neo4j-admin database import`
    files instead, the managed server is stopped, the files imported and the server started
    again with the schema, derived properties and audit chain of the normal path; refused
    for a database that holds data and for a server named by NEO4J_URI.
    """
    settings = get_settings()
    if bulk:
        _load_bulk(settings, path, max_errors)
        return
    with command_store(settings) as db, _bars() as progress:
        report = load_registry(db, settings, path, _LoadBars(progress))
    _refused(report.errors, max_errors)
    stdout.print(_summary(report))


def _load_bulk(settings: Settings, path: Path, max_errors: int) -> None:
    try:
        with _bars() as progress:
            report = bulk_load(
                settings,
                path,
                actor=actor(),
                progress=_LoadBars(progress),
                say=lambda line: console.print(line, markup=False, highlight=False),
            )
    except GraphServiceError as exc:
        raise fail(exc) from exc
    _refused(report.errors, max_errors)
    stdout.print(_summary(report, "bulk load summary (seconds: check and import files)"))
    for phase, seconds in report.phases.items():
        stdout.print(f"{phase}: {seconds:.2f} s")
    rate = report.rows / report.seconds if report.seconds else 0.0
    stdout.print(
        f"{report.rows:,} rows ({report.nodes:,} nodes, {report.relationships:,} "
        f"relationships) in {report.seconds:.2f} s = {rate:,.0f} rows/s"
    )
    for chain in report.chains:
        stdout.print(f"audit {chain.chain}: {chain.broken or 'intact'} ({chain.entries:,} entries)")
    if any(chain.broken for chain in report.chains):
        raise typer.Exit(code=1)


def _refused(errors: list[FileError], max_errors: int) -> None:
    """List the errors that refused a load (then nothing was written) and exit 1."""
    if not errors:
        return
    rows = len({(error.file, error.line) for error in errors})
    console.print(
        f"[red]refused:[/red] {len(errors):,} error(s) in {rows:,} row(s); nothing was written"
    )
    for error in errors[:max_errors]:
        where = f"{error.file}:{error.line}" if error.line else error.file
        field = f" {error.field}:" if error.field else ""
        # One line per error, never wrapped, so that the list can be grepped.
        console.print(
            f"{where}:{field} {error.message}", markup=False, highlight=False, soft_wrap=True
        )
    if len(errors) > max_errors:
        console.print(f"... and {len(errors) - max_errors:,} more")
    raise typer.Exit(code=1)


def generate_registry(
    out: Annotated[Path, typer.Argument(help="The folder to write <kind>.jsonl files into.")],
    subjects: Annotated[int, typer.Option(help="How many credit subjects.", min=100)] = 2_000,
    seed: Annotated[int, typer.Option(help="The same seed gives the same files.")] = 1,
) -> None:
    """Write a deterministic synthetic municipal registry that `load` reads."""
    from loaders.generate import generate

    with _bars() as progress:
        task = progress.add_task("subjects", total=subjects)
        counts = generate(subjects, seed, out, lambda done: progress.advance(task, done))
    table = Table(title=f"generated into {out}")
    table.add_column("kind")
    table.add_column("items", justify="right")
    for kind, count in counts.items():
        table.add_row(kind, f"{count:,}")
    stdout.print(table)
