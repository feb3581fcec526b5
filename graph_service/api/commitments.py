"""Credit commitments (Art. 33): POST /v1/commitments/{id}/verification and the overdue list.

Commitments arrive by `POST /v1/ingest/commitments`; they show in the credit report and,
when not kept, beside screening decisions for linked matters (`notes`).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from graph_service.access import Access, log_query
from graph_service.api.deps import DbDep, access_for, require_roles
from graph_service.auth import Principal, Role
from graph_service.domain.commitments import CommitmentOut, OverdueCommitments, VerificationCreate
from graph_service.engine.commitments import overdue_commitments, verify_commitment

router = APIRouter(prefix="/v1/commitments", tags=["commitments"])

OfficeOrAuthorityDep = Annotated[Principal, Depends(require_roles(Role.ADMIN, Role.AUTHORITY))]
OfficeOrAuthorityAccessDep = Annotated[Access, Depends(access_for(Role.ADMIN, Role.AUTHORITY))]


@router.get("/overdue", response_model=OverdueCommitments)
def overdue(
    access: OfficeOrAuthorityAccessDep,
    db: DbDep,
    as_of: Annotated[date | None, Query(description="Default: today")] = None,
) -> OverdueCommitments:
    """Commitments past their due day that nobody has verified, for the authority holding
    them (every one for the credit office)."""
    answer = overdue_commitments(db, principal=access.principal, as_of=as_of or date.today())
    log_query(
        db,
        access,
        endpoint="GET /v1/commitments/overdue",
        subjects=[c.subject for c in answer.commitments],
        categories=["commitments"],
    )
    return answer


@router.post("/{commitment_id}/verification", response_model=CommitmentOut)
def verification(
    commitment_id: str, body: VerificationCreate, principal: OfficeOrAuthorityDep, db: DbDep
) -> CommitmentOut:
    """Record whether the commitment was kept: the credit office, or the authority holding it."""
    return verify_commitment(db, commitment_id=commitment_id, body=body, principal=principal)
