"""Feedback on measures (奖惩结果反馈): the hits an authority owes feedback on, and the feedback.

Field names of `FeedbackCreate` are the public contract of DESIGN §6.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from graph_service.domain.ingest import ResidentIdRef


class Outcome(StrEnum):
    """What the authority did with a restricted or rewarded answer."""

    APPLIED = "APPLIED"
    NOT_APPLIED = "NOT_APPLIED"
    NOT_APPLICABLE = "NOT_APPLICABLE"


Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]


class FeedbackCreate(BaseModel):
    """POST /v1/feedback: what was done with one hit (subject × matter × measure × entry)."""

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)

    subject: str | ResidentIdRef
    matter: Code
    measure: Code
    entry: Code
    outcome: Outcome
    decided_on: date
    case_ref: Code | None = None
    note: Text | None = None


class HitOut(BaseModel):
    """A hit: a restriction or reward given to an authority, and the feedback it owes."""

    holder: str = Field(description="The authority that was answered (code, or its token)")
    subject: str
    matter: str
    measure: str
    entry: str
    list: str | None
    decision: str = Field(description="restricted or rewarded")
    opened_on: date
    due_on: date | None = Field(description="Last day for the feedback (working days)")
    status: str = Field(description="open, or done once feedback is given")
    overdue: bool = False
    outcome: str | None = None
    decided_on: date | None = None
    case_ref: str | None = None
    note: str | None = None
    fed_back_on: date | None = None
    on_time: bool | None = None


class PendingFeedback(BaseModel):
    """GET /v1/feedback/pending: every hit still owed feedback, and those past their day."""

    as_of: date
    working_days: int = Field(description="The feedback deadline in working days")
    pending: list[HitOut]
    overdue: list[HitOut]
