"""Webhooks (issue 15, item 2): a real receiver on loopback gets each event signed with
HMAC-SHA256, fails twice, and sees the retries succeed; only allowed hosts are called."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph_service.main import create_app
from graph_service.settings import Settings
from graph_service.store.db import Database
from tests.conftest import ADMIN_TOKEN
from tests.factories import item_entry, uscc
from tests.helpers import load
from tests.integration.test_monitor import registry

SECRET = "receiver-secret-0123456789"


class Receiver(ThreadingHTTPServer):
    """Answers 500 to the first `failures` requests, then 204; keeps what it got."""

    def __init__(self, failures: int) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.failures = failures
        self.got: list[tuple[dict[str, str], bytes, int]] = []


class _Handler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        status = 500 if len(self.server.got) < self.server.failures else 204
        self.server.got.append((dict(self.headers), body, status))
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver(failures=2)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def service(settings: Settings, clean_db: Database, receiver: Receiver) -> Iterator[TestClient]:
    """A service with its background monitor on, allowing the receiver's host:port, with
    quick retries."""
    allowed = settings.model_copy(
        update={
            "webhook_hosts": [f"127.0.0.1:{receiver.server_address[1]}"],
            "webhook_backoff": 0.05,
            "monitor_poll": 0.05,
            "monitor_in_service": True,
        }
    )
    with TestClient(create_app(allowed), raise_server_exceptions=False) as client:
        client.headers["Authorization"] = f"Bearer {ADMIN_TOKEN}"
        yield client


def test_issue_15_signed_deliveries_are_retried_until_the_receiver_takes_them(
    service: TestClient, clean_db: Database, receiver: Receiver
) -> None:
    port = receiver.server_address[1]
    refused = service.post(
        "/v1/webhooks", json={"url": "http://127.0.0.2:9/hook", "secret": SECRET}
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "url"
    created = service.post(
        "/v1/webhooks", json={"url": f"http://127.0.0.1:{port}/hook?x=1", "secret": SECRET}
    )
    assert created.status_code == 201, created.json()
    webhook = created.json()["id"]

    load(service, registry())
    watch = service.post("/v1/watches", json={"subject": uscc(1), "matter": "MAT-1"})
    assert watch.status_code == 201, watch.json()
    assert service.post("/v1/ingest/entries", json={"items": [item_entry(1)]}).status_code == 200

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len(receiver.got) < 3:
        time.sleep(0.05)
    assert [status for _, _, status in receiver.got] == [500, 500, 204]
    event = service.get("/v1/events").json()["events"][0]
    for headers, body, _ in receiver.got:
        expected = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        assert headers["X-Credit-Graph-Signature"] == f"sha256={expected}"
        assert json.loads(body) == event  # the same event each time: its id de-duplicates
    time.sleep(0.2)  # the log's last write follows the receiver's answer
    log = service.get(f"/v1/webhooks/{webhook}/deliveries").json()
    assert log["delivered"] == event["id"]
    assert [(d["attempt"], d["status"], d["ok"]) for d in reversed(log["deliveries"])] == [
        (1, 500, False),
        (2, 500, False),
        (3, 204, True),
    ]


def test_issue_15_webhooks_are_closed_by_default(api: TestClient) -> None:
    """GRAPH_SERVICE_WEBHOOK_HOSTS empty (the default): every URL is refused, naming `url`."""
    refused = api.post("/v1/webhooks", json={"url": "http://127.0.0.1:9/hook", "secret": SECRET})
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    [error] = refused.json()["errors"]
    assert error["field"] == "url" and "GRAPH_SERVICE_WEBHOOK_HOSTS" in error["message"]
