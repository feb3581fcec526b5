"""Faults: Neo4j killed mid-ingest and mid-generation, down, back, and too slow (R-TIME-5).

These tests run their own Neo4j (a private home and port, the shared jar cache), so killing
it never disturbs the server the rest of the suite uses.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph_service import neo4j_local
from graph_service.domain.enums import IngestKind
from graph_service.errors import StoreUnavailable
from graph_service.main import create_app
from graph_service.settings import Settings
from graph_service.store.db import Database
from graph_service.store.ingest import Ingestor
from graph_service.store.queries import QueryRegistry
from graph_service.store.schema import migrate
from loaders.files import load as load_files
from loaders.generate import generate
from tests.conftest import ADMIN_TOKEN
from tests.factories import item_organisation
from tests.helpers import load, private_server
from tests.integration.test_rules_scenarios import REGISTRY, A

ROWS = 40_000


@pytest.fixture(scope="module")
def private(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Iterator[Settings]:
    own = private_server(settings, tmp_path_factory.mktemp("neo4j-faults"), pagecache="256m")
    neo4j_local.start(own)
    yield own
    neo4j_local.stop(own)


def kill_server(settings: Settings) -> None:
    """kill -9 of the server process, as a crash would."""
    pid_file = Path(settings.local_home) / "run" / "neo4j.pid"
    os.kill(int(pid_file.read_text(encoding="utf-8").strip()), signal.SIGKILL)
    deadline = time.monotonic() + 30
    while neo4j_local.answers(settings.bolt_uri(), "neo4j", settings.bolt_password(), "neo4j"):
        assert time.monotonic() < deadline, "the killed server still answers"
        time.sleep(0.2)


def count_subjects(db: Database) -> int:
    with db.driver.session(database=db.database) as session:
        record = session.run("MATCH (s:Subject) RETURN count(s) AS n").single()
    assert record is not None
    return int(record["n"])


def test_a_crash_mid_ingest_leaves_nothing_and_a_retry_completes(private: Settings) -> None:
    db = Database(private, QueryRegistry.load())
    migrate(db)
    ingestor = Ingestor(db, private.pseudonym_secret(), private.max_batch_rows)
    items = [item_organisation(n) for n in range(1, ROWS + 1)]
    failure: list[BaseException] = []

    def run() -> None:
        try:
            ingestor.ingest(IngestKind.SUBJECTS, items, actor="test")
        except BaseException as exc:
            failure.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    time.sleep(1.5)  # validation is done; the transaction is writing
    started = time.monotonic()
    kill_server(private)
    worker.join(timeout=120)
    assert failure and isinstance(failure[0], StoreUnavailable), failure
    neo4j_local.start(private)
    recovery = time.monotonic() - started
    db.close()
    db = Database(private, QueryRegistry.load())
    assert count_subjects(db) == 0, "a failed batch changes nothing"
    first = ingestor_for(db, private).ingest(IngestKind.SUBJECTS, items, actor="test")
    assert (first.created, count_subjects(db)) == (ROWS, ROWS)
    again = ingestor_for(db, private).ingest(IngestKind.SUBJECTS, items, actor="test")
    assert (again.unchanged, count_subjects(db)) == (ROWS, ROWS), "no duplicates"
    print(f"\nrecovery after kill -9: {recovery:.1f} s")
    db.close()


def ingestor_for(db: Database, settings: Settings) -> Ingestor:
    return Ingestor(db, settings.pseudonym_secret(), settings.max_batch_rows)


def test_the_service_answers_503_while_neo4j_is_down_and_recovers_by_itself(
    private: Settings,
) -> None:
    with TestClient(create_app(private), raise_server_exceptions=False) as client:
        client.headers["Authorization"] = f"Bearer {ADMIN_TOKEN}"
        wait_ready(client)
        load(client, REGISTRY)
        body = {"subjects": [A], "matter": "FOOD_PERMIT", "as_of": "2024-01-01"}
        assert client.post("/v1/screen", json=body).status_code == 200
        kill_server(private)
        down = client.post("/v1/screen", json=body)
        assert down.status_code == 503
        assert down.headers["content-type"] == "application/problem+json"
        assert down.json()["type"] == "urn:credit-graph:problem:store-unavailable"
        generated = client.get("/v1/lists/JOINT_SANCTION/generated")
        assert generated.status_code == 503
        assert client.get("/readyz").status_code == 503
        assert client.get("/healthz").status_code == 200
        neo4j_local.start(private)
        wait_ready(client)
        again = client.post("/v1/screen", json=body)
        assert again.status_code == 200
        assert again.json()["results"][0]["decision"] == "restricted"


def wait_ready(client: TestClient, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while client.get("/readyz").status_code != 200:
        assert time.monotonic() < deadline, "the service did not become ready"
        time.sleep(0.5)


def test_a_query_past_the_timeout_ends_with_a_clear_problem(private: Settings) -> None:
    db = Database(private, QueryRegistry.load())
    records, _, _ = db.driver.execute_query(
        "SHOW SETTINGS YIELD name, value "
        "WHERE name = 'db.transaction.monitor.check.interval' RETURN value"
    )
    db.close()
    assert records[0]["value"] == "100ms", "the server ends a timed-out query within 0.1 s"
    slow = private.model_copy(update={"query_timeout": 0.001})
    with TestClient(create_app(slow), raise_server_exceptions=False) as client:
        client.headers["Authorization"] = f"Bearer {ADMIN_TOKEN}"
        wait_ready(client)
        load(client, {"subjects": [item_organisation(n) for n in range(1, 20_001)]})
        started = time.monotonic()
        # Scans every organisation of the region: far past a 1 ms transaction timeout.
        response = client.get("/v1/analytics/data-quality", params={"region": "TJ"})
        assert time.monotonic() - started < 30, "no hung worker"
        assert response.status_code == 503, response.json()
        assert "timeout" in response.json()["detail"]


def test_a_crash_mid_list_generation_is_a_503_then_the_same_list(
    private: Settings, tmp_path: Path
) -> None:
    db = Database(private, QueryRegistry.load())
    with db.driver.session(database=db.database) as session:
        session.run("MATCH (n) WHERE NOT n:SchemaVersion AND NOT n:ApiToken DETACH DELETE n")
    generate(3_000, 7, tmp_path)
    load_files(db, private.pseudonym_secret(), tmp_path, actor="test", workers=1)
    db.close()
    params = {"as_of": "2026-11-27"}
    with TestClient(create_app(private), raise_server_exceptions=False) as client:
        client.headers["Authorization"] = f"Bearer {ADMIN_TOKEN}"
        wait_ready(client)
        before = client.get("/v1/lists/JOINT_SANCTION/generated", params=params)
        assert before.status_code == 200 and before.json()["count"] > 0
        statuses: list[int] = []
        stop = threading.Event()

        def generate_repeatedly() -> None:
            while not stop.is_set():
                answer = client.get("/v1/lists/JOINT_SANCTION/generated", params=params)
                statuses.append(answer.status_code)
                if answer.status_code != 200:
                    assert answer.headers["content-type"] == "application/problem+json"
                    return

        worker = threading.Thread(target=generate_repeatedly)
        worker.start()
        time.sleep(1.0)
        kill_server(private)
        worker.join(timeout=120)
        stop.set()
        assert statuses[-1] == 503, statuses[-3:]
        assert set(statuses) <= {200, 503}
        neo4j_local.start(private)
        wait_ready(client)
        after = client.get("/v1/lists/JOINT_SANCTION/generated", params=params)
        assert after.json() == before.json(), "nothing lost, nothing partial"
