"""What a subject was told of its sanction-list entries (Art. 24 para. 1, 28 para. 3)."""

from __future__ import annotations

from graph_service.access import Access, log_query
from graph_service.auth import Principal
from graph_service.domain.entries import NotificationList
from graph_service.engine.entries import EntryWorkflows
from graph_service.errors import NotFound


def notifications(flows: EntryWorkflows, principal: Principal, subject_id: str) -> NotificationList:
    """A subject's notifications: the office, or the subject itself (R-SEC-2); logged."""
    access = Access(principal, None)
    access.require_subject(subject_id)
    if flows.db.read_subject(subject_id=subject_id) is None:
        raise NotFound(f"no subject {subject_id!r}")
    found = flows.notifications(subject_id)
    log_query(
        flows.db,
        access,
        endpoint="GET /v1/subjects/{id}/notifications",
        subjects=[subject_id],
        categories=["notifications"],
    )
    return NotificationList(subject=subject_id, notifications=found)
