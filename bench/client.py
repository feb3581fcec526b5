"""A bounded concurrent HTTP client on loopback: threads with keep-alive connections.

`run_requests` sends a fixed list of requests from `concurrency` threads, each on its own
persistent `http.client` connection, and stops at the end of the list or at the time limit,
whichever comes first. Every latency is measured around one request, from sending to the last
byte of the answer read, so the figures are what an approval workflow calling the service
would see.
"""

from __future__ import annotations

import http.client
import json
import statistics
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: dict[str, Any] | None = None


@dataclass
class Outcome:
    """Latencies in milliseconds, in completion order, and the failures."""

    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    wall_seconds: float = 0.0
    stopped_by_time: bool = False

    @property
    def count(self) -> int:
        return len(self.latencies_ms)

    def percentile(self, q: float) -> float:
        return percentile(self.latencies_ms, q)

    @property
    def throughput(self) -> float:
        return self.count / self.wall_seconds if self.wall_seconds else 0.0


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0 < q < 100), linear between closest ranks; NaN when empty."""
    if not values:
        return float("nan")
    if len(values) == 1:
        return float(values[0])
    cuts = statistics.quantiles(values, n=1000, method="inclusive")
    return cuts[min(len(cuts) - 1, max(0, round(q * 10) - 1))]


class Client:
    """One keep-alive connection; `call` returns (status, decoded JSON or text, ms)."""

    def __init__(self, base: str, token: str, timeout: float = 600.0) -> None:
        parts = urlsplit(base)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.timeout = timeout
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def call(self, request: Request) -> tuple[int, Any, float]:
        body = None if request.body is None else json.dumps(request.body).encode("utf-8")
        for attempt in (1, 2):
            started = time.perf_counter()
            try:
                self.conn.request(request.method, request.path, body=body, headers=self.headers)
                answer = self.conn.getresponse()
                raw = answer.read()
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
                if attempt == 2:
                    raise
                continue
            elapsed = (time.perf_counter() - started) * 1000.0
            kind = answer.getheader("Content-Type") or ""
            data: Any = json.loads(raw) if "json" in kind else raw.decode("utf-8", "replace")
            return answer.status, data, elapsed
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.conn.close()


def run_requests(
    base: str,
    token: str,
    requests: Sequence[Request],
    *,
    concurrency: int,
    time_limit: float,
) -> Outcome:
    """Send `requests` from `concurrency` threads; stop early after `time_limit` seconds."""
    outcome = Outcome()
    lock = threading.Lock()
    position = 0
    deadline = time.monotonic() + time_limit

    def worker() -> None:
        nonlocal position
        client = Client(base, token)
        try:
            while True:
                with lock:
                    if position >= len(requests):
                        return
                    if time.monotonic() > deadline:
                        outcome.stopped_by_time = True
                        return
                    request = requests[position]
                    position += 1
                try:
                    status, data, ms = client.call(request)
                except (http.client.HTTPException, OSError) as exc:
                    with lock:
                        outcome.errors.append(f"{request.path}: {exc!r}")
                    continue
                with lock:
                    outcome.latencies_ms.append(ms)
                    outcome.statuses[status] = outcome.statuses.get(status, 0) + 1
                    if status >= 400 and len(outcome.errors) < 20:
                        outcome.errors.append(f"{request.path}: {status} {str(data)[:300]}")
        finally:
            client.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcome.wall_seconds = time.perf_counter() - started
    return outcome
