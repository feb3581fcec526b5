"""Objections, repair, revocation, deletion on request and record history (R-TIME-2..5).

The credit office (`admin`) runs every workflow; a subject files objections on, and asks for
the deletion of positive records of, its own records only (R-SEC-2, Art. 41, 43).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from graph_service.access import Access, log_query
from graph_service.api.deps import AdminDep, DbDep, MonitorDep, SettingsDep, require_roles
from graph_service.auth import Principal, Role
from graph_service.domain.workflows import (
    DecisionCreate,
    DeletionOut,
    ObjectionCreate,
    ObjectionOut,
    PauseCreate,
    RecordHistory,
    RepairCreate,
    RepairOut,
    RevocationCreate,
    RevocationOut,
)
from graph_service.engine.monitor import Monitor, Seeds
from graph_service.engine.workflows import Workflows
from graph_service.errors import Forbidden

router = APIRouter(prefix="/v1", tags=["workflows"])

# The office, or a subject for its own records (checked against the record).
OfficeOrSubjectDep = Annotated[Principal, Depends(require_roles(Role.ADMIN, Role.SUBJECT))]


async def _workflows(db: DbDep, settings: SettingsDep, request: Request) -> Workflows:
    return Workflows(db, request.app.state.calendar, settings.control_max_depth)


WorkflowsDep = Annotated[Workflows, Depends(_workflows)]


def _changed(monitor: Monitor, flows: Workflows, record_id: str, workflow: str) -> None:
    """A workflow changed a record: re-screen the watches it can reach (issue 15)."""
    monitor.note(flows.db, Seeds(records={record_id}), f"workflow:{workflow}")
    monitor.wake.set()


class ObjectionList(BaseModel):
    as_of: date
    objections: list[ObjectionOut]


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
    day = as_of or date.today()
    found = flows.objections(as_of=day, overdue=overdue, status=status)
    log_query(
        flows.db,
        Access(principal, None),
        endpoint="GET /v1/objections",
        subjects=[o.subject for o in found if o.subject],
        categories=["objections"],
    )
    return ObjectionList(as_of=day, objections=found)


@router.get("/objections/{objection_id}", response_model=ObjectionOut)
def get_objection(
    objection_id: str,
    principal: OfficeOrSubjectDep,
    flows: WorkflowsDep,
    as_of: Annotated[date | None, Query(description="Default: today")] = None,
) -> ObjectionOut:
    """One objection: the office, or the subject whose record it is."""
    found = flows.objection(objection_id, as_of)
    if principal.role is Role.SUBJECT and principal.subject not in {found.subject, found.filed_by}:
        raise Forbidden("a subject may read only its own objections")
    log_query(
        flows.db,
        Access(principal, None),
        endpoint="GET /v1/objections/{objection_id}",
        subjects=[found.subject] if found.subject else [],
        categories=["objections"],
    )
    return found


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
    decided = flows.decide(objection_id, body, principal)
    _changed(monitor, flows, decided.record, "objection")
    return decided


@router.post("/records/{record_id}/repair", status_code=201, response_model=RepairOut)
def repair(
    record_id: str,
    body: RepairCreate,
    principal: AdminDep,
    flows: WorkflowsDep,
    monitor: MonitorDep,
) -> RepairOut:
    """A completed credit repair (Art. 45, 46), or only `grace_until` for a grace period."""
    repaired = flows.repair(record_id, body, principal)
    _changed(monitor, flows, record_id, "repair")
    return repaired


@router.post("/records/{record_id}/revocation", status_code=201, response_model=RevocationOut)
def revocation(
    record_id: str,
    body: RevocationCreate,
    principal: AdminDep,
    flows: WorkflowsDep,
    monitor: MonitorDep,
) -> RevocationOut:
    """The decision behind the record was revoked or changed (Art. 43 para. 2)."""
    revoked = flows.revoke(record_id, body, principal)
    _changed(monitor, flows, record_id, "revocation")
    return revoked


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
    found, subject = flows.history(record_id)
    log_query(
        flows.db,
        Access(principal, None),
        endpoint="GET /v1/records/{record_id}/history",
        subjects=[subject] if subject else [],
        categories=["history"],
    )
    return found
