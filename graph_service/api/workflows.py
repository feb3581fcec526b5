"""Objections, repair, revocation, deletion on request and record history (R-TIME-2..5).

The credit office (`admin`) runs every workflow; a subject files objections on, and asks for
the deletion of positive records of, its own records only (R-SEC-2, Art. 41, 43).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request

from graph_service.api.deps import AdminDep, DbDep, MonitorDep, SettingsDep, require_roles
from graph_service.application import workflows
from graph_service.auth import Principal, Role
from graph_service.domain.workflows import (
    DecisionCreate,
    DeletionOut,
    ObjectionCreate,
    ObjectionList,
    ObjectionOut,
    PauseCreate,
    RecordHistory,
    RepairCreate,
    RepairOut,
    RevocationCreate,
    RevocationOut,
)
from graph_service.engine.workflows import Workflows

router = APIRouter(prefix="/v1", tags=["workflows"])

# The office, or a subject for its own records (checked against the record).
OfficeOrSubjectDep = Annotated[Principal, Depends(require_roles(Role.ADMIN, Role.SUBJECT))]


async def _workflows(db: DbDep, settings: SettingsDep, request: Request) -> Workflows:
    return Workflows(db, request.app.state.calendar, settings.control_max_depth)


WorkflowsDep = Annotated[Workflows, Depends(_workflows)]


@router.post("/records/{record_id}/objections", status_code=201, response_model=ObjectionOut)
def file_objection(
    record_id: str, body: ObjectionCreate, principal: OfficeOrSubjectDep, flows: WorkflowsDep
) -> ObjectionOut:
    """Put the objection mark on the record at once; decided within 3 or 10 working days."""
    return flows.file_objection(record_id, body, principal)


@router.get("/objections", response_model=ObjectionList)
def list_objections(
    principal: AdminDep,
    flows: WorkflowsDep,
    as_of: Annotated[date | None, Query(description="Default: today")] = None,
    overdue: Annotated[
        bool | None, Query(description="true: open past the deadline; false: the others")
    ] = None,
    status: Literal["open", "decided", "closed"] | None = None,
) -> ObjectionList:
    """Objections for the office, soonest deadline first (R-TIME-3)."""
    return workflows.objections(
        flows, principal, day=as_of or date.today(), overdue=overdue, status=status
    )


@router.get("/objections/{objection_id}", response_model=ObjectionOut)
def get_objection(
    objection_id: str,
    principal: OfficeOrSubjectDep,
    flows: WorkflowsDep,
    as_of: Annotated[date | None, Query(description="Default: today")] = None,
) -> ObjectionOut:
    """One objection: the office, or the subject whose record it is."""
    return workflows.objection(flows, principal, objection_id, as_of)


@router.post("/objections/{objection_id}/pauses", status_code=201, response_model=ObjectionOut)
def add_pause(
    objection_id: str, body: PauseCreate, principal: AdminDep, flows: WorkflowsDep
) -> ObjectionOut:
    """Testing, inspection, quarantine, appraisal or expert review stop the clock (Art. 41)."""
    return flows.add_pause(objection_id, body, principal)


@router.post("/objections/{objection_id}/decision", response_model=ObjectionOut)
def decide(
    objection_id: str,
    body: DecisionCreate,
    principal: AdminDep,
    flows: WorkflowsDep,
    monitor: MonitorDep,
) -> ObjectionOut:
    """Uphold (correct or delete the record) or reject (with reasons); removes the mark."""
    return workflows.decide(flows, monitor, objection_id, body, principal)


@router.post("/records/{record_id}/repair", status_code=201, response_model=RepairOut)
def repair(
    record_id: str,
    body: RepairCreate,
    principal: AdminDep,
    flows: WorkflowsDep,
    monitor: MonitorDep,
) -> RepairOut:
    """A completed credit repair (Art. 45, 46), or only `grace_until` for a grace period."""
    return workflows.repair(flows, monitor, record_id, body, principal)


@router.post("/records/{record_id}/revocation", status_code=201, response_model=RevocationOut)
def revocation(
    record_id: str,
    body: RevocationCreate,
    principal: AdminDep,
    flows: WorkflowsDep,
    monitor: MonitorDep,
) -> RevocationOut:
    """The decision behind the record was revoked or changed (Art. 43 para. 2)."""
    return workflows.revoke(flows, monitor, record_id, body, principal)


@router.delete("/records/{record_id}", response_model=DeletionOut)
def delete_record(
    record_id: str, principal: OfficeOrSubjectDep, flows: WorkflowsDep
) -> DeletionOut:
    """Delete a commendation, volunteering or donation record at the subject's request.
    (A positive record moves no screening decision: no watch is re-screened.)"""
    return flows.delete_positive(record_id, principal)


@router.get("/records/{record_id}/history", response_model=RecordHistory)
def history(record_id: str, principal: AdminDep, flows: WorkflowsDep) -> RecordHistory:
    """Every state change of the record and its list entries, oldest first (R-TIME-5)."""
    return workflows.history(flows, principal, record_id)
