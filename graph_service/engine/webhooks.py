"""Signed webhook deliveries of watch events (issue 15): at least once, in order, with
retries and exponential backoff, and only to hosts the operator allows.

Each event is POSTed alone as JSON with `X-Credit-Graph-Signature: sha256=<hex HMAC-SHA256
of the body with the webhook's secret>`; the event id in the body lets the receiver drop a
repeat. A webhook's cursor moves past an event only after a 2xx answer, so a crash or a
failure means the event is sent again; every attempt is written to the delivery log.
Redirects are not followed (a redirect could lead to a host that is not allowed).
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Final
from urllib.parse import urlsplit

from graph_service import logs
from graph_service.auth import Role
from graph_service.engine.monitor import event_of
from graph_service.errors import ValidationFailed
from graph_service.settings import Settings
from graph_service.store.db import Database
from graph_service.store.typed_queries import CreateWebhookRow, FindWebhooksRow

SIGNATURE_HEADER: Final = "X-Credit-Graph-Signature"
EVENT_HEADER: Final = "X-Credit-Graph-Event"
# Events sent to one webhook per pass (in order; a failure stops the pass for that webhook).
PASS_EVENTS: Final = 100
_DEFAULT_PORTS: Final = {"http": 80, "https": 443}


def sign(body: bytes, secret: str) -> str:
    """The signature header's value: `sha256=` and the hex HMAC-SHA256 of the body."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def host_allowed(url: str, allowed: Sequence[str]) -> bool:
    """Is the URL's host (or host:port) in GRAPH_SERVICE_WEBHOOK_HOSTS? `host` allows any
    port of the host, `host:port` that port only (the scheme's default when none is given)."""
    parts = urlsplit(url)
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        return False
    try:
        port = parts.port or _DEFAULT_PORTS[parts.scheme]
    except ValueError:
        return False
    host = parts.hostname.lower()
    return any(entry.lower() in {host, f"{host}:{port}"} for entry in allowed)


def check_url(url: str, allowed: Sequence[str]) -> None:
    """Refuse a webhook whose URL is not http(s) on an allowed host (a problem naming `url`)."""
    parts = urlsplit(url)
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname or parts.username:
        message = "an http or https URL without credentials is required"
    elif not host_allowed(url, allowed):
        message = "the host is not in GRAPH_SERVICE_WEBHOOK_HOSTS (no webhook leaves otherwise)"
    else:
        return
    raise ValidationFailed("webhook refused", errors=[{"field": "url", "message": message}])


def create_webhook(
    db: Database, *, url: str, secret: str, owner: str, role: Role
) -> CreateWebhookRow:
    row = db.create_webhook(
        id=f"wh-{uuid.uuid4().hex}", url=url, secret=secret, owner=owner, role=role.value
    )
    assert row is not None  # a CREATE returns its node
    return row


def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
    """POST once; the receiver's status (redirects are answers, not followed)."""
    parts = urlsplit(url)
    connection_type = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_type(parts.hostname or "", parts.port, timeout=timeout)
    try:
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


class Deliverer:
    """Sends every active webhook the events after its cursor that its owner may see."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings

    def deliver_due(self, now: datetime | None = None) -> int:
        """One pass over the webhooks whose retry is due; return the events delivered.
        With no host allowed (the default) there are no webhooks: nothing is tried."""
        if not self.settings.webhook_hosts:
            return 0
        moment = now or datetime.now(UTC)
        delivered = 0
        for hook in self.db.find_webhooks(owner=None):
            if hook.next_at is not None and hook.next_at > moment:
                continue
            delivered += self._deliver(hook)
        return delivered

    def _deliver(self, hook: FindWebhooksRow) -> int:
        owner = None if hook.role == Role.ADMIN.value else hook.owner
        events = self.db.read_events(after=hook.delivered, limit=PASS_EVENTS, owner=owner)
        attempt = hook.attempts + 1
        sent = 0
        for row in events:
            body = event_of(row).model_dump_json().encode("utf-8")
            status, error = self._send(hook.url, body, hook.secret, row.id)
            ok = status is not None and 200 <= status < 300
            next_at = None if ok else datetime.now(UTC) + self._backoff(attempt)
            self.db.record_delivery(
                webhook=hook.id,
                event=row.id,
                attempt=attempt,
                status=status,
                ok=ok,
                error=error,
                next_at=next_at,
            )
            if not ok:
                logs.event("webhook_failed", webhook=hook.id, event=row.id, attempt=attempt)
                break
            sent += 1
            attempt = 1
        return sent

    def _send(
        self, url: str, body: bytes, secret: str, event_id: int
    ) -> tuple[int | None, str | None]:
        if not host_allowed(url, self.settings.webhook_hosts):
            return None, "host no longer allowed by GRAPH_SERVICE_WEBHOOK_HOSTS"
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "credit-graph-webhooks",
            SIGNATURE_HEADER: sign(body, secret),
            EVENT_HEADER: str(event_id),
        }
        try:
            status = post(url, body, headers, self.settings.webhook_timeout)
        except (OSError, http.client.HTTPException) as exc:
            return None, type(exc).__name__
        return status, None if 200 <= status < 300 else f"HTTP {status}"

    def _backoff(self, attempt: int) -> timedelta:
        seconds = self.settings.webhook_backoff * 2 ** min(attempt - 1, 30)
        return timedelta(seconds=min(seconds, self.settings.webhook_backoff_max))
