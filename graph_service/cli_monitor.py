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

from graph_service.engine.feedback import hits_for_events
from graph_service.engine.monitor import Monitor
from graph_service.engine.webhooks import Deliverer
from graph_service.errors import GraphServiceError
from graph_service.rules.workdays import calendar_in_use
from graph_service.settings import get_settings
from graph_service.store.db import Database
from graph_service.store.queries import QueryRegistry
from graph_service.store.schema import migrate

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
        db = Database(settings, QueryRegistry.load())
        try:
            migrate(db)
            calendar = calendar_in_use(settings.workday_calendar)
            hits = hits_for_events(db, calendar, settings.feedback_working_days)
            monitor = Monitor(db, settings.control_max_depth, hooks=[hits])
            changed = monitor.process_pending(day)
            swept = monitor.sweep(day)
            reconciled = monitor.reconcile(day) if all_watches else 0
            delivered = Deliverer(db, settings).deliver_due()
        finally:
            db.close()
    except (GraphServiceError, ValueError) as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(code=1) from exc
    typer.echo(
        f"events: {changed} from changes, {swept} from the sweep of {day}, "
        f"{reconciled} from re-screening every watch; {delivered} webhook deliveries"
    )
