"""Proposed entries: statement and defence, confirmation, and the subject's notifications
(Art. 24 para. 1, 28 para. 3; issue 13 item 10).

The subject states and defends on its own proposed entries and reads what it was told; the
credit office (`admin`) confirms or withdraws.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from graph_service.api.deps import AdminDep, DbDep, MonitorDep, require_roles
from graph_service.application import entries
from graph_service.auth import Principal, Role
from graph_service.domain.entries import (
    ConfirmationCreate,
    ConfirmationOut,
    NotificationList,
    StatementCreate,
    StatementOut,
)
from graph_service.engine.entries import EntryWorkflows
from graph_service.engine.monitor import Seeds

router = APIRouter(prefix="/v1", tags=["entries"])

OfficeOrSubjectDep = Annotated[Principal, Depends(require_roles(Role.ADMIN, Role.SUBJECT))]


async def _entry_workflows(db: DbDep, request: Request) -> EntryWorkflows:
    return EntryWorkflows(db, request.app.state.calendar)


EntryWorkflowsDep = Annotated[EntryWorkflows, Depends(_entry_workflows)]


@router.post("/entries/{entry_id}/statements", status_code=201, response_model=StatementOut)
def file_statement(
    entry_id: str, body: StatementCreate, principal: OfficeOrSubjectDep, flows: EntryWorkflowsDep
) -> StatementOut:
    """The subject's statement and defence against a proposed entry (Art. 28 para. 3)."""
    return flows.file_statement(entry_id, body, principal)


@router.post("/entries/{entry_id}/confirmation", response_model=ConfirmationOut)
def decide_entry(
    entry_id: str,
    body: ConfirmationCreate,
    principal: AdminDep,
    flows: EntryWorkflowsDep,
    monitor: MonitorDep,
) -> ConfirmationOut:
    """Confirm a proposed entry (it then takes effect) or withdraw it (Art. 28 para. 3)."""
    decided = flows.decide_entry(entry_id, body, principal)
    # A confirmed entry can move watched decisions: re-screen what it reaches (issue 15).
    monitor.note(flows.db, Seeds(subjects={decided.subject}), "workflow:confirmation")
    monitor.wake.set()
    return decided


@router.get("/subjects/{subject_id}/notifications", response_model=NotificationList)
def notifications(
    subject_id: str, principal: OfficeOrSubjectDep, flows: EntryWorkflowsDep
) -> NotificationList:
    """What the subject was told of its sanction-list entries: basis, reason, remedy and the
    statement period of a proposed one (Art. 24 para. 1, 28 para. 3)."""
    return entries.notifications(flows, principal, subject_id)
