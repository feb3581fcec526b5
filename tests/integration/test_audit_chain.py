"""The tamper-evident audit trail (R-SEC-3, R-SEC-5, R-TIME-5): every query-log entry and every
state change is chained, and `graph-service audit verify` finds an entry edited, deleted,
reordered or inserted directly in the database, naming the first broken one.

The story of test_workflows.py (a food-safety sanction on A, a commendation of B) gives state
changes from ingest and the workflows; screenings and reports give query-log entries.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from graph_service.auth import Role
from graph_service.cli import app
from graph_service.settings import Settings, get_settings
from graph_service.store import audit
from graph_service.store.db import Database, native
from tests.helpers import screen
from tests.integration.test_rules_scenarios import A, B
from tests.integration.test_workflows import bearer, decide, objection, story  # noqa: F401

Tamper = Callable[[Any], None]


@pytest.fixture
def trail(story: TestClient, db: Database) -> TestClient:  # noqa: F811
    """Both chains with several entries: screenings, reports, an objection and a repair."""
    for as_of in ("2021-06-01", "2022-06-01", "2023-06-01"):
        screen(story, A, "FOOD_PERMIT", as_of)
    assert story.get(f"/v1/subjects/{B}/report").status_code == 200
    filed = objection(story, filed_on="2025-09-30")
    assert decide(story, filed["id"]).status_code == 200
    body = {"method": "CREDIT_COMMITMENT", "evidence": "信用承诺书", "repaired_on": "2025-10-20"}
    assert story.post("/v1/records/R-FOOD-1/repair", json=body).status_code == 201
    return story


def first_broken(db: Database, chain: str) -> str | None:
    reports = {report.chain: report for report in audit.verify(db)}
    return reports[chain].broken


def run(db: Database, cypher: str, **params: Any) -> None:
    with db.driver.session(database=db.database) as session:
        session.run(cypher, params).consume()


def test_r_sec_3_r_time_5_every_entry_is_chained_and_the_chain_verifies(
    trail: TestClient, db: Database
) -> None:
    reports = audit.verify(db)
    assert [(r.chain, r.broken) for r in reports] == [("QueryLog", None), ("StateChange", None)]
    counts = {r.chain: r.entries for r in reports}
    assert counts["QueryLog"] >= 4 and counts["StateChange"] >= 8
    with db.driver.session(database=db.database) as session:
        for label in ("QueryLog", "StateChange"):
            seqs = session.run(
                "MATCH (n) WHERE $label IN labels(n) RETURN n.seq AS s ORDER BY s", label=label
            ).value()
            assert seqs == list(range(1, counts[label] + 1)), label


# Each way of tampering, on each chain: the walk names the first broken entry and why.
EDITS: dict[str, tuple[str, str, str]] = {
    "edit a query-log entry": (
        "QueryLog",
        "MATCH (q:QueryLog {seq: 2}) SET q.purpose = 'AUDIT'",
        "QueryLog seq 2 \\(subject .*content edited",
    ),
    "edit a state change": (
        "StateChange",
        "MATCH (c:StateChange {seq: 3}) SET c.by = 'admin:someone-else'",
        "StateChange seq 3 .*content edited",
    ),
    "delete a query-log entry": (
        "QueryLog",
        "MATCH (q:QueryLog {seq: 2}) DETACH DELETE q",
        "QueryLog seq 2: missing \\(deleted\\)",
    ),
    "delete a state change": (
        "StateChange",
        "MATCH (c:StateChange {seq: 4}) DETACH DELETE c",
        "StateChange seq 4: missing \\(deleted\\)",
    ),
    "delete the last query-log entry": (
        "QueryLog",
        "MATCH (q:QueryLog) WITH q ORDER BY q.seq DESC LIMIT 1 DETACH DELETE q",
        "QueryLog seq \\d+: missing \\(deleted\\); the head says",
    ),
    "reorder two query-log entries": (
        "QueryLog",
        "MATCH (a:QueryLog {seq: 2}), (b:QueryLog {seq: 3}) SET a.seq = 3, b.seq = 2",
        "QueryLog seq 2 .*does not follow seq 1",
    ),
    "reorder two state changes by their times": (
        "StateChange",
        "MATCH (a:StateChange {seq: 1}) MATCH (b:StateChange) WITH a, b ORDER BY b.seq DESC "
        "LIMIT 1 WITH a, b, a.at AS t SET a.at = b.at, b.at = t",
        "StateChange seq 1 .*content edited",
    ),
    "insert a query-log entry": (
        "QueryLog",
        "CREATE (:QueryLog {subject: 'P0', at: datetime(), actor: 'admin:x', role: 'admin', "
        "endpoint: 'GET /v1/subjects/{id}', categories: []})",
        "QueryLog: 1 entries outside the chain \\(inserted directly\\); the first: .*P0",
    ),
    "insert a state change": (
        "StateChange",
        "MATCH (r:Record {id: 'R-FOOD-1'}) CREATE (r)-[:HAS_CHANGE]->(:StateChange "
        "{at: datetime(), by: 'admin:x', to: 'in_force', reason: 'backdated'})",
        "StateChange: 1 entries outside the chain \\(inserted directly\\)",
    ),
    "move a state change to another record": (
        "StateChange",
        "MATCH (:Record {id: 'R-FOOD-1'})-[h:HAS_CHANGE]->(c:StateChange) "
        "WITH h, c ORDER BY c.seq LIMIT 1 "
        "MATCH (other:Record {id: 'R-COMMEND'}) DELETE h CREATE (other)-[:HAS_CHANGE]->(c)",
        "StateChange seq \\d+ \\(record R-FOOD-1, .*hangs from \\['R-COMMEND'\\] \\(moved\\)",
    ),
    "empty a state change without a deletion": (
        "StateChange",
        "MATCH (c:StateChange {seq: 2}) SET c = {seq: c.seq, digest: c.digest, hash: c.hash, "
        "node: c.node, redacted_by: 'DEL-forged'}",
        "StateChange seq 2 .*emptied without a deletion",
    ),
}


@pytest.mark.parametrize("how", list(EDITS))
def test_r_sec_5_tampering_is_found_and_named(trail: TestClient, db: Database, how: str) -> None:
    chain, cypher, expected = EDITS[how]
    assert first_broken(db, chain) is None
    run(db, cypher)
    broken = first_broken(db, chain)
    assert broken is not None
    assert re.search(expected, broken), broken


def test_r_sec_5_an_entry_inserted_with_a_forged_sequence_is_found(
    trail: TestClient, db: Database
) -> None:
    """An insert in the middle, with every later entry renumbered and re-hashed by someone who
    has the database but not the key (the state folder): the hash no longer follows."""
    with db.driver.session(database=db.database) as session:
        rows = session.run(
            "MATCH (q:QueryLog) RETURN q.seq AS seq, properties(q) AS p ORDER BY seq"
        ).data()
        session.run("MATCH (q:QueryLog) WHERE q.seq >= 2 SET q.seq = q.seq + 1").consume()
        forged = dict(native(rows[0]["p"]), subject="P-forged", seq=2)
        forged["digest"] = audit.content_digest(forged)
        forged["hash"] = hashlib.sha256(f"{rows[0]['p']['hash']}{forged['digest']}".encode())
        forged["hash"] = forged["hash"].hexdigest()
        session.run("CREATE (q:QueryLog) SET q = $p", p=forged).consume()
    broken = first_broken(db, "QueryLog")
    assert broken is not None and broken.startswith("QueryLog seq 2 (subject P-forged"), broken
    assert "does not follow seq 1" in broken


def test_r_time_5_a_deletion_on_request_keeps_the_chain_intact(
    trail: TestClient, db: Database
) -> None:
    """Art. 43 para. 1: the deleted record's history is emptied, not removed; its entries keep
    their place, and the deletion's own state change names them."""
    own = bearer(db, Role.SUBJECT, B)
    assert trail.delete("/v1/records/R-COMMEND", headers=own).status_code == 200
    assert [r.broken for r in audit.verify(db)] == [None, None]
    with db.driver.session(database=db.database) as session:
        emptied = session.run(
            "MATCH (c:StateChange {node: 'R-COMMEND'}) WHERE c.redacted_by IS NOT NULL "
            "RETURN keys(c) AS k"
        ).value()
        assert emptied and all(
            set(k) == {"seq", "digest", "hash", "node", "redacted_by"} for k in emptied
        )


def test_r_sec_3_concurrent_appends_form_one_chain(trail: TestClient, db: Database) -> None:
    """Screenings from many threads while the workflows write state changes: one chain each,
    no number twice, none missing."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        screenings = [
            pool.submit(screen, trail, A, "FOOD_PERMIT", f"20{21 + i % 4}-06-01") for i in range(40)
        ]
        filings = [
            pool.submit(objection, trail, record, filed_on="2025-09-30")
            for record in ("R-COMMIT", "R-COMMEND")
        ]
        for future in [*screenings, *filings]:
            future.result()
    reports = audit.verify(db)
    assert [r.broken for r in reports] == [None, None]
    assert reports[0].entries >= 44 and reports[1].entries >= 10


def test_r_sec_3_appenders_of_several_processes_form_one_chain(
    trail: TestClient, db: Database, settings: Settings
) -> None:
    """Two `Database` objects stand for two worker processes: each has its own group commit
    and its own idea of the head, so their appends race in Neo4j; the optimistic append
    (one statement that checks the head) chains them into one chain, each entry once. An
    unknown subject among known ones is left out; one alone writes nothing."""
    other = Database(settings, db.registry)
    before = {r.chain: r.entries for r in audit.verify(db)}[audit.QUERY_LOG]

    def read(store: Database, i: int) -> None:
        subjects = [A, B] if i % 3 else [A, "UNKNOWN-SUBJECT"]
        audit.log_reads(
            store,
            subjects=subjects,
            actor="admin:test",
            role="admin",
            purpose=None,
            endpoint="test",
            categories=["test"],
        )

    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            done = [pool.submit(read, (db, other)[i % 2], i) for i in range(60)]
            for future in done:
                future.result()
        audit.log_reads(
            other,
            subjects=["UNKNOWN-SUBJECT"],
            actor="admin:test",
            role="admin",
            purpose=None,
            endpoint="test",
            categories=["test"],
        )
    finally:
        other.close()
    reports = audit.verify(db)
    assert [r.broken for r in reports] == [None, None]
    assert reports[0].entries - before == 40 * 2 + 20


def test_r_sec_5_entries_from_before_the_chain_are_chained_once_by_the_migration(
    trail: TestClient, db: Database
) -> None:
    """V006 chains the entries it finds (in the order they were written); after it, an entry
    without a number is an insert, and a restart does not chain it (docs/DECISIONS.md)."""
    run(db, "MATCH (n:QueryLog|StateChange) REMOVE n.seq, n.hash, n.digest, n.node, n.node_type")
    run(db, "MATCH (h:AuditHead) DETACH DELETE h")
    chained = audit.chain_existing(db)
    assert chained > 0
    assert [r.broken for r in audit.verify(db)] == [None, None]
    run(db, "CREATE (:QueryLog {subject: 'P0', at: datetime(), actor: 'x', role: 'admin'})")
    from graph_service.store.schema import migrate

    migrate(db)  # every version applied: nothing is chained again
    assert "inserted directly" in (first_broken(db, "QueryLog") or "")


def test_r_sec_5_the_cli_exits_non_zero_naming_the_broken_entry(
    trail: TestClient, db: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRAPH_SERVICE_PSEUDONYM_KEY", settings.pseudonym_secret())
    get_settings.cache_clear()
    runner = CliRunner()
    intact = runner.invoke(app, ["audit", "verify"])
    assert intact.exit_code == 0, intact.output
    assert "QueryLog: intact" in intact.stdout and "StateChange: intact" in intact.stdout
    run(db, "MATCH (c:StateChange {seq: 2}) SET c.reason = 'nothing happened'")
    broken = runner.invoke(app, ["audit", "verify"])
    assert broken.exit_code == 1
    assert "StateChange: BROKEN" in broken.stdout and "seq 2" in broken.stdout
    get_settings.cache_clear()
