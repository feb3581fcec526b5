"""POST /v1/subjects/{id}/interviews: an authority records a prompt or warning interview
(约谈), which enters the subject's credit record and report (Art. 44, 26 item 4)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from graph_service.api.deps import DbDep, require_roles
from graph_service.auth import Principal, Role
from graph_service.domain.interviews import InterviewCreate, InterviewOut
from graph_service.engine.interviews import record_interview

router = APIRouter(prefix="/v1/subjects", tags=["subjects"])

# The credit office, or an authority (the provider that holds the interview, Art. 44).
OfficeOrAuthorityDep = Annotated[Principal, Depends(require_roles(Role.ADMIN, Role.AUTHORITY))]


@router.post("/{subject_id}/interviews", status_code=201, response_model=InterviewOut)
def create_interview(
    subject_id: str, body: InterviewCreate, principal: OfficeOrAuthorityDep, db: DbDep
) -> InterviewOut:
    """Enter an interview in the subject's credit record; it shows in the report."""
    return record_interview(db, subject_id, body, principal)
