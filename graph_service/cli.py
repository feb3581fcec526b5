"""`graph-service`: serve, neo4j start/stop/status, load, generate, lists, screen, token."""

from __future__ import annotations

import getpass
import secrets
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from graph_service import neo4j_local
from graph_service.auth import Role, create_token
from graph_service.cli_engine import lists_app, screen
from graph_service.cli_import import import_command
from graph_service.cli_monitor import monitor_app
from graph_service.engine.monitor import Monitor, Seeds
from graph_service.errors import GraphServiceError
from graph_service.settings import Settings, get_settings
from graph_service.store.db import Database
from graph_service.store.queries import QueryRegistry
from graph_service.store.schema import migrate
from loaders.files import LoadReport, SourceFile
from loaders.files import load as load_files

app = typer.Typer(help="credit-graph: joint reward and sanction analysis.", no_args_is_help=True)
neo4j_app = typer.Typer(help="The Neo4j server the service uses.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens.", no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(token_app, name="token")
app.add_typer(lists_app, name="lists")
app.add_typer(monitor_app, name="monitor")
app.command("screen")(screen)
app.command("import")(import_command)

console = Console(stderr=True)
stdout = Console()


def fail(exc: GraphServiceError) -> typer.Exit:
    console.print(f"[red]error:[/red] {exc.detail}")
    return typer.Exit(code=1)


def open_db(settings: Settings) -> Database:
    """A connected store with the schema applied (CLI commands that read or write)."""
    db = Database(settings, QueryRegistry.load())
    migrate(db)
    return db


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Reuse, or provision and start, Neo4j 5.26; wait until it answers; print its URI."""
    try:
        state = neo4j_local.start(get_settings())
    except GraphServiceError as exc:
        raise fail(exc) from exc
    console.print(f"Neo4j ready ({state.managed_by}: {state.detail})")
    typer.echo(state.uri)


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the managed Neo4j cleanly (data is kept)."""
    state = neo4j_local.stop(get_settings())
    console.print(f"{state.managed_by}: {state.detail}")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Say whether Neo4j answers, and where it lives; exit 1 when it does not answer."""
    state = neo4j_local.status(get_settings())
    typer.echo(f"{'running' if state.running else 'stopped'} {state.uri} ({state.detail})")
    if not state.running:
        raise typer.Exit(code=1)


@token_app.command("create")
def token_create(
    role: Annotated[Role, typer.Option(help="The role the token carries.")],
    subject: Annotated[
        str | None, typer.Option(help="The subject a subject token speaks for.")
    ] = None,
    label: Annotated[str, typer.Option(help="Who or what the token is for.")] = "",
) -> None:
    """Create a token and print it once (only its hash is stored)."""
    settings = get_settings()
    try:
        db = open_db(settings)
        try:
            token = create_token(db, role=role, subject=subject, label=label)
        finally:
            db.close()
    except GraphServiceError as exc:
        raise fail(exc) from exc
    typer.echo(token)


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the API and the explorer; prints an admin token when none is configured."""
    import os

    import uvicorn

    settings = get_settings()
    if settings.admin_token is None:
        token = secrets.token_urlsafe(24)
        os.environ["GRAPH_SERVICE_ADMIN_TOKEN"] = token
        get_settings.cache_clear()
        console.print(f"admin token for this run: [bold]{token}[/bold]")
    console.print(f"credit-graph on http://{host}:{port}  (API docs /docs, explorer /explorer)")
    uvicorn.run("graph_service.asgi:app", host=host, port=port, access_log=False)


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


def _summary(report: LoadReport) -> Table:
    table = Table(title="load summary")
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


def _actor() -> str:
    """Who loads, for the history of records and entries (R-TIME-5)."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


@app.command("load")
def load(
    path: Annotated[
        Path, typer.Argument(help="A <kind>.jsonl|csv file, or a folder of such files.")
    ],
    max_errors: Annotated[
        int, typer.Option(help="How many bad rows to list (all are counted).")
    ] = 200,
) -> None:
    """Load registry files: check every row of every file first, then write; all or nothing.

    A folder is loaded in dependency order (domains, matters, authorities, catalogue, subjects,
    roles, holdings, branches, records, lists, recognitions, entries, measures). When any row
    is wrong, nothing is written, the bad rows are listed (file, line, field, message; never a
    resident ID) and the exit code is 1. Writes go in transactions of at most 20,000 rows:
    after a crash, run the same load again to complete it (the upserts are idempotent).
    """
    settings = get_settings()
    try:
        db = open_db(settings)
        try:
            with _bars() as progress:
                report = load_files(
                    db,
                    settings.pseudonym_secret(),
                    path,
                    actor=_actor(),
                    progress=_LoadBars(progress),
                )
            if any(file.created or file.updated for file in report.files):
                # A bulk load may touch any subject: every watch is re-screened (issue 15).
                Monitor(db, settings.control_max_depth).note(db, Seeds(everything=True), "load")
        finally:
            db.close()
    except GraphServiceError as exc:
        raise fail(exc) from exc
    if report.errors:
        rows = len({(error.file, error.line) for error in report.errors})
        console.print(
            f"[red]refused:[/red] {len(report.errors):,} error(s) in {rows:,} row(s); "
            "nothing was written"
        )
        for error in report.errors[:max_errors]:
            where = f"{error.file}:{error.line}" if error.line else error.file
            field = f" {error.field}:" if error.field else ""
            # One line per error, never wrapped, so that the list can be grepped.
            console.print(
                f"{where}:{field} {error.message}", markup=False, highlight=False, soft_wrap=True
            )
        if len(report.errors) > max_errors:
            console.print(f"... and {len(report.errors) - max_errors:,} more")
        raise typer.Exit(code=1)
    stdout.print(_summary(report))


@app.command("generate")
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
