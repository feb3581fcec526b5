"""A server error never breaks the client's connection (issue 14): after an unhandled 500 the
keep-alive connection answers the next request, on a real uvicorn server and a raw HTTP/1.1
client."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from graph_service.main import create_app
from graph_service.settings import Settings
from graph_service.store.db import Database
from tests.browser.live_server import serve

pytestmark = pytest.mark.integration

BOOM = "/test-only/boom"


@pytest.fixture(scope="module")
def failing_server(settings: Settings, db: Database) -> Iterator[tuple[str, int]]:
    """The service with one test-only route that raises an exception nothing handles."""
    app = create_app(settings)

    @app.get(BOOM)
    def boom() -> None:
        raise RuntimeError("a bug")

    with serve(app) as base:
        parts = urlsplit(base)
        assert parts.hostname is not None and parts.port is not None
        yield parts.hostname, parts.port


def test_issue_14_an_unhandled_500_keeps_the_keep_alive_connection(
    failing_server: tuple[str, int],
) -> None:
    connection = http.client.HTTPConnection(*failing_server, timeout=10)
    try:
        for _ in range(3):  # error, success, error, success … on one socket
            connection.request("GET", BOOM)
            failed = connection.getresponse()
            body = json.loads(failed.read())
            assert failed.status == 500
            assert failed.getheader("content-type") == "application/problem+json"
            assert body["type"] == "urn:credit-graph:problem:internal"
            assert body["instance"] == BOOM
            assert "a bug" not in json.dumps(body)  # no internals leave the service
            assert failed.getheader("x-content-type-options") == "nosniff"  # inside the edge
            assert (failed.getheader("connection") or "").lower() != "close"
            socket_used = connection.sock
            assert socket_used is not None

            connection.request("GET", "/healthz")
            after = connection.getresponse()
            assert after.status == 200, after.read()
            after.read()
            assert connection.sock is socket_used  # the same connection, not a reconnect
    finally:
        connection.close()
