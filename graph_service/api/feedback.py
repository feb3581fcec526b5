"""Feedback on measures (奖惩结果反馈): POST /v1/feedback and GET /v1/feedback/pending.

An authority feeds back on the hits its own screenings opened; the credit office (`admin`)
reads what every authority still owes (docs/DECISIONS.md).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from graph_service.api.deps import DbDep, SettingsDep, require_roles
from graph_service.auth import Principal, Role
from graph_service.domain.feedback import FeedbackCreate, HitOut, PendingFeedback
from graph_service.domain.ingest import resolve_ref
from graph_service.engine.feedback import pending_feedback, record_feedback

router = APIRouter(prefix="/v1/feedback", tags=["feedback"])

AuthorityDep = Annotated[Principal, Depends(require_roles(Role.AUTHORITY))]
OfficeOrAuthorityDep = Annotated[Principal, Depends(require_roles(Role.ADMIN, Role.AUTHORITY))]


@router.post("", response_model=HitOut)
def give_feedback(
    body: FeedbackCreate, principal: AuthorityDep, db: DbDep, settings: SettingsDep
) -> HitOut:
    """Record what the authority did with a restricted or rewarded answer it was given."""
    subject = resolve_ref(body.subject, settings.pseudonym_secret())
    return record_feedback(
        db, holder=principal.holder, subject=subject, body=body, actor=principal.actor
    )


@router.get("/pending", response_model=PendingFeedback)
def pending(
    principal: OfficeOrAuthorityDep,
    db: DbDep,
    settings: SettingsDep,
    as_of: Annotated[date | None, Query(description="The day overdue is judged on")] = None,
) -> PendingFeedback:
    """Hits still owed feedback and those past their deadline: an authority's own, or every
    authority's for the credit office."""
    holder = None if principal.role is Role.ADMIN else principal.holder
    return pending_feedback(
        db,
        holder=holder,
        as_of=as_of or date.today(),
        working_days=settings.feedback_working_days,
    )
