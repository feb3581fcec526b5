"""Webhooks (issue 15): the events of the caller's watches POSTed, signed, to its receiver.

Closed by default: a URL whose host is not in GRAPH_SERVICE_WEBHOOK_HOSTS is refused with a
problem naming `url`, so no request leaves the service unless the operator allows the host.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from graph_service.api.deps import DbDep, GrantorAccessDep, SettingsDep
from graph_service.api.monitor import owner_filter
from graph_service.domain.monitor import (
    Delivery,
    DeliveryLog,
    WebhookCreate,
    WebhookList,
    WebhookOut,
)
from graph_service.engine.webhooks import check_url, create_webhook
from graph_service.errors import NotFound

router = APIRouter(prefix="/v1", tags=["monitoring"])


@router.post("/webhooks", status_code=201, response_model=WebhookOut)
def register(
    body: WebhookCreate, access: GrantorAccessDep, db: DbDep, settings: SettingsDep
) -> WebhookOut:
    """Deliver the events of the caller's watches (the office: every event) from now on."""
    check_url(body.url, settings.webhook_hosts)
    row = create_webhook(
        db,
        url=body.url,
        secret=body.secret,
        owner=access.principal.holder,
        role=access.principal.role,
    )
    return WebhookOut(**row._asdict())


@router.get("/webhooks", response_model=WebhookList)
def list_webhooks(access: GrantorAccessDep, db: DbDep) -> WebhookList:
    """The caller's active webhooks (never their secrets)."""
    rows = db.read("find_webhooks", owner=owner_filter(access))
    return WebhookList(webhooks=[WebhookOut(**row) for row in rows])


@router.delete("/webhooks/{webhook_id}", status_code=204)
def delete_webhook(webhook_id: str, access: GrantorAccessDep, db: DbDep) -> None:
    """Stop deliveries (retries included); the delivery log stays."""
    if not db.write("delete_webhook", id=webhook_id, owner=owner_filter(access)):
        raise NotFound(f"no webhook {webhook_id!r} of the caller")


@router.get("/webhooks/{webhook_id}/deliveries", response_model=DeliveryLog)
def deliveries(
    webhook_id: str,
    access: GrantorAccessDep,
    db: DbDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> DeliveryLog:
    """Every delivery attempt, newest first: event id, attempt, the receiver's status."""
    found = db.read("read_webhook", id=webhook_id)
    owner = owner_filter(access)
    if not found or (owner is not None and found[0]["owner"] != owner):
        raise NotFound(f"no webhook {webhook_id!r} of the caller")
    rows = db.read("read_deliveries", webhook=webhook_id, limit=limit)
    return DeliveryLog(
        webhook=webhook_id,
        delivered=found[0]["delivered"],
        deliveries=[Delivery(**row) for row in rows],
    )
