"""`graph-service`: serve, neo4j start/stop/status, load, generate, lists, screen, token."""

from __future__ import annotations

import secrets
from typing import Annotated

import typer
from rich.console import Console

from graph_service import neo4j_local
from graph_service.auth import Role, create_token
from graph_service.errors import GraphServiceError
from graph_service.settings import Settings, get_settings
from graph_service.store.db import Database
from graph_service.store.queries import QueryRegistry
from graph_service.store.schema import migrate

app = typer.Typer(help="credit-graph: joint reward and sanction analysis.", no_args_is_help=True)
neo4j_app = typer.Typer(help="The Neo4j server the service uses.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens.", no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(token_app, name="token")

console = Console(stderr=True)


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
