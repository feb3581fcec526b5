"""GET /v1/subjects/{id}: a subject's profile as of a date (DESIGN §6), for regulators.

Identity without any clear resident ID (R-SUBJ-1), the role links and holdings in force on
`as_of` in either direction (R-SUBJ-2, -3), the records the caller's role may see (R-INFO-2)
and the subject's list entries. The office (admin) sees every record with its state; the
other roles do not see records that have left the query interfaces: expired five years
after the act (R-TIME-1), revoked (R-TIME-2) or repaired (R-TIME-4). Every read is logged.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from graph_service.access import Access
from graph_service.api.deps import DbDep, access_for
from graph_service.application import subjects
from graph_service.auth import Role
from graph_service.domain.subjects import SubjectProfile

router = APIRouter(prefix="/v1/subjects", tags=["subjects"])

ProfileAccessDep = Annotated[
    Access, Depends(access_for(Role.ADMIN, Role.AUTHORITY, Role.INVESTIGATOR, Role.SUBJECT))
]


@router.get("/{subject_id}", response_model=SubjectProfile)
def subject_profile(
    subject_id: str,
    access: ProfileAccessDep,
    db: DbDep,
    as_of: Annotated[date | None, Query(description="Default: today")] = None,
) -> SubjectProfile:
    """The subject, its roles and holdings in force, its visible records and its entries.

    Regulators and investigators read any subject; a subject reads only itself (R-SEC-2).
    """
    return subjects.subject_profile(db, access, subject_id=subject_id, day=as_of or date.today())
