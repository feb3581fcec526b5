"""Credit commitments (Art. 33, R-INFO-7): what a subject promised and whether it was kept."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints

CommitmentStatus = Literal["PENDING", "OVERDUE", "KEPT", "BROKEN"]


class VerificationCreate(BaseModel):
    """POST /v1/commitments/{id}/verification (DESIGN §6: field names are public)."""

    model_config = ConfigDict(extra="forbid")

    kept: StrictBool
    checked_on: date
    document: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
        | None
    ) = Field(default=None, description="The document recording the check")


class CommitmentOut(BaseModel):
    id: str
    subject: str
    matter: str
    kind: str = Field(description="PERMIT (告知承诺) or PUBLIC (公开信用承诺)")
    made_on: date
    content: str
    due_on: date | None
    authority: str | None = Field(description="The authority holding it; null: the office")
    kept: bool | None
    checked_on: date | None
    document: str | None
    status: CommitmentStatus
    changes: list[dict[str, Any]] = Field(
        default_factory=list, description="Every change: made, updated, verified (R-TIME-5)"
    )


class OverdueCommitments(BaseModel):
    as_of: date
    commitments: list[CommitmentOut]


def commitment_status(
    kept: bool | None, checked_on: date | None, due_on: date | None, as_of: date
) -> CommitmentStatus:
    """KEPT or BROKEN once checked on or before `as_of`; else OVERDUE past its due day."""
    if kept is not None and checked_on is not None and checked_on <= as_of:
        return "KEPT" if kept else "BROKEN"
    if due_on is not None and due_on < as_of:
        return "OVERDUE"
    return "PENDING"
