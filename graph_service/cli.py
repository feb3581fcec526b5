"""`graph-service`: serve, neo4j start/stop/status, lists, screen, token, audit, backup,
restore, monitor; and the commands installed packages add (`loaders/cli.py`: load, generate,
import)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from importlib.metadata import entry_points
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from graph_service import neo4j_local
from graph_service.access import Purpose
from graph_service.application.store import opened
from graph_service.application.tokens import issue_token
from graph_service.auth import Role, list_tokens, revoke_token, token_state
from graph_service.cli_engine import lists_app, screen
from graph_service.cli_monitor import monitor_app
from graph_service.errors import GraphServiceError
from graph_service.settings import Settings, get_settings
from graph_service.store import audit
from graph_service.store.db import Database

app = typer.Typer(help="credit-graph: joint reward and sanction analysis.", no_args_is_help=True)
neo4j_app = typer.Typer(help="The Neo4j server the service uses.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens.", no_args_is_help=True)
audit_app = typer.Typer(help="The tamper-evident audit trail.", no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(token_app, name="token")
app.add_typer(audit_app, name="audit")
app.add_typer(lists_app, name="lists")
app.add_typer(monitor_app, name="monitor")
app.command("screen")(screen)

console = Console(stderr=True)
stdout = Console()


def fail(exc: GraphServiceError) -> typer.Exit:
    console.print(f"[red]error:[/red] {exc.detail}")
    return typer.Exit(code=1)


@contextmanager
def command_store(settings: Settings) -> Iterator[Database]:
    """The store for one command, closed after it; a store error ends the command with exit
    code 1 and its message."""
    try:
        with opened(settings) as db:
            yield db
    except GraphServiceError as exc:
        raise fail(exc) from exc


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
    authority: Annotated[
        str | None,
        typer.Option(help="The authority code an authority token acts for (required for it)."),
    ] = None,
    purpose: Annotated[
        list[Purpose] | None,
        typer.Option(help="An Art. 19 purpose in the holder's remit (repeat the option)."),
    ] = None,
    label: Annotated[str, typer.Option(help="Who or what the token is for.")] = "",
    expires_in: Annotated[
        int | None,
        typer.Option(help="Days the token works (default GRAPH_SERVICE_TOKEN_TTL_DAYS).", min=1),
    ] = None,
) -> None:
    """Create a token and print it once (only its hash is stored)."""
    settings = get_settings()
    days = expires_in or settings.token_ttl_days
    with command_store(settings) as db:
        token = issue_token(
            db,
            role=role,
            subject=subject,
            label=label,
            authority=authority,
            purposes=[p.value for p in purpose] if purpose else None,
            expires_in=timedelta(days=days),
        )
    console.print(f"expires in {days} days; shown once, stored hashed")
    typer.echo(token)


@token_app.command("list")
def token_list() -> None:
    """Every token by id (never in clear): binding, created, expires, last used, state."""
    with command_store(get_settings()) as db:
        rows = list_tokens(db)
    now = datetime.now(UTC)
    columns = ("id", "role", "authority", "subject", "created", "expires", "last_used", "state")
    typer.echo("\t".join((*columns, "label")))  # tab-separated: for people and scripts alike
    for row in rows:
        fields = (
            row["id"],
            row["role"],
            row["authority"] or "-",
            row["subject"] or "-",
            _day(row["created_at"]),
            _day(row["expires_at"]),
            _day(row["last_used"]),
            token_state(row, now),
            row["label"] or "-",
        )
        typer.echo("\t".join(fields))


def _day(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%dT%H:%MZ") if value is not None else "-"


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[str, typer.Argument(help="The token's id, as `token list` shows it.")],
) -> None:
    """Revoke a token: its next request is a 401."""
    with command_store(get_settings()) as db:
        row = revoke_token(db, token_id)
    typer.echo(f"revoked {row['id']} ({row['role']}, {row['label'] or 'no label'})")


@audit_app.command("verify")
def audit_verify() -> None:
    """Walk the query log and the state changes in chain order (R-SEC-3, R-SEC-5, R-TIME-5).

    Exit 0 when both chains are intact; otherwise exit 1 naming the first broken entry of each
    broken chain: edited, deleted, reordered or inserted directly in the database.
    """
    with command_store(get_settings()) as db:
        reports = audit.verify(db)
    for report in reports:
        if report.broken is None:
            typer.echo(f"{report.chain}: intact, {report.entries:,} entries")
        else:
            typer.echo(
                f"{report.chain}: BROKEN after {report.entries:,} good entries: {report.broken}"
            )
    if any(report.broken is not None for report in reports):
        raise typer.Exit(code=1)


@app.command("backup")
def backup_command(
    file: Annotated[Path, typer.Argument(help="The archive to write (a tar file, mode 0600).")],
) -> None:
    """Back up the managed Neo4j and the state kept outside it (the pseudonym key).

    Neo4j Community edition dumps only a stopped database: the managed server is stopped for
    the dump (the service answers 503 meanwhile) and started again. Not for NEO4J_URI.
    """
    from graph_service.backup import backup

    try:
        report = backup(get_settings(), file.resolve(), console.print)
    except GraphServiceError as exc:
        raise fail(exc) from exc
    typer.echo(
        f"backed up {report.counts['nodes']:,} nodes, {report.counts['relationships']:,} "
        f"relationships to {report.archive} ({report.bytes:,} bytes, {report.seconds:.1f} s)"
    )


@app.command("restore")
def restore_command(
    file: Annotated[Path, typer.Argument(help="An archive written by `graph-service backup`.")],
) -> None:
    """Restore a backup over the managed Neo4j's database, then check counts and the audit
    chains. Stops and restarts the server; refuses NEO4J_URI, another Neo4j version, and a
    pseudonym key other than a configured GRAPH_SERVICE_PSEUDONYM_KEY.
    """
    from graph_service.backup import restore

    try:
        report = restore(get_settings(), file.resolve(), console.print)
    except GraphServiceError as exc:
        raise fail(exc) from exc
    typer.echo(
        f"restored {report.counts['nodes']:,} nodes, {report.counts['relationships']:,} "
        f"relationships from {report.archive} in {report.seconds:.1f} s; counts match"
    )
    for chain in report.chains:
        state = "intact" if chain.broken is None else f"BROKEN: {chain.broken}"
        typer.echo(f"audit {chain.chain}: {state}, {chain.entries:,} entries")
    if any(chain.broken is not None for chain in report.chains):
        raise typer.Exit(code=1)


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[
        int | None,
        typer.Option(min=1, max=64, help="Worker processes (default GRAPH_SERVICE_WORKERS, 1)."),
    ] = None,
) -> None:
    """Serve the API and the explorer; prints an admin token when none is configured."""
    import os

    import uvicorn

    settings = get_settings()
    if settings.admin_token is None:
        token = secrets.token_urlsafe(24)
        os.environ["GRAPH_SERVICE_ADMIN_TOKEN"] = token
        console.print(f"admin token for this run: [bold]{token}[/bold]")
    # The workers are processes of their own: they read the settings from the environment.
    count = workers or settings.workers
    os.environ["GRAPH_SERVICE_WORKERS"] = str(count)
    get_settings.cache_clear()
    get_settings().pseudonym_secret()  # generated here once, not by the workers at once
    console.print(
        f"credit-graph on http://{host}:{port}  (API docs /docs, explorer /explorer; "
        f"{count} worker{'s' if count > 1 else ''})"
    )
    uvicorn.run(
        "graph_service.asgi:app",
        host=host,
        port=port,
        access_log=False,
        workers=count if count > 1 else None,
    )


def _add_command_plugins(app: typer.Typer) -> None:
    """Commands that packages installed beside the service add (`loaders`: load, generate and
    import), found through their `graph_service.commands` entry points: the service never
    imports them."""
    for entry in entry_points(group="graph_service.commands"):
        entry.load()(app)


_add_command_plugins(app)
