"""GET /v1/statistics (issue 15 item 4): counts over a period grouped by month, list,
measure, authority or region: list stocks and flows, hits and feedback, objections with the
days taken, repairs, revocations and commitments."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph_service.auth import Role, create_token
from graph_service.store.db import Database
from tests.helpers import load, person_id
from tests.integration.test_rules_scenarios import IN_OFFICE, REGISTRY, A, B

TODAY = date.today()
YEAR = {"from": TODAY.replace(month=1, day=1).isoformat(), "to": TODAY.isoformat()}


def _stats(api: TestClient, **params: str) -> dict[str, Any]:
    response = api.get("/v1/statistics", params=params)
    assert response.status_code == 200, response.json()
    result: dict[str, Any] = response.json()
    return result


def _by_key(answer: dict[str, Any], metric: str) -> dict[str | None, float]:
    return {g["key"]: g["counts"][metric] for g in answer["groups"] if g["counts"][metric]}


@pytest.fixture
def loop(api: TestClient, clean_db: Database) -> TestClient:
    return run_the_loop(api, clean_db)


def run_the_loop(api: TestClient, db: Database) -> TestClient:
    """The story's lists, then this year: an authority screens two subjects, feeds back on
    one; an objection is filed and upheld; the record is repaired; a commitment is broken."""
    registry = copy.deepcopy(REGISTRY)
    recent = {"act_start": "2025-01-01", "act_end": "2025-06-30"}
    registry["records"] += [
        {**registry["records"][0], **recent, "id": "R-OBJ", "serious": False, "category": 3},
        {**registry["records"][0], **recent, "id": "R-REP"},
    ]
    registry["entries"].append(
        {**registry["entries"][0], "id": "E-REP", "record": "R-REP", "listed_at": "2025-08-01"}
    )
    registry["commitments"] = [
        {
            "id": "C-1",
            "subject": B,
            "matter": "GOV_PROCUREMENT",
            "kind": "PUBLIC",
            "made_on": "2025-01-01",
            "content": "公开承诺",
            "due_on": "2025-06-30",
        }
    ]
    load(api, registry)
    token = create_token(db, role=Role.AUTHORITY, subject=None, label="t", authority="SAMR")
    screened = api.post(
        "/v1/screen",
        params={"purpose": "ADMINISTRATIVE_PERMIT"},
        json={
            "subjects": [A, person_id(IN_OFFICE)],
            "matter": "FOOD_PERMIT",
            "as_of": "2024-01-01",
        },
        headers={"Authorization": f"Bearer {token}"},
    )
    assert screened.status_code == 200
    feedback = {
        "subject": A,
        "matter": "FOOD_PERMIT",
        "measure": "M-FOOD",
        "entry": "E-A",
        "outcome": "APPLIED",
        "decided_on": TODAY.isoformat(),
    }
    given = api.post("/v1/feedback", json=feedback, headers={"Authorization": f"Bearer {token}"})
    assert given.status_code == 200, given.json()
    objection = api.post("/v1/records/R-OBJ/objections", json={"reason": "文书有误"})
    assert objection.status_code == 201, objection.json()
    decided = api.post(
        f"/v1/objections/{objection.json()['id']}/decision",
        json={"outcome": "UPHELD", "reasons": "核实有误", "delete": True},
    )
    assert decided.status_code in {200, 201}, decided.json()
    repaired = api.post(
        "/v1/records/R-REP/repair", json={"method": "CREDIT_COMMITMENT", "evidence": "承诺书"}
    )
    assert repaired.status_code in {200, 201}, repaired.json()
    verified = api.post(
        "/v1/commitments/C-1/verification", json={"kept": False, "checked_on": TODAY.isoformat()}
    )
    assert verified.status_code == 200, verified.json()
    return api


def test_statistics_subjects_and_entries_per_list(loop: TestClient) -> None:
    answer = _stats(loop, **{"from": "2021-01-01", "to": "2021-12-31", "by": "list"})
    assert _by_key(answer, "entries_added") == {"JS": 1, "JR": 2}
    assert _by_key(answer, "subjects_listed") == {"JS": 1, "JR": 2}
    assert answer["totals"]["entries_in_force"] == 3 and answer["totals"]["entries_removed"] == 0
    assert answer["from"] == "2021-01-01" and answer["by"] == "list"
    by_authority = _stats(loop, **{"from": "2021-01-01", "to": "2021-12-31", "by": "authority"})
    assert _by_key(by_authority, "entries_added") == {"TJ-SAMR": 3}
    by_region = _stats(loop, **{"from": "2021-01-01", "to": "2021-12-31", "by": "region"})
    assert _by_key(by_region, "subjects_listed") == {"TJ-HP": 3}


def test_statistics_hits_feedback_and_measures_applied_by_measure(loop: TestClient) -> None:
    answer = _stats(loop, **YEAR, by="measure")
    assert _by_key(answer, "hits") == {"M-FOOD": 2}
    assert _by_key(answer, "feedback_given") == {"M-FOOD": 1}
    assert _by_key(answer, "measures_applied") == {"M-FOOD": 1}
    by_authority = _stats(loop, **YEAR, by="authority")
    assert _by_key(by_authority, "hits") == {"SAMR": 2}
    # The open hit is overdue once its deadline (5 working days) has passed.
    later = _stats(loop, to=(TODAY + timedelta(days=30)).isoformat(), by="month")
    assert later["totals"]["feedback_overdue"] == 0  # judged on today: not overdue yet


def test_statistics_objections_repairs_revocations_and_commitments_by_month(
    loop: TestClient,
) -> None:
    answer = _stats(loop, **YEAR, by="month")
    month = TODAY.isoformat()[:7]
    totals = answer["totals"]
    assert totals["objections_filed"] == totals["objections_upheld"] == 1
    assert totals["objection_days_mean"] == 0  # filed and decided the same day
    assert totals["repairs"] == 1 and totals["entries_removed"] == 1  # E-REP leaves JS (Art. 46)
    assert totals["commitments_broken"] == 1 and totals["commitments_kept"] == 0
    assert _by_key(answer, "commitments_broken") == {month: 1}
    assert _by_key(answer, "repairs") == {month: 1}
    # Every metric the issue lists is in every group.
    assert set(answer["metrics"]) <= set(answer["groups"][0]["counts"])


def test_statistics_refuses_a_reversed_period_and_an_unknown_grouping(api: TestClient) -> None:
    reversed_period = api.get("/v1/statistics", params={"from": "2026-02-01", "to": "2026-01-01"})
    assert reversed_period.status_code == 422
    assert reversed_period.headers["content-type"] == "application/problem+json"
    assert reversed_period.json()["errors"][0]["field"] == "to"
    unknown = api.get("/v1/statistics", params={"by": "colour"})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "by"
    empty = _stats(api, by="region")
    assert empty["groups"] == [] and empty["totals"]["hits"] == 0
