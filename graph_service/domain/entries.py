"""Requests and answers of the proposed-entry workflow: notification, statement and defence,
confirmation (Art. 24 para. 1, 28 para. 3; issue 13 item 10)."""

from __future__ import annotations

import builtins
from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from graph_service.domain.ingest import IsoDate, Text


class EntryDecision(StrEnum):
    CONFIRMED = "CONFIRMED"  # the entry takes effect from the later of listing and confirmation
    WITHDRAWN = "WITHDRAWN"  # the statement convinced the office: the entry never takes effect


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StatementCreate(_Request):
    text: Text = Field(description="The subject's statement and defence (陈述和申辩)")
    filed_on: IsoDate | None = Field(default=None, description="Default: today")


class ConfirmationCreate(_Request):
    decision: EntryDecision
    reasons: Text = Field(description="Why, having heard the subject")
    decided_on: IsoDate | None = Field(default=None, description="Default: today")


class StatementOut(BaseModel):
    id: str
    entry: str
    text: str
    filed_on: date
    on_time: bool = Field(description="Filed within the statement period")


class ConfirmationOut(BaseModel):
    entry: str
    subject: str = Field(description="The subject the entry lists")
    state: str = Field(description="in_force (confirmed) or withdrawn")
    decided_on: date
    effective_from: date | None = Field(description="The day the entry takes effect, if ever")


class StatementPeriod(BaseModel):
    working_days: int
    deadline: date = Field(description="Last day to file a statement (Art. 28 para. 3)")
    provisional: bool = Field(
        description="Counted on the statutory holidays: the year's notice is not loaded yet"
    )


class NotificationOut(BaseModel):
    """What the sanctioned subject is told (Art. 24 para. 1): basis, reason and remedy."""

    kind: str = Field(description="PROPOSED_LISTING (statement period open) or LISTING")
    entry: str
    list: str
    list_type: str
    notified_on: date | None
    at: datetime
    basis: str | None = Field(description="The basis of the listing (列入依据)")
    reason: str | None = Field(description="The dishonest act it rests on (理由)")
    remedy: str | None = Field(description="The remedy (救济途径)")
    removal_conditions: str | None
    record: str | None
    statement_period: StatementPeriod | None = Field(
        description="For a proposed entry: the period to state and defend (Art. 28 para. 3)"
    )
    entry_state: str | None = Field(description="proposed, in_force, withdrawn or removed")
    confirmed_on: date | None
    statements: builtins.list[StatementOut]


class NotificationList(BaseModel):
    subject: str
    notifications: list[NotificationOut]
