"""Webhooks (issue 15): the events of the caller's watches POSTed, signed, to its receiver.

Closed by default: a URL whose host is not in GRAPH_SERVICE_WEBHOOK_HOSTS is refused with a
problem naming `url`, so no request leaves the service unless the operator allows the host.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from graph_service.api.deps import DbDep, GrantorAccessDep, SettingsDep
from graph_service.application import monitor
from graph_service.domain.monitor import DeliveryLog, WebhookCreate, WebhookList, WebhookOut

router = APIRouter(prefix="/v1", tags=["monitoring"])


@router.post("/webhooks", status_code=201, response_model=WebhookOut)
def register(
    body: WebhookCreate, access: GrantorAccessDep, db: DbDep, settings: SettingsDep
) -> WebhookOut:
    """Deliver the events of the caller's watches (the office: every event) from now on."""
    return monitor.register_webhook(db, settings, access, body)


@router.get("/webhooks", response_model=WebhookList)
def list_webhooks(access: GrantorAccessDep, db: DbDep) -> WebhookList:
    """The caller's active webhooks (never their secrets)."""
    return monitor.list_webhooks(db, access)


@router.delete("/webhooks/{webhook_id}", status_code=204)
def delete_webhook(webhook_id: str, access: GrantorAccessDep, db: DbDep) -> None:
    """Stop deliveries (retries included); the delivery log stays."""
    monitor.delete_webhook(db, access, webhook_id)


@router.get("/webhooks/{webhook_id}/deliveries", response_model=DeliveryLog)
def deliveries(
    webhook_id: str,
    access: GrantorAccessDep,
    db: DbDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> DeliveryLog:
    """Every delivery attempt, newest first: event id, attempt, the receiver's status."""
    return monitor.deliveries(db, access, webhook_id, limit=limit)
