"""The screening and generated-list answers (DESIGN.md §6: field names are public)."""

from __future__ import annotations

import builtins
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from graph_service.domain.ingest import ResidentIdRef

Decision = Literal["restricted", "allowed", "rewarded"]


class Restriction(BaseModel):
    """One measure restricting a subject, with its explanation (R-PROP-6)."""

    model_config = ConfigDict(frozen=True)

    measure: str
    description: str | None = None
    list: str
    entry: str
    record: str
    document: str | None = Field(description="The legally effective document (R-INFO-3)")
    record_withheld: str | None = Field(
        default=None,
        description="Set when the caller may not see the record (R-INFO-2): why its document "
        "and act dates are not shown; the measure applies all the same (Art. 24, 29)",
    )
    role: str = Field(description="How the sanction reached the subject: SELF or the role held")
    via: str | None = Field(description="The listed organisation, or null for SELF")
    path: builtins.list[str] = Field(
        description="Node ids and relationship types from the subject to the record"
    )
    legal_basis: str
    authority: str | None
    until: date | None = Field(description="Last day it holds unless something changes")
    remedy: str | None
    serious: bool = False
    objection: bool = Field(default=False, description="The record carries an objection mark")
    act_start: date | None = Field(description="null when the record is withheld")
    act_end: date | None
    recognised: str | None = Field(
        default=None,
        description="BJ or HE: the list takes effect under a recognition agreement (R-LIST-6)",
    )
    control_truncated: bool = Field(
        default=False,
        description="The control chain above the listed organisation is longer than "
        "GRAPH_SERVICE_CONTROL_MAX_DEPTH: its ultimate controller is not determined and no "
        "intermediate holding company is named in its place (R-PROP-3)",
    )


class Reward(BaseModel):
    model_config = ConfigDict(frozen=True)

    measure: str
    description: str | None = None
    list: str
    list_type: str
    entry: str
    legal_basis: str
    authority: str | None
    recognised: str | None = Field(
        default=None, description="BJ or HE: recognised under an agreement (R-LIST-6)"
    )


class WithheldReward(Reward):
    """A reward withheld while a dishonesty record is in force (R-PROP-7), saying which."""

    reasons: builtins.list[str] = Field(
        description="Records in force, or entries reaching the subject"
    )


class Note(BaseModel):
    """Information beside the decision, never a sanction by itself: a credit commitment the
    subject did not keep, for a matter linked to the one screened (Art. 33)."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["BROKEN_COMMITMENT"] = "BROKEN_COMMITMENT"
    commitment: str
    commitment_kind: str = Field(description="PERMIT (告知承诺) or PUBLIC")
    matter: str = Field(description="The matter the commitment was made for")
    made_on: date
    due_on: date | None
    checked_on: date = Field(description="The day it was found not kept")
    document: str | None


class SubjectDecision(BaseModel):
    subject: str
    decision: Decision
    restrictions: list[Restriction]
    rewards: list[Reward]
    withheld_rewards: list[WithheldReward]
    notes: list[Note] = Field(
        default_factory=list,
        description="Information beside the decision (Art. 33 commitments not kept); "
        "it does not change the decision",
    )


class ScreenAnswer(BaseModel):
    as_of: date
    matter: str
    results: list[SubjectDecision]


class ListedSubject(BaseModel):
    """A subject on a generated list, with every restriction or reward that puts it there."""

    subject: str
    kind: str | None
    name: str | None
    region: str | None
    restrictions: builtins.list[Restriction] = Field(default_factory=builtins.list)
    rewards: builtins.list[Reward] = Field(default_factory=builtins.list)


class GeneratedList(BaseModel):
    """A joint sanction, serious or joint reward list as of a date (R-OUT-1)."""

    list_type: str
    as_of: date
    matter: str | None
    measure: str | None
    count: int
    subjects: builtins.list[ListedSubject]


class ListChange(BaseModel):
    """A subject added, removed or changed between two generations, with the reasons."""

    subject: str
    name: str | None
    change: Literal["added", "removed", "changed"]
    reasons: builtins.list[str]
    before: builtins.list[str] = Field(description="Restriction keys on the earlier date")
    after: builtins.list[str] = Field(description="Restriction keys on the later date")


class ListDiff(BaseModel):
    list_type: str
    from_date: date = Field(serialization_alias="from")
    to_date: date = Field(serialization_alias="to")
    added: builtins.list[ListChange]
    removed: builtins.list[ListChange]
    changed: builtins.list[ListChange]


class ScreenRequest(BaseModel):
    subjects: list[str | ResidentIdRef] = Field(min_length=1, max_length=1000)
    matter: str = Field(min_length=1, max_length=200)
    as_of: date = Field(default_factory=date.today)
