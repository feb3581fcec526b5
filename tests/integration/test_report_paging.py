"""The credit report pages its query log (Art. 39, R-SEC-3, R-OUT-4; issue 17): a subject read
many times gets its report at the cost of one page, newest first, with the log's total and a
cursor to the older pages; the field names of DESIGN §6 stay as they were."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from graph_service.api.report import QUERY_LOG_PAGE
from graph_service.auth import Role
from graph_service.store import audit
from graph_service.store.db import Database
from tests.integration.test_access import bearer, world  # noqa: F401
from tests.integration.test_rules_scenarios import A

READS = 130


def _log_many(db: Database, n: int) -> None:
    for i in range(n):
        audit.log_reads(
            db,
            subjects=[A],
            actor="admin:paging",
            role="admin",
            purpose=None,
            endpoint=f"read {i}",
            categories=["test"],
        )


def _report(client: TestClient, **params: Any) -> dict[str, Any]:
    answer = client.get(f"/v1/subjects/{A}/report", params=params)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def test_r_sec_3_art_39_the_report_pages_a_long_query_log_newest_first(
    world: TestClient,  # noqa: F811
    db: Database,
) -> None:
    _log_many(db, READS)
    first = _report(world)
    assert len(first["query_log"]) == QUERY_LOG_PAGE
    assert first["query_log_total"] == READS
    assert [q["endpoint"] for q in first["query_log"][:2]] == [
        f"read {READS - 1}",
        f"read {READS - 2}",
    ]
    # Older pages by the cursor: stable although each report read adds an entry on top.
    seen = [q["endpoint"] for q in first["query_log"]]
    cursor = first["query_log_next"]
    while cursor is not None:
        page = _report(world, log_before=cursor, log_limit=40)
        assert len(page["query_log"]) <= 40
        seen += [q["endpoint"] for q in page["query_log"]]
        cursor = page["query_log_next"]
    assert seen == [f"read {i}" for i in reversed(range(READS))]
    # The newest page now starts with the report reads themselves.
    again = _report(world, log_limit=1)
    assert again["query_log"][0]["endpoint"] == "GET /v1/subjects/{id}/report"
    assert again["query_log_total"] == READS + 1 + (READS - QUERY_LOG_PAGE + 39) // 40
    assert again["query_log_next"] is not None


def test_r_sec_3_a_page_outside_the_bounds_is_a_problem_naming_the_parameter(
    world: TestClient,  # noqa: F811
) -> None:
    for params in ({"log_limit": 0}, {"log_limit": 501}, {"log_before": 0}):
        answer = world.get(f"/v1/subjects/{A}/report", params=params)
        assert answer.status_code == 422
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert next(iter(params)) in answer.text


def test_r_info_2_who_does_not_see_the_log_gets_no_total(
    world: TestClient,  # noqa: F811
    db: Database,
) -> None:
    _log_many(db, 3)
    headers = bearer(db, Role.INVESTIGATOR)
    body = world.get(f"/v1/subjects/{A}/report", headers=headers).json()
    assert body["query_log"] == [] and body["query_log_total"] is None
    assert body["query_log_next"] is None
