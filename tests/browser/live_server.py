"""A real uvicorn server on a free loopback port, and Debian's Chromium, for the explorer.

Shared by tests/browser and bench/explorer_render.py: the explorer is exercised the way an
investigator meets it (R-OUT-3), over HTTP in a real browser, not through a test client.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def is_ready(base: str) -> bool:
    """True once the service at `base` answers /readyz with 200."""
    try:
        with urllib.request.urlopen(f"{base}/readyz", timeout=2) as response:  # noqa: S310
            return bool(response.status == 200)
    except OSError:
        return False


@contextmanager
def serve(app: FastAPI, timeout: float = 60.0) -> Iterator[str]:
    """Serve `app` from a thread on a socket bound before start (no port race); yield its
    base URL once /readyz answers, and stop the server on exit."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    try:
        while not is_ready(base):
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server on {base} did not become ready")
            time.sleep(0.2)
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def post_json(url: str, token: str, body: dict[str, Any]) -> dict[str, Any]:
    """POST JSON with a bearer token (ingestion in the bench); raise on a refused batch."""
    request = urllib.request.Request(  # noqa: S310 - loopback URL built by serve()
        url,
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=600) as response:  # noqa: S310
            answer: dict[str, Any] = json.loads(response.read())
    except urllib.error.HTTPError as exc:  # a problem+json body says which rows and why
        problem = json.loads(exc.read() or b"{}")
        errors = problem.get("errors", [])[:3]
        raise RuntimeError(f"{url}: {exc.code} {problem.get('detail')} {errors}") from exc
    return answer
