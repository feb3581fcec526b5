"""Feedback on measures (奖惩结果反馈, issue 15 item 3): a restricted or rewarded answer given
to an authority opens one hit owing feedback; POST /v1/feedback records what was done; GET
/v1/feedback/pending lists what is owed and what is overdue (PRC working days)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph_service.auth import Role, create_token
from graph_service.domain.screening import Reward, SubjectDecision
from graph_service.engine.feedback import open_hits
from graph_service.errors import BadRequest
from graph_service.rules.workdays import OFFICIAL
from graph_service.store import audit
from graph_service.store.db import Database
from tests.helpers import load, person_id
from tests.integration.test_rules_scenarios import IN_OFFICE, REGISTRY, A, B, H

TODAY = date.today()


@pytest.fixture
def story(api: TestClient, clean_db: Database) -> dict[str, Any]:
    load(api, REGISTRY)
    samr = create_token(clean_db, role=Role.AUTHORITY, subject=None, label="t", authority="SAMR")
    other = create_token(clean_db, role=Role.AUTHORITY, subject=None, label="t", authority="HRSS")
    return {"api": api, "samr": samr, "other": other}


def _as(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _screen(story: dict[str, Any], token: str, subjects: list[str], matter: str) -> Any:
    response = story["api"].post(
        "/v1/screen",
        params={"purpose": "ADMINISTRATIVE_PERMIT"},
        json={"subjects": subjects, "matter": matter, "as_of": "2024-01-01"},
        headers=_as(token),
    )
    assert response.status_code == 200, response.json()
    return response.json()


def _pending(story: dict[str, Any], token: str, **params: str) -> dict[str, Any]:
    response = story["api"].get("/v1/feedback/pending", params=params, headers=_as(token))
    assert response.status_code == 200, response.json()
    result: dict[str, Any] = response.json()
    return result


def _feedback(**overrides: Any) -> dict[str, Any]:
    return {
        "subject": A,
        "matter": "FOOD_PERMIT",
        "measure": "M-FOOD",
        "entry": "E-A",
        "outcome": "APPLIED",
        "decided_on": TODAY.isoformat(),
        "case_ref": "津食许〔2026〕88号",
        "note": "不予受理",
        **overrides,
    }


def test_r_out_2_feedback_restricted_answer_to_an_authority_opens_one_hit_never_twice(
    story: dict[str, Any],
) -> None:
    for _ in range(2):  # the same subject screened again opens nothing more
        _screen(story, story["samr"], [A, person_id(IN_OFFICE), H], "FOOD_PERMIT")
    pending = _pending(story, story["samr"])
    keys = sorted(
        (h["subject"], h["measure"], h["entry"], h["decision"]) for h in pending["pending"]
    )
    assert keys == sorted(
        [
            (A, "M-FOOD", "E-A", "restricted"),
            (person_id(IN_OFFICE), "M-FOOD", "E-A", "restricted"),
        ]
    )
    hit = pending["pending"][0]
    # The deadline: 5 PRC working days from the day of the answer (the setting's default).
    assert hit["due_on"] == OFFICIAL.add_working_days(TODAY, 5).isoformat()
    assert hit["holder"] == "SAMR" and hit["list"] == "JS" and pending["working_days"] == 5
    assert pending["overdue"] == []


def test_r_out_2_feedback_rewarded_answers_open_hits_allowed_and_admin_answers_do_not(
    story: dict[str, Any],
) -> None:
    _screen(story, story["samr"], [B, H], "GOV_PROCUREMENT")  # B rewarded, H allowed
    _screen(story, "test-admin-token-0123456789", [A], "FOOD_PERMIT")  # the office owes none
    hits = _pending(story, story["samr"])["pending"]
    assert [(h["subject"], h["measure"], h["decision"]) for h in hits] == [
        (B, "M-REWARD", "rewarded")
    ]
    assert len(_pending(story, "test-admin-token-0123456789")["pending"]) == 1


def test_r_out_2_feedback_is_recorded_and_the_hit_leaves_the_pending_list(
    story: dict[str, Any], db: Database
) -> None:
    _screen(story, story["samr"], [A], "FOOD_PERMIT")
    api = story["api"]
    given = api.post("/v1/feedback", json=_feedback(), headers=_as(story["samr"]))
    assert given.status_code == 200, given.json()
    assert given.json()["status"] == "done" and given.json()["on_time"] is True
    assert given.json()["outcome"] == "APPLIED"
    assert _pending(story, story["samr"])["pending"] == []
    again = api.post(
        "/v1/feedback", json=_feedback(outcome="NOT_APPLICABLE"), headers=_as(story["samr"])
    )
    assert again.json()["outcome"] == "NOT_APPLICABLE"  # replaced; the hit is still one
    _screen(story, story["samr"], [A], "FOOD_PERMIT")
    assert _pending(story, story["samr"])["pending"] == []
    # R-TIME-5: the replaced feedback's history is chained like every state change.
    assert [report.broken for report in audit.verify(db)] == [None, None]


def test_r_out_2_feedback_only_on_the_callers_own_hit_and_well_formed(
    story: dict[str, Any],
) -> None:
    _screen(story, story["samr"], [A], "FOOD_PERMIT")
    api = story["api"]
    elsewhere = api.post("/v1/feedback", json=_feedback(), headers=_as(story["other"]))
    assert elsewhere.status_code == 404
    assert _pending(story, story["other"])["pending"] == []
    unreasoned = api.post(
        "/v1/feedback", json=_feedback(outcome="NOT_APPLIED", note=None), headers=_as(story["samr"])
    )
    assert unreasoned.status_code == 422
    assert unreasoned.headers["content-type"] == "application/problem+json"
    assert unreasoned.json()["errors"][0]["field"] == "note"
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    future = api.post(
        "/v1/feedback", json=_feedback(decided_on=tomorrow), headers=_as(story["samr"])
    )
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "decided_on"
    bad = api.post("/v1/feedback", json=_feedback(outcome="MAYBE"), headers=_as(story["samr"]))
    assert bad.status_code == 422 and "outcome" in bad.json()["errors"][0]["field"]


def test_r_out_2_feedback_overdue_after_five_working_days(story: dict[str, Any]) -> None:
    _screen(story, story["samr"], [A], "FOOD_PERMIT")
    due = date.fromisoformat(_pending(story, story["samr"])["pending"][0]["due_on"])
    on_the_day = _pending(story, story["samr"], as_of=due.isoformat())
    assert on_the_day["overdue"] == []
    after = _pending(story, story["samr"], as_of=(due + timedelta(days=1)).isoformat())
    assert [h["entry"] for h in after["overdue"]] == ["E-A"] and after["overdue"][0]["overdue"]


def test_r_out_2_feedback_open_hits_is_one_callable_for_other_paths(clean_db: Database) -> None:
    """Another path (a watch's event) opens hits through the same function, idempotently."""
    reward = Reward(
        measure="M-R", list="JR", list_type="JOINT_REWARD", entry="E-1", legal_basis="b",
        authority=None,
    )  # fmt: skip
    result = SubjectDecision(
        subject=B, decision="rewarded", restrictions=[], rewards=[reward], withheld_rewards=[]
    )
    for _ in range(2):
        opened = open_hits(
            clean_db, holder="SAMR", matter="GOV_PROCUREMENT", results=[result],
            calendar=OFFICIAL, working_days=5,
        )  # fmt: skip
        assert opened == 1
    rows = clean_db.pending_hits(holder="SAMR", limit=10)
    assert [row.hit["entry"] for row in rows] == ["E-1"]


def test_r_out_2_feedback_only_an_authority_token_is_bound_to_an_authority(
    clean_db: Database,
) -> None:
    for role in (Role.INVESTIGATOR, Role.PUBLIC):
        with pytest.raises(BadRequest):
            create_token(clean_db, role=role, subject=None, label="t", authority="SAMR")
