"""Watches, the event feed and webhooks (issue 15): an authority watches what it granted.

Each watch and webhook belongs to its owner (the authority, or the token bound to none); the
credit office (`admin`) sees every one and every event. Creating a watch screens the subject
today and reading the feed shows decisions about subjects, so both are written to the query
log (R-SEC-3).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import NamedTuple

from graph_service.access import Access, log_query, logging_alongside
from graph_service.auth import Role
from graph_service.domain.ingest import resolve_ref
from graph_service.domain.monitor import (
    Delivery,
    DeliveryLog,
    EventPage,
    WatchCreate,
    WatchCreated,
    WatchList,
    WatchOut,
    WebhookCreate,
    WebhookList,
    WebhookOut,
)
from graph_service.engine.feedback import hits_for_events
from graph_service.engine.monitor import Monitor, event_of, state_of
from graph_service.engine.screening import Engine
from graph_service.engine.webhooks import Deliverer, check_url, create_webhook
from graph_service.errors import NotFound, ValidationFailed
from graph_service.rules.workdays import calendar_in_use
from graph_service.settings import Settings
from graph_service.store.db import Database


def owner_filter(access: Access) -> str | None:
    """The owner whose watches, events and webhooks the caller sees; None: all (the office)."""
    return None if access.principal.role is Role.ADMIN else access.principal.holder


def create_watch(
    db: Database, settings: Settings, access: Access, body: WatchCreate
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
    row = db.create_watch(
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
    )
    assert row is not None  # the screening above found the subject: the watch is merged
    return WatchCreated(id=row.id, decision=row.decision)


def list_watches(db: Database, access: Access) -> WatchList:
    """The caller's active watches (the credit office: all), with the last known decision."""
    rows = db.find_watches(owner=owner_filter(access))
    log_query(
        db,
        access,
        endpoint="GET /v1/watches",
        subjects=[row.subject for row in rows],
        categories=["watches"],
    )
    return WatchList(watches=[WatchOut(**row._asdict()) for row in rows])


def delete_watch(db: Database, access: Access, watch_id: str) -> None:
    """Stop watching; the watch's past events stay in the feed."""
    if not db.delete_watch(id=watch_id, owner=owner_filter(access)):
        raise NotFound(f"no watch {watch_id!r} of the caller")


def events(db: Database, access: Access, *, after: int, limit: int) -> EventPage:
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


def register_webhook(
    db: Database, settings: Settings, access: Access, body: WebhookCreate
) -> WebhookOut:
    """Deliver the events of the caller's watches (the office: every event) from now on; a
    host the operator did not allow is refused naming `url`."""
    check_url(body.url, settings.webhook_hosts)
    row = create_webhook(
        db,
        url=body.url,
        secret=body.secret,
        owner=access.principal.holder,
        role=access.principal.role,
    )
    return WebhookOut(**row._asdict())


def list_webhooks(db: Database, access: Access) -> WebhookList:
    """The caller's active webhooks (never their secrets)."""
    rows = db.find_webhooks(owner=owner_filter(access))
    return WebhookList(webhooks=[WebhookOut(**row._asdict()) for row in rows])


def delete_webhook(db: Database, access: Access, webhook_id: str) -> None:
    """Stop deliveries (retries included); the delivery log stays."""
    if not db.delete_webhook(id=webhook_id, owner=owner_filter(access)):
        raise NotFound(f"no webhook {webhook_id!r} of the caller")


def deliveries(db: Database, access: Access, webhook_id: str, *, limit: int) -> DeliveryLog:
    """Every delivery attempt, newest first: event id, attempt, the receiver's status."""
    found = db.read_webhook(id=webhook_id)
    owner = owner_filter(access)
    if not found or (owner is not None and found[0].owner != owner):
        raise NotFound(f"no webhook {webhook_id!r} of the caller")
    rows = db.read_deliveries(webhook=webhook_id, limit=limit)
    return DeliveryLog(
        webhook=webhook_id,
        delivered=found[0].delivered,
        deliveries=[Delivery(**row._asdict()) for row in rows],
    )


class MonitorRun(NamedTuple):
    """Events appended by one run of the monitor's work, and webhook deliveries made."""

    changed: int
    swept: int
    reconciled: int
    delivered: int


def run_once(db: Database, settings: Settings, day: date, *, every_watch: bool) -> MonitorRun:
    """The service's background work once, without the service: the outbox's re-screens,
    the daily sweep if due, every watch re-screened when asked, one pass of deliveries."""
    calendar = calendar_in_use(settings.workday_calendar)
    hits = hits_for_events(db, calendar, settings.feedback_working_days)
    monitor = Monitor(db, settings.control_max_depth, hooks=[hits])
    changed = monitor.process_pending(day)
    swept = monitor.sweep(day)
    reconciled = monitor.reconcile(day) if every_watch else 0
    delivered = Deliverer(db, settings).deliver_due()
    return MonitorRun(changed, swept, reconciled, delivered)
