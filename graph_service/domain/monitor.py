"""Watches, events and webhooks (DESIGN.md §6, the closed loop: field names are public)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from graph_service.domain.ingest import ResidentIdRef
from graph_service.domain.screening import Decision


class WatchCreate(BaseModel):
    """An authority (or the credit office) watches a subject it granted something to."""

    subject: str | ResidentIdRef = Field(description="Subject id or {resident_id}")
    matter: str = Field(min_length=1, max_length=200, description="The matter granted")
    label: str = Field(default="", max_length=500)
    reference: str = Field(
        default="", max_length=500, description="The permit, contract or case number"
    )


class WatchCreated(BaseModel):
    id: str
    decision: Decision = Field(description="Today's decision for the subject and matter")


class WatchOut(BaseModel):
    id: str
    subject: str
    matter: str
    label: str
    reference: str
    decision: Decision = Field(description="The last known decision")
    created_at: datetime


class WatchList(BaseModel):
    watches: list[WatchOut]


class RestrictionKey(BaseModel):
    """What identifies a restriction in a watch's state (measure, entry, role, via)."""

    measure: str
    entry: str
    role: str
    via: str | None
    list: str
    record: str


class Event(BaseModel):
    """A watched subject's decision or set of restriction keys changed (issue 15)."""

    id: int = Field(description="Increasing; pass the last one seen as `after`")
    watch: str
    subject: str
    matter: str
    before: Decision
    after: Decision
    at: datetime
    cause: str = Field(
        description="ingest:<kind>, workflow:<repair|revocation|objection|deletion>, "
        "time:<expiry|repair|revocation|listing|removal|publication|recognition>, load "
        "(a bulk file load) or reconcile (every watch re-screened)"
    )
    restrictions: list[RestrictionKey] = Field(description="The restrictions after the change")


class EventPage(BaseModel):
    events: list[Event]
    next: int = Field(description="The cursor for the next page (`after=`)")


class WebhookCreate(BaseModel):
    url: str = Field(min_length=1, max_length=2000, description="http(s) URL on an allowed host")
    secret: str = Field(min_length=16, max_length=500, description="The HMAC-SHA256 key")


class WebhookOut(BaseModel):
    id: str
    url: str
    created_at: datetime
    delivered: int = Field(description="Events up to this id are delivered")


class WebhookList(BaseModel):
    webhooks: list[WebhookOut]


class Delivery(BaseModel):
    """One attempt to deliver an event."""

    event: int
    attempt: int
    status: int | None = Field(description="The receiver's HTTP status; null if it did not answer")
    ok: bool
    error: str | None
    at: datetime


class DeliveryLog(BaseModel):
    webhook: str
    delivered: int
    deliveries: list[Delivery]
