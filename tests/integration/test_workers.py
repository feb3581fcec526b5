"""`graph-service serve --workers N` (issue 17): what the service keeps in process stays
correct across worker processes. One worker at a time runs the background loops (a lock of
the machine's processes on the database), the query log stays one chain (R-SEC-3, R-SEC-5),
and each worker enforces its share of the request limits."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from bench.client import Request, run_requests
from graph_service.api.limits import RequestLimiter
from graph_service.background import Background
from graph_service.engine.monitor import Monitor
from graph_service.engine.webhooks import Deliverer
from graph_service.machine_lock import MachineLock
from graph_service.main import create_app
from graph_service.settings import Settings
from graph_service.store import audit
from graph_service.store.db import Database
from tests.browser.live_server import is_ready
from tests.conftest import ADMIN_TOKEN
from tests.helpers import free_port, load
from tests.integration.test_rules_scenarios import REGISTRY, A


def _until(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_issue_17_one_worker_at_a_time_runs_the_background_loops(
    clean_db: Database, settings: Settings, tmp_path: Path
) -> None:
    lock = tmp_path / "background.lock"
    workers = [
        Background(
            Monitor(clean_db, settings.control_max_depth),
            Deliverer(clean_db, settings),
            0.05,
            MachineLock(lock),
        )
        for _ in range(2)
    ]
    for worker in workers:
        worker.start(ready=lambda: True)
    try:
        assert _until(lambda: any(w.leading for w in workers))
        time.sleep(0.3)
        assert sum(w.leading for w in workers) == 1
        leader = next(w for w in workers if w.leading)
        other = next(w for w in workers if w is not leader)
        leader.stop()  # a worker that exits hands the loops on
        assert _until(lambda: other.leading)
    finally:
        for worker in workers:
            worker.stop()


def test_issue_17_each_worker_enforces_its_share_of_the_request_limit(
    settings: Settings,
) -> None:
    """With 2 workers, each worker's buckets fill at half the rate (and hold half the burst),
    so both together allow the limit and no more (README, docs/DECISIONS.md)."""
    shared = settings.model_copy(
        update={"workers": 2, "token_rate_limit": 50.0, "admin_rate_limit": 2000.0}
    )
    (limiter,) = [
        m.kwargs["limiter"] for m in create_app(shared).user_middleware if "limiter" in m.kwargs
    ]
    assert isinstance(limiter, RequestLimiter)
    assert (limiter.rate, limiter.admin_rate) == (25.0, 1000.0)


def test_issue_17_serve_with_two_workers_keeps_one_query_log_chain(
    api: TestClient, db: Database, settings: Settings
) -> None:
    load(api, REGISTRY)
    before = {r.chain: r.entries for r in audit.verify(db)}[audit.QUERY_LOG]
    port = free_port()
    env = {
        **os.environ,
        "GRAPH_SERVICE_ADMIN_TOKEN": ADMIN_TOKEN,
        "GRAPH_SERVICE_PSEUDONYM_KEY": "test-pseudonym-key",
        "GRAPH_SERVICE_LOG_LEVEL": "WARNING",
    }
    command = [str(Path(sys.executable).parent / "graph-service"), "serve", "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--workers", "2"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    lock = MachineLock.for_database(settings, "background")

    def held_by_a_worker() -> bool:
        taken = lock.try_acquire()
        lock.release()
        return not taken

    try:
        assert _until(lambda: is_ready(base), 90.0), "the service did not start"
        body = {"subjects": [A], "matter": "FOOD_PERMIT", "as_of": "2024-01-01"}
        screenings = [Request("POST", "/v1/screen", body)] * 60
        outcome = run_requests(base, ADMIN_TOKEN, screenings, concurrency=8, time_limit=120)
        assert outcome.statuses == {200: 60}, outcome.errors
        # One of the workers holds the background lock, so this process cannot take it.
        assert _until(held_by_a_worker, 10.0)
    finally:
        server.terminate()
        server.wait(timeout=30)
    reports = audit.verify(db)
    assert [r.broken for r in reports] == [None, None]
    assert reports[0].entries - before == 60
