"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from graph_service.errors import StoreUnavailable

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process answers (nothing else is checked)."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "Neo4j or the queries are not ready"}})
def readyz(request: Request) -> JSONResponse:
    """Ready when Neo4j answers and the schema and queries are loaded."""
    db = request.app.state.db
    if db is None or not request.app.state.schema_ready:
        raise StoreUnavailable("the graph store is not ready yet")
    if not db.ping():
        raise StoreUnavailable("the graph store does not answer")
    return JSONResponse({"status": "ready", "queries": len(db.registry)})
