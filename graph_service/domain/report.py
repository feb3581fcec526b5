"""The credit report of a subject (Art. 39, R-OUT-4)."""

from __future__ import annotations

import builtins
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from graph_service.domain.commitments import CommitmentOut
from graph_service.domain.entries import NotificationOut
from graph_service.domain.interviews import InterviewOut
from graph_service.domain.screening import Restriction


class StateChangeOut(BaseModel):
    at: datetime
    by: str | None
    from_state: str | None = Field(alias="from", serialization_alias="from")
    to: str | None
    reason: str | None


class ReportRecord(BaseModel):
    id: str
    type: str
    category: str | None
    serious: bool | None
    document: str | None
    act_start: date
    act_end: date | None
    received_at: date | None
    state: str | None
    in_force: bool
    removed: str | None = Field(
        default=None,
        description="expired, revoked or repaired: removed by law (Art. 42 para 2, 43, 45 "
        "para 2); shown only to the credit office and the subject itself",
    )
    objection: bool
    provider: str | None = Field(description="The source of the information (Art. 39)")
    provider_name: str | None
    domain: str | None
    catalogue_item: str
    disclosure: str
    objections: list[dict[str, Any]]
    repairs: list[dict[str, Any]] = Field(description="Art. 45 repairs and grace periods")
    changes: list[StateChangeOut] = Field(description="Every change, with who, when and why")


class ReportEntry(BaseModel):
    entry: str
    list: str
    list_type: str
    record: str | None
    listed_at: date
    removed_on: date | None
    state: str | None
    in_force: bool
    basis: str | None
    removal_conditions: str | None
    remedy: str | None
    changes: builtins.list[StateChangeOut]


class DerivedEntry(BaseModel):
    """An organisation's act entered in a responsible person's own record (Art. 32)."""

    organisation: str = Field(description="The organisation on the joint sanction list")
    organisation_name: str | None
    role: str = Field(
        description="LEGAL_REPRESENTATIVE, PRINCIPAL or ACTUAL_CONTROLLER during the act"
    )
    entry: str
    list: str
    record: str
    document: str | None
    act_start: date
    act_end: date | None
    until: date | None = Field(description="Last day it is in the record (R-TIME-1)")
    objection: bool = Field(description="The record carries an objection mark")
    path: builtins.list[str] = Field(description="From the person to the record")


class QueryLogOut(BaseModel):
    at: datetime
    actor: str
    role: str
    authority: str | None = None  # the authority an authority's token acts for (Art. 21)
    purpose: str | None
    endpoint: str
    categories: list[str]


class FreeReports(BaseModel):
    """R-SEC-4: a natural person gets two free credit reports a year."""

    year: int
    issued: int
    free_per_year: int = 2
    free_remaining: int


class CreditReport(BaseModel):
    subject: str
    kind: str
    name: str | None
    region: str | None
    masked_id: str | None
    as_of: date
    records: list[ReportRecord]
    entries: list[ReportEntry]
    restrictions: list[Restriction] = Field(description="Measures reaching the subject, and why")
    commitments: list[CommitmentOut] = Field(
        default_factory=list, description="Art. 33 credit commitments and whether each was kept"
    )
    query_log: list[QueryLogOut] = Field(
        description="Who queried the subject: one page, newest first (`log_limit`, 50 by "
        "default; `log_before` for the next page)"
    )
    query_log_total: int | None = Field(
        default=None,
        description="How many entries the subject's query log holds in all; null when the "
        "caller does not see the log",
    )
    query_log_next: int | None = Field(
        default=None,
        description="The next (older) page's cursor: pass it as `log_before`; null on the "
        "last page",
    )
    free_reports: FreeReports | None
    derived_entries: list[DerivedEntry] = Field(
        default=[],
        description="Acts of organisations on a joint sanction list entered in this person's "
        "own record as their legal representative, principal or actual controller (Art. 32)",
    )
    interviews: list[InterviewOut] = Field(
        default=[], description="Prompt and warning interviews (Art. 44, 26 item 4)"
    )
    notifications: list[NotificationOut] = Field(
        default=[],
        description="What the subject was told of its sanction-list entries, with the "
        "statement period of a proposed one (Art. 24, 28; the office and the subject only)",
    )
