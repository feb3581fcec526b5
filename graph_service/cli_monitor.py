"""`graph-service monitor run`: the monitor's work without the service (issue 15).

The same Monitor and Deliverer as the service's background loops: the outbox's re-screens,
the daily sweep (once a day; `--today` to sweep up to another day), `--all` to re-screen
every watch, and one pass of webhook deliveries.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.console import Console

from graph_service.application.monitor import run_once
from graph_service.application.store import opened
from graph_service.errors import GraphServiceError
from graph_service.settings import get_settings

monitor_app = typer.Typer(help="Watches and their events (issue 15).", no_args_is_help=True)
console = Console(stderr=True)


@monitor_app.command("run")
def run(
    today: Annotated[str | None, typer.Option(help="YYYY-MM-DD; default today.")] = None,
    all_watches: Annotated[
        bool, typer.Option("--all", help="Re-screen every watch, not only what changed.")
    ] = False,
) -> None:
    """Re-screen what changed, run the daily sweep if due, deliver the webhooks once."""
    settings = get_settings()
    try:
        day = date.fromisoformat(today) if today else date.today()
        with opened(settings) as db:
            done = run_once(db, settings, day, every_watch=all_watches)
    except (GraphServiceError, ValueError) as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(code=1) from exc
    typer.echo(
        f"events: {done.changed} from changes, {done.swept} from the sweep of {day}, "
        f"{done.reconciled} from re-screening every watch; {done.delivered} webhook deliveries"
    )
