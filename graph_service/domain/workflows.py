"""Requests and answers of the objection, repair, revocation, deletion and history workflows.

R-TIME-2..5 (Art. 41, 43, 45, 46). Dates are strictly `YYYY-MM-DD`, as at ingestion; checks
that need the record (its type, state and dates) are the workflow service's.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any, Final

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from graph_service.domain.enums import PositiveKind
from graph_service.domain.ingest import IsoDate, Name, Text


class PauseKind(StrEnum):
    """Art. 41 para. 3: work whose time does not count toward the objection deadline."""

    TESTING = "TESTING"  # 检测
    INSPECTION = "INSPECTION"  # 检验
    QUARANTINE = "QUARANTINE"  # 检疫
    APPRAISAL = "APPRAISAL"  # 鉴定
    EXPERT_REVIEW = "EXPERT_REVIEW"  # 专家评审


class ObjectionOutcome(StrEnum):
    UPHELD = "UPHELD"  # the record is corrected or deleted as erroneous
    REJECTED = "REJECTED"  # the record stays, with the reasons (Art. 41 para. 2)


class RepairMethod(StrEnum):
    """Art. 45: the ways a subject repairs its credit (R-TIME-4)."""

    CORRECTION = "CORRECTION"  # 纠正失信行为
    REMOVE_EFFECTS = "REMOVE_EFFECTS"  # 消除不良影响
    CREDIT_COMMITMENT = "CREDIT_COMMITMENT"  # 作出信用承诺
    RECTIFICATION = "RECTIFICATION"  # 完成信用整改
    CREDIT_CHECK = "CREDIT_CHECK"  # 通过信用核查
    TRAINING = "TRAINING"  # 接受专题培训
    CREDIT_REPORT = "CREDIT_REPORT"  # 提交信用报告
    PUBLIC_BENEFIT = "PUBLIC_BENEFIT"  # 参加公益慈善活动


class RevocationKind(StrEnum):
    """Art. 43 para. 2: the decision behind the record was revoked or changed (R-TIME-2)."""

    REVOKED = "REVOKED"
    CHANGED = "CHANGED"


class RecordState(StrEnum):
    """DESIGN §4 `Record.state` (expiry is computed from `as_of`, never stored)."""

    IN_FORCE = "in_force"
    OBJECTED = "objected"
    CORRECTED = "corrected"
    REPAIRED = "repaired"
    REVOKED = "revoked"


# Art. 43 para. 1: what a subject may have deleted on request (R-TIME-2).
DELETABLE_ON_REQUEST: Final[frozenset[str]] = frozenset(
    {PositiveKind.COMMENDATION, PositiveKind.VOLUNTEER, PositiveKind.DONATION}
)


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RecordCorrection(_Request):
    """The fields an upheld objection or a changed decision may correct; only those given
    change (`act_end: null` makes the act ongoing). Old values go to the StateChange."""

    document: Name | None = None
    category: int | str | None = Field(
        default=None, description="1-5 for a dishonesty record, a positive kind otherwise"
    )
    serious: bool | None = None
    act_start: IsoDate | None = None
    act_end: IsoDate | None = None


class ObjectionCreate(_Request):
    reason: Text
    needs_provider_verification: bool = Field(
        default=False, description="10 working days instead of 3 (Art. 41)"
    )
    filed_on: IsoDate | None = Field(default=None, description="Default: today")


class PauseCreate(_Request):
    kind: PauseKind
    start: IsoDate
    end: IsoDate = Field(description="Last paused day, included")

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, value: date, info: ValidationInfo) -> date:
        start = info.data.get("start")
        if start is not None and value < start:
            raise ValueError("end must not be before start")
        return value


class DecisionCreate(_Request):
    outcome: ObjectionOutcome
    reasons: Text
    correction: RecordCorrection | None = Field(
        default=None, description="UPHELD: the corrected fields (or `delete`)"
    )
    delete: bool = Field(default=False, description="UPHELD: delete the record as erroneous")
    decided_on: IsoDate | None = Field(default=None, description="Default: today")


class RepairCreate(_Request):
    """A completed repair (`method`, `evidence`, `repaired_on`), or a grace period for repair
    (`grace_until`, `granted_on`, its grounds in `evidence`; Art. 45 para. 1)."""

    method: RepairMethod | None = None
    evidence: Text | None = None
    repaired_on: IsoDate | None = Field(default=None, description="Repair: default today")
    grace_until: IsoDate | None = Field(default=None, description="Grace: its last day")
    granted_on: IsoDate | None = Field(default=None, description="Grace: default today")


class RevocationCreate(_Request):
    kind: RevocationKind
    decision_document: Name = Field(description="The document revoking or changing the decision")
    decided_on: IsoDate = Field(description="The day the decision was revoked or changed")
    provider_notified_on: IsoDate = Field(description="The day the provider told the office")
    acted_on: IsoDate | None = Field(default=None, description="The office's action; default today")
    changes: RecordCorrection | None = Field(default=None, description="CHANGED: the new values")


# --- answers -------------------------------------------------------------------------------


class PauseOut(BaseModel):
    kind: PauseKind
    start: date
    end: date


class ObjectionOut(BaseModel):
    id: str
    record: str
    subject: str | None
    filed_by: str | None = Field(
        default=None,
        description="The subject that filed it: the record's own, or a responsible person "
        "whose record Art. 32 enters it in (Art. 40)",
    )
    filed_on: date
    reason: str
    needs_provider_verification: bool
    working_days: int = Field(description="3, or 10 where the provider verifies (Art. 41)")
    deadline: date = Field(description="Last day to decide, pauses excluded (R-TIME-3)")
    provisional: bool = Field(
        default=False,
        description="The deadline runs into a year whose holiday notice is not loaded: counted "
        "on the statutory holidays, recounted once the notice is (Art. 40-41)",
    )
    status: str = Field(description="open, decided, or closed (superseded by a revocation)")
    outcome: str | None = None
    reasons: str | None = None
    decided_on: date | None = None
    on_time: bool | None = None
    overdue: bool = Field(default=False, description="Open past the deadline as of `as_of`")
    pauses: list[PauseOut] = []


class NotificationOut(BaseModel):
    to: str
    at: datetime
    what: str


class RepairOut(BaseModel):
    id: str
    record: str
    kind: str = Field(description="REPAIR, or GRACE for a granted grace period")
    method: RepairMethod | None = None
    evidence: str | None = None
    repaired_on: date | None = None
    grace_until: date | None = None
    granted_on: date | None = None
    state: str = Field(description="The record's state afterwards")
    removed_entries: list[str] = Field(
        default=[], description="Entries taken off the serious and joint sanction lists"
    )
    notification: NotificationOut | None = None


class RevocationOut(BaseModel):
    id: str
    record: str
    kind: RevocationKind
    decision_document: str
    decided_on: date
    provider_notified_on: date
    provider_deadline: date = Field(description="3 working days after the decision (Art. 43)")
    provider_on_time: bool
    acted_on: date
    office_deadline: date = Field(description="3 working days after the provider's notice")
    office_on_time: bool
    state: str
    superseded_objection: str | None = None


class DeletionOut(BaseModel):
    """The log of a deletion on request: never the deleted content (R-TIME-5)."""

    id: str
    record_id: str
    at: datetime
    by: str
    reason: str


class StateChangeOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    node: str = Field(description="The record or list entry that changed")
    node_type: str = Field(description="record or entry")
    at: datetime
    by: str | None
    from_state: str | None = Field(alias="from")
    to: str | None
    reason: str | None
    changes: dict[str, Any] | None = Field(
        default=None, description="Corrected fields: {field: {from, to}}"
    )


class RecordHistory(BaseModel):
    record: str
    state: str | None = Field(description="The current state, or null once deleted")
    changes: list[StateChangeOut]
    deletion: DeletionOut | None = None


class ObjectionList(BaseModel):
    as_of: date
    objections: list[ObjectionOut]
