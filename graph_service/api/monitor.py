"""Watches and the event feed (issue 15): an authority watches what it granted.

Each watch belongs to its caller (role and token id); the credit office (`admin`) sees every
watch and event. Creating a watch screens the subject today and reading the feed shows
decisions about subjects, so both are written to the query log (R-SEC-3).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from graph_service.api.deps import DbDep, GrantorAccessDep, SettingsDep
from graph_service.application import monitor
from graph_service.domain.monitor import EventPage, WatchCreate, WatchCreated, WatchList

router = APIRouter(prefix="/v1", tags=["monitoring"])


@router.post("/watches", status_code=201, response_model=WatchCreated)
def create_watch(
    body: WatchCreate, access: GrantorAccessDep, db: DbDep, settings: SettingsDep
) -> WatchCreated:
    """Watch a subject for a matter; answers today's decision. The same owner, subject,
    matter and reference again finds the same watch."""
    return monitor.create_watch(db, settings, access, body)


@router.get("/watches", response_model=WatchList)
def list_watches(access: GrantorAccessDep, db: DbDep) -> WatchList:
    """The caller's active watches (the credit office: all), with the last known decision."""
    return monitor.list_watches(db, access)


@router.delete("/watches/{watch_id}", status_code=204)
def delete_watch(watch_id: str, access: GrantorAccessDep, db: DbDep) -> None:
    """Stop watching; the watch's past events stay in the feed."""
    monitor.delete_watch(db, access, watch_id)


@router.get("/events", response_model=EventPage)
def events(
    access: GrantorAccessDep,
    db: DbDep,
    after: Annotated[int, Query(ge=0, description="The last event id seen; 0 for the start")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> EventPage:
    """Events of the caller's watches after `after`, in order; `next` is the next cursor."""
    return monitor.events(db, access, after=after, limit=limit)
