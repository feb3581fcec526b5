"""Objections, repair, revocation and record history (R-TIME-2..5) as the routes run them:
the workflow, then what it owes besides: the query log of a read (R-SEC-3), the re-screen
of the watches a changed record reaches (issue 15)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from graph_service.access import Access, log_query
from graph_service.auth import Principal, Role
from graph_service.domain.workflows import (
    DecisionCreate,
    ObjectionList,
    ObjectionOut,
    RecordHistory,
    RepairCreate,
    RepairOut,
    RevocationCreate,
    RevocationOut,
)
from graph_service.engine.monitor import Monitor, Seeds
from graph_service.engine.workflows import Workflows
from graph_service.errors import Forbidden


def _changed(monitor: Monitor, flows: Workflows, record_id: str, workflow: str) -> None:
    """A workflow changed a record: re-screen the watches it can reach (issue 15)."""
    monitor.note(flows.db, Seeds(records={record_id}), f"workflow:{workflow}")
    monitor.wake.set()


def objections(
    flows: Workflows,
    principal: Principal,
    *,
    day: date,
    overdue: bool | None,
    status: Literal["open", "decided", "closed"] | None,
) -> ObjectionList:
    """Objections for the office, soonest deadline first (R-TIME-3)."""
    found = flows.objections(as_of=day, overdue=overdue, status=status)
    log_query(
        flows.db,
        Access(principal, None),
        endpoint="GET /v1/objections",
        subjects=[o.subject for o in found if o.subject],
        categories=["objections"],
    )
    return ObjectionList(as_of=day, objections=found)


def objection(
    flows: Workflows, principal: Principal, objection_id: str, as_of: date | None
) -> ObjectionOut:
    """One objection: the office, or the subject whose record it is (R-SEC-2)."""
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


def decide(
    flows: Workflows,
    monitor: Monitor,
    objection_id: str,
    body: DecisionCreate,
    principal: Principal,
) -> ObjectionOut:
    """Uphold or reject an objection, then re-screen what its record reaches."""
    decided = flows.decide(objection_id, body, principal)
    _changed(monitor, flows, decided.record, "objection")
    return decided


def repair(
    flows: Workflows, monitor: Monitor, record_id: str, body: RepairCreate, principal: Principal
) -> RepairOut:
    """A credit repair (Art. 45, 46), then re-screen what the record reaches."""
    repaired = flows.repair(record_id, body, principal)
    _changed(monitor, flows, record_id, "repair")
    return repaired


def revoke(
    flows: Workflows,
    monitor: Monitor,
    record_id: str,
    body: RevocationCreate,
    principal: Principal,
) -> RevocationOut:
    """A revoked or changed decision (Art. 43 para. 2), then re-screen what it reaches."""
    revoked = flows.revoke(record_id, body, principal)
    _changed(monitor, flows, record_id, "revocation")
    return revoked


def history(flows: Workflows, principal: Principal, record_id: str) -> RecordHistory:
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
