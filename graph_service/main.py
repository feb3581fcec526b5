"""The application factory; its lifespan owns the Neo4j driver."""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from graph_service import logs
from graph_service.api import (
    analytics,
    commitments,
    control,
    docs,
    entries,
    export,
    feedback,
    graph,
    health,
    ingest,
    interviews,
    lists,
    monitor,
    problems,
    report,
    screening,
    security,
    statistics,
    subjects,
    tokens,
    webhooks,
    workflows,
)
from graph_service.api.limits import RequestLimiter, RequestLimitMiddleware
from graph_service.api.request_log import RequestLogMiddleware
from graph_service.auth import hash_token
from graph_service.background import Background
from graph_service.engine.feedback import hits_for_events
from graph_service.engine.monitor import Monitor
from graph_service.engine.webhooks import Deliverer
from graph_service.engine.workflows import Workflows
from graph_service.errors import GraphServiceError
from graph_service.machine_lock import MachineLock
from graph_service.rules.workdays import calendar_in_use
from graph_service.settings import Settings, get_settings
from graph_service.store.db import Database
from graph_service.store.queries import QueryRegistry
from graph_service.store.schema import migrate


def _prepare_schema(app: FastAPI, db: Database) -> None:
    """Apply migrations once Neo4j answers, then recount the provisional deadlines the calendar
    in use now covers; retried in the background so start-up never blocks. Workers on one
    database migrate one after the other (a data step must not run twice at once)."""
    while not app.state.closing:
        try:
            with MachineLock.for_database(db.settings, "migrate").held():
                migrate(db)
            settled = Workflows(db, app.state.calendar).settle_provisional_deadlines()
        except GraphServiceError:
            time.sleep(1.0)
            continue
        app.state.schema_ready = True
        logs.event("schema_ready", queries=len(db.registry), settled_deadlines=settled)
        return


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    logs.configure(settings.log_level)
    registry = QueryRegistry.load()  # fails at start-up naming a bad .cypher file
    calendar = calendar_in_use(settings.workday_calendar)  # fails naming a bad entry

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = Database(settings, registry)
        app.state.db = db
        # An authority's restricted or rewarded watch event opens hits owing feedback.
        hits = hits_for_events(db, calendar, settings.feedback_working_days)
        app.state.monitor = Monitor(db, settings.control_max_depth, hooks=[hits])
        worker = threading.Thread(target=_prepare_schema, args=(app, db), daemon=True)
        worker.start()
        background = Background(
            app.state.monitor,
            Deliverer(db, settings),
            settings.monitor_poll,
            MachineLock.for_database(settings, "background"),
        )
        if settings.monitor_in_service:  # re-screens, the daily sweep, webhooks (issue 15)
            background.start(ready=lambda: bool(app.state.schema_ready))
        try:
            yield
        finally:
            app.state.closing = True
            worker.join(timeout=5.0)
            if settings.monitor_in_service:
                background.stop()
            db.close()
            app.state.db = None
            app.state.monitor = None

    app = FastAPI(
        title="credit-graph",
        version="0.1.0",
        summary="Joint reward and sanction analysis over the municipal credit graph",
        lifespan=lifespan,
        docs_url=None,  # served from the package by api/docs.py, not from a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.calendar = calendar
    app.state.db = None
    app.state.monitor = None
    app.state.schema_ready = False
    app.state.closing = False
    problems.install(app)
    admin = settings.admin_token.get_secret_value() if settings.admin_token else None
    # Each of N workers keeps its own buckets, so each allows 1/N of the limit (issue 17).
    limiter = RequestLimiter(
        settings.token_rate_limit / settings.workers,
        settings.admin_rate_limit / settings.workers,
        hash_token(admin) if admin is not None else None,
    )
    app.add_middleware(RequestLimitMiddleware, limiter=limiter)  # inside the edge's headers
    security.install(app, settings)
    app.include_router(health.router)
    app.include_router(docs.router)  # /docs: Swagger UI from the package (issue 14)
    app.include_router(ingest.router)
    app.include_router(screening.router)
    app.include_router(graph.router)  # /v1/graph, /v1/subjects search, /explorer (R-OUT-3)
    app.include_router(lists.router)
    app.include_router(control.router)
    app.include_router(report.router)
    app.include_router(analytics.router)  # /v1/analytics (issue 8)
    app.include_router(export.router)  # /v1/export: FollowTheMoney and BODS (issue 8)
    app.include_router(subjects.router)  # GET /v1/subjects/{id}: the profile (issue 3)
    app.include_router(workflows.router)  # objections, repair, revocation, history (R-TIME-2..5)
    app.include_router(interviews.router)  # warning interviews (Art. 44)
    app.include_router(entries.router)  # proposed entries, statements, notifications (Art. 28)
    app.include_router(tokens.router)  # GET /v1/tokens, DELETE /v1/tokens/{id} (issue 14)
    app.include_router(feedback.router)  # 奖惩结果反馈: hits owing feedback (issue 15)
    app.include_router(commitments.router)  # Art. 33 credit commitments (issue 15)
    app.include_router(statistics.router)  # /v1/statistics and /dashboard (issue 15)
    app.include_router(monitor.router)  # watches and events (issue 15)
    app.include_router(webhooks.router)  # signed deliveries of the events (issue 15)

    app.add_middleware(RequestLogMiddleware)  # outermost: times everything

    return app
