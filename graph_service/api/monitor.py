"""Watches and the event feed (issue 15): an authority watches what it granted.

Each watch belongs to its caller (role and token id); the credit office (`admin`) sees every
watch and event. Creating a watch screens the subject today and reading the feed shows
decisions about subjects, so both are written to the query log (R-SEC-3).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from graph_service.access import Access, log_query, logging_alongside
from graph_service.api.deps import DbDep, GrantorAccessDep, SettingsDep
from graph_service.auth import Role
from graph_service.domain.ingest import resolve_ref
from graph_service.domain.monitor import EventPage, WatchCreate, WatchCreated, WatchList, WatchOut
from graph_service.engine.monitor import event_of, state_of
from graph_service.engine.screening import Engine
from graph_service.errors import NotFound, ValidationFailed

router = APIRouter(prefix="/v1", tags=["monitoring"])


def owner_filter(access: Access) -> str | None:
    """The owner whose watches, events and webhooks the caller sees; None: all (the office)."""
    return None if access.principal.role is Role.ADMIN else access.principal.holder


@router.post("/watches", status_code=201, response_model=WatchCreated)
def create_watch(
    body: WatchCreate, access: GrantorAccessDep, db: DbDep, settings: SettingsDep
) -> WatchCreated:
    """Watch a subject for a matter; answers today's decision. The same owner, subject,
    matter and reference again finds the same watch."""
    subject = resolve_ref(body.subject, settings.pseudonym_secret())
    engine = Engine(db, settings.control_max_depth, access.disclosures)
    with logging_alongside(
        db,
        access,
        endpoint="POST /v1/watches",
        subjects=[subject],
        categories=["restrictions", "rewards"],
    ):
        try:
            decision = engine.screen([subject], body.matter, date.today(), check=True)[0]
        except ValidationFailed as exc:  # the screening names `subjects`; here it is `subject`
            errors = [
                {
                    "field": "subject" if e.get("field") == "subjects" else e["field"],
                    "message": e["message"],
                }
                for e in exc.extensions.get("errors", [])
            ]
            raise ValidationFailed("unknown subject or matter", errors=errors) from exc
    after, keys, digest = state_of(decision)
    row = db.write(
        "create_watch",
        id=f"w-{uuid.uuid4().hex}",
        key="|".join((access.principal.holder, subject, body.matter, body.reference)),
        subject_id=subject,
        matter=body.matter,
        owner=access.principal.holder,
        role=access.principal.role.value,
        disclosures=access.disclosures,
        label=body.label,
        reference=body.reference,
        decision=after,
        keys=keys,
        digest=digest,
    )[0]
    return WatchCreated(id=row["id"], decision=row["decision"])


@router.get("/watches", response_model=WatchList)
def list_watches(access: GrantorAccessDep, db: DbDep) -> WatchList:
    """The caller's active watches (the credit office: all), with the last known decision."""
    rows = db.read("find_watches", owner=owner_filter(access))
    log_query(
        db,
        access,
        endpoint="GET /v1/watches",
        subjects=[row["subject"] for row in rows],
        categories=["watches"],
    )
    return WatchList(watches=[WatchOut(**row) for row in rows])


@router.delete("/watches/{watch_id}", status_code=204)
def delete_watch(watch_id: str, access: GrantorAccessDep, db: DbDep) -> None:
    """Stop watching; the watch's past events stay in the feed."""
    if not db.write("delete_watch", id=watch_id, owner=owner_filter(access)):
        raise NotFound(f"no watch {watch_id!r} of the caller")


@router.get("/events", response_model=EventPage)
def events(
    access: GrantorAccessDep,
    db: DbDep,
    after: Annotated[int, Query(ge=0, description="The last event id seen; 0 for the start")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> EventPage:
    """Events of the caller's watches after `after`, in order; `next` is the next cursor."""
    rows = db.read_events(after=after, limit=limit, owner=owner_filter(access))
    found = [event_of(row) for row in rows]
    log_query(
        db,
        access,
        endpoint="GET /v1/events",
        subjects=[event.subject for event in found],
        categories=["events"],
    )
    return EventPage(events=found, next=found[-1].id if found else after)
