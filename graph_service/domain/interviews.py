"""Prompt and warning interviews (约谈) of a subject (Art. 44, 26 item 4; issue 13 item 11)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from graph_service.domain.ingest import Code, IsoDate, Name, Text


class InterviewKind(StrEnum):
    """Art. 44: the provider starts a prompt or a warning interview."""

    PROMPT = "PROMPT"  # 提示约谈
    WARNING = "WARNING"  # 警示约谈


class InterviewCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: InterviewKind = InterviewKind.WARNING
    held_on: IsoDate = Field(description="The day the interview took place")
    authority: Code = Field(description="The authority that held it (its code)")
    reason: Text = Field(description="Why: the obligation to fulfil, the effects to remove")
    document: Name = Field(description="The interview's document (约谈记录 or notice number)")
    record: Code | None = Field(
        default=None, description="The subject's dishonesty record it concerns, if one"
    )


class InterviewOut(BaseModel):
    """A prompt or warning interview (约谈) of the subject (Art. 44, 26 item 4)."""

    id: str
    subject: str
    kind: str = Field(description="PROMPT (提示约谈) or WARNING (警示约谈)")
    held_on: date
    authority: str
    authority_name: str | None
    reason: str
    document: str
    record: str | None = Field(description="The dishonesty record it concerns, if one")
    at: datetime
    by: str
