"""A subject's profile as of a date (DESIGN §6): identity, roles and holdings in force,
visible records and list entries."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field


class RoleLink(BaseModel):
    """A role held in an organisation (R-SUBJ-2); the subject is the holder or the org."""

    role: Literal["LEGAL_REPRESENTATIVE", "PRINCIPAL", "ACTUAL_CONTROLLER"]
    holder: str
    holder_name: str | None
    org: str
    org_name: str | None
    valid_from: date
    valid_to: date | None


class Holding(BaseModel):
    """A shareholding (R-SUBJ-3); the subject is the holder or the organisation held."""

    holder: str
    holder_name: str | None
    org: str
    org_name: str | None
    ratio: float
    valid_from: date
    valid_to: date | None


class RecordSummary(BaseModel):
    """A credit record about the subject; `state` is its workflow state, or `expired`."""

    id: str
    type: str
    category: str
    serious: bool
    document: str | None
    domain: str | None
    catalogue_item: str
    act_start: date
    act_end: date | None
    state: str


class EntrySummary(BaseModel):
    """An entry naming the subject on a list (R-LIST-1), listed on or before `as_of`."""

    id: str
    list: str
    list_type: str
    record: str | None
    listed_at: date
    removed_on: date | None
    state: str | None


class SubjectProfile(BaseModel):
    id: str = Field(description="USCC of an organisation, or a person's pseudonymous id")
    kind: str
    name: str
    region: str
    masked_id: str | None = Field(description="A person's masked resident ID (R-SUBJ-1)")
    extra: dict[str, Any] | None
    as_of: date
    roles: list[RoleLink]
    holdings: list[Holding]
    records: list[RecordSummary]
    entries: list[EntrySummary]
