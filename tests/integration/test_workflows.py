"""Objections, repair, revocation, deletion on request and history (R-TIME-2..5, R-SEC-2).

The story of tests/integration/test_rules_scenarios.py: 天津市海河餐饮管理有限公司 (A) is on the
joint sanction list (entry E-A) for a food-safety penalty (R-FOOD-1, act 2021-03-01 to
2021-09-30). Added here: a commendation and a credit commitment of 天津市诚信建筑有限公司 (B).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph_service.auth import Role, create_token
from graph_service.store.db import Database
from tests.helpers import authority_for, load, person_id, screen
from tests.integration.test_rules_scenarios import IN_OFFICE, REGISTRY, A, B

DOCUMENT = "津市监罚〔2021〕15号"
COMMENDATION_DOC = "津政表〔2022〕3号"


def positive(record_id: str, category: str, document: str) -> dict[str, Any]:
    return {
        "id": record_id,
        "subject": B,
        "type": "POSITIVE",
        "category": category,
        "document": document,
        "provider": "TJ-SAMR",
        "domain": "CONSTRUCTION",
        "catalogue_item": "ADMIN_PENALTY",
        "act_start": "2022-01-01",
        "act_end": "2022-01-01",
    }


STORY: dict[str, list[dict[str, Any]]] = {
    **REGISTRY,
    "records": [
        *REGISTRY["records"],
        positive("R-COMMEND", "COMMENDATION", COMMENDATION_DOC),
        positive("R-COMMIT", "COMMITMENT", "承诺书〔2022〕7号"),
    ],
}


@pytest.fixture
def story(api: TestClient) -> TestClient:
    load(api, STORY)
    return api


def bearer(db: Database, role: Role, subject: str | None = None) -> dict[str, str]:
    token = create_token(db, role=role, subject=subject, label="t", authority=authority_for(role))
    return {"Authorization": f"Bearer {token}"}


def objection(api: TestClient, record: str = "R-FOOD-1", **fields: Any) -> dict[str, Any]:
    body = {"reason": "处罚决定书记载的经营地址有误", "filed_on": "2025-09-30", **fields}
    response = api.post(f"/v1/records/{record}/objections", json=body)
    assert response.status_code == 201, response.json()
    result: dict[str, Any] = response.json()
    return result


def decide(api: TestClient, objection_id: str, **fields: Any) -> Any:
    body = {"outcome": "REJECTED", "reasons": "经核查信息准确", "decided_on": "2025-10-10"}
    return api.post(f"/v1/objections/{objection_id}/decision", json={**body, **fields})


def restriction_of(api: TestClient, subject: str, as_of: str) -> dict[str, Any]:
    result = screen(api, subject, "FOOD_PERMIT", as_of)
    assert result["decision"] == "restricted", result
    found: dict[str, Any] = result["restrictions"][0]
    return found


def history(api: TestClient, record: str = "R-FOOD-1") -> dict[str, Any]:
    response = api.get(f"/v1/records/{record}/history")
    assert response.status_code == 200, response.json()
    result: dict[str, Any] = response.json()
    return result


def generated_subjects(api: TestClient, as_of: str) -> set[str]:
    response = api.get("/v1/lists/JOINT_SANCTION/generated", params={"as_of": as_of})
    assert response.status_code == 200, response.json()
    return {s["subject"] for s in response.json()["subjects"]}


def diff_reasons(api: TestClient, start: str, end: str) -> dict[str, list[str]]:
    response = api.get("/v1/lists/JOINT_SANCTION/diff", params={"from": start, "to": end})
    assert response.status_code == 200, response.json()
    return {c["subject"]: c["reasons"] for c in response.json()["removed"]}


# --- objections (R-TIME-3, Art. 41) -------------------------------------------------------------


def test_r_time_3_the_objection_mark_shows_at_once_and_the_decision_removes_it(
    story: TestClient,
) -> None:
    filed = objection(story)
    # Filed on the Tuesday before National Day 2025: 9, 10 and the Saturday 11 October.
    assert (filed["deadline"], filed["working_days"], filed["status"]) == ("2025-10-11", 3, "open")
    assert filed["subject"] == A and filed["record"] == "R-FOOD-1"
    # DESIGN §5: an objected record stays in force, with the mark, for every reached subject.
    assert restriction_of(story, A, "2025-10-05")["objection"] is True
    assert restriction_of(story, person_id(IN_OFFICE), "2025-10-05")["objection"] is True

    again = story.post(
        "/v1/records/R-FOOD-1/objections", json={"reason": "再次异议", "filed_on": "2025-10-01"}
    )
    assert again.status_code == 409
    assert again.json()["objections"] == [filed["id"]]

    decided = decide(story, filed["id"])
    assert decided.status_code == 200, decided.json()
    body = decided.json()
    assert (body["status"], body["outcome"], body["on_time"]) == ("decided", "REJECTED", True)
    assert body["reasons"] == "经核查信息准确"
    kept = restriction_of(story, A, "2025-10-05")
    assert kept["objection"] is False and kept["document"] == DOCUMENT
    assert decide(story, filed["id"]).status_code == 409, "decided once only"


def test_r_time_3_ten_working_days_when_the_provider_verifies_and_pauses_stop_the_clock(
    story: TestClient,
) -> None:
    filed = objection(story, filed_on="2025-09-25", needs_provider_verification=True)
    assert (filed["working_days"], filed["deadline"]) == (10, "2025-10-15")
    url = f"/v1/objections/{filed['id']}/pauses"
    paused = story.post(url, json={"kind": "APPRAISAL", "start": "2025-10-09", "end": "2025-10-10"})
    assert paused.status_code == 201, paused.json()
    assert paused.json()["deadline"] == "2025-10-17"
    assert paused.json()["pauses"] == [
        {"kind": "APPRAISAL", "start": "2025-10-09", "end": "2025-10-10"}
    ]
    # A second pause overlapping the first counts each day once.
    more = story.post(
        url, json={"kind": "EXPERT_REVIEW", "start": "2025-10-10", "end": "2025-10-13"}
    )
    assert more.json()["deadline"] == "2025-10-21"  # 11 and 13 October paused too

    bad = story.post(url, json={"kind": "LUNCH", "start": "2025-10-09", "end": "2025-10-08"})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"kind", "end"}
    early = story.post(url, json={"kind": "TESTING", "start": "2025-09-01", "end": "2025-09-02"})
    assert early.status_code == 422 and early.json()["errors"][0]["field"] == "start"

    assert decide(story, filed["id"], decided_on="2025-10-20").json()["on_time"] is True
    closed = story.post(url, json={"kind": "TESTING", "start": "2025-10-21", "end": "2025-10-22"})
    assert closed.status_code == 409


def test_r_time_3_overdue_objections_are_listed_for_the_office(story: TestClient) -> None:
    late = objection(story)
    timely = objection(story, "R-COMMEND", filed_on="2025-10-16")
    listed = story.get("/v1/objections", params={"overdue": "true", "as_of": "2025-10-20"})
    assert listed.status_code == 200, listed.json()
    body = listed.json()
    assert body["as_of"] == "2025-10-20"
    assert [(o["id"], o["overdue"]) for o in body["objections"]] == [(late["id"], True)]
    others = story.get("/v1/objections", params={"overdue": "false", "as_of": "2025-10-20"})
    assert [o["id"] for o in others.json()["objections"]] == [timely["id"]]
    everything = story.get("/v1/objections", params={"as_of": "2025-10-20"}).json()
    assert [o["id"] for o in everything["objections"]] == [late["id"], timely["id"]]

    decided = decide(story, late["id"], decided_on="2025-10-20").json()
    assert decided["on_time"] is False, "decided after the deadline of 11 October"
    listed = story.get("/v1/objections", params={"overdue": "true", "as_of": "2025-10-20"})
    assert listed.json()["objections"] == []
    bad = story.get("/v1/objections", params={"overdue": "maybe", "as_of": "2025-02-30"})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"overdue", "as_of"}


def test_r_time_3_an_upheld_objection_corrects_the_record_keeping_the_old_values(
    story: TestClient,
) -> None:
    filed = objection(story)
    bad = decide(story, filed["id"], outcome="UPHELD", correction={"colour": "red"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "correction.colour"
    wrong_type = decide(story, filed["id"], outcome="UPHELD", correction={"category": "DONATION"})
    assert wrong_type.status_code == 422
    assert wrong_type.json()["errors"][0]["field"] == "correction.category"
    neither = decide(story, filed["id"], outcome="UPHELD")
    assert neither.status_code == 422 and neither.json()["errors"][0]["field"] == "correction"
    rejected_with_change = decide(story, filed["id"], delete=True)
    assert rejected_with_change.status_code == 422

    corrected_doc = "津市监罚〔2021〕15号（更正）"
    correction = {"document": corrected_doc, "act_end": "2021-06-30"}
    upheld = decide(story, filed["id"], outcome="UPHELD", reasons="地址有误", correction=correction)
    assert upheld.status_code == 200, upheld.json()
    restriction = restriction_of(story, A, "2025-10-12")
    assert restriction["document"] == corrected_doc and restriction["objection"] is False
    assert restriction["until"] == "2026-06-29"
    last = history(story)["changes"][-1]
    assert (last["from"], last["to"]) == ("objected", "corrected")
    assert last["changes"] == {
        "act_end": {"from": "2021-09-30", "to": "2021-06-30"},
        "document": {"from": DOCUMENT, "to": corrected_doc},
    }


def test_r_time_3_an_upheld_objection_may_delete_the_record_as_erroneous(
    story: TestClient,
) -> None:
    filed = objection(story)
    upheld = decide(story, filed["id"], outcome="UPHELD", reasons="主体错误", delete=True)
    assert upheld.status_code == 200, upheld.json()
    assert screen(story, A, "FOOD_PERMIT", "2025-10-09")["decision"] == "restricted"
    assert screen(story, A, "FOOD_PERMIT", "2025-10-10")["decision"] == "allowed"
    assert history(story)["state"] == "revoked"
    assert "revoked" in diff_reasons(story, "2025-10-01", "2025-10-31")[A][0]


def test_r_sec_2_a_subject_objects_only_on_its_own_records(story: TestClient, db: Database) -> None:
    own, other = bearer(db, Role.SUBJECT, A), bearer(db, Role.SUBJECT, B)
    body = {"reason": "信息有误", "filed_on": "2025-09-30"}
    refused = story.post("/v1/records/R-FOOD-1/objections", json=body, headers=other)
    assert refused.status_code == 403
    assert refused.json()["type"] == "urn:credit-graph:problem:forbidden"
    authority = bearer(db, Role.AUTHORITY)
    assert (
        story.post("/v1/records/R-FOOD-1/objections", json=body, headers=authority).status_code
        == 403
    )
    assert story.get("/v1/records/R-FOOD-1/history").status_code == 200  # the office
    # Nothing was written by the refused attempts.
    assert story.get("/v1/objections").json()["objections"] == []

    filed = story.post("/v1/records/R-FOOD-1/objections", json=body, headers=own)
    assert filed.status_code == 201, filed.json()
    objection_id = filed.json()["id"]
    assert story.get(f"/v1/objections/{objection_id}", headers=own).status_code == 200
    assert story.get(f"/v1/objections/{objection_id}", headers=other).status_code == 403
    # Only the office decides, lists, pauses and reads the history.
    for method, url in (
        ("POST", f"/v1/objections/{objection_id}/decision"),
        ("POST", f"/v1/objections/{objection_id}/pauses"),
        ("GET", "/v1/objections"),
        ("GET", "/v1/records/R-FOOD-1/history"),
        ("POST", "/v1/records/R-FOOD-1/repair"),
        ("POST", "/v1/records/R-FOOD-1/revocation"),
    ):
        assert story.request(method, url, json={}, headers=own).status_code == 403, url


# --- repair (R-TIME-4, Art. 45, 46) ------------------------------------------------------------


def test_r_time_4_a_repair_lifts_the_restriction_from_screening_lists_and_diff(
    story: TestClient,
) -> None:
    body = {
        "method": "CREDIT_COMMITMENT",
        "evidence": "信用承诺书及整改报告",
        "repaired_on": "2024-05-01",
    }
    response = story.post("/v1/records/R-FOOD-1/repair", json=body)
    assert response.status_code == 201, response.json()
    repaired = response.json()
    assert (repaired["state"], repaired["removed_entries"]) == ("repaired", ["E-A"])
    assert repaired["notification"]["to"] == "connected authorities"
    assert "E-A" in repaired["notification"]["what"]

    assert screen(story, A, "FOOD_PERMIT", "2024-04-30")["decision"] == "restricted"
    for subject in (A, person_id(IN_OFFICE)):
        assert screen(story, subject, "FOOD_PERMIT", "2024-05-01")["decision"] == "allowed"
    assert A in generated_subjects(story, "2024-04-30")
    assert A not in generated_subjects(story, "2024-05-01")
    removed = diff_reasons(story, "2024-01-01", "2024-06-01")
    assert removed[A] == ["record behind E-A repaired"]
    assert removed[person_id(IN_OFFICE)] == ["record behind E-A repaired"]

    changes = history(story)["changes"]
    entry_change = next(c for c in changes if c["node"] == "E-A" and c["to"] == "removed")
    assert entry_change["from"] == "in_force" and "repaired" in entry_change["reason"]
    assert story.post("/v1/records/R-FOOD-1/repair", json=body).status_code == 409
    again = story.post(
        "/v1/records/R-FOOD-1/objections", json={"reason": "x", "filed_on": "2025-09-30"}
    )
    assert again.status_code == 409, "a repaired record is no longer shown"


def test_r_time_4_a_grace_period_is_recorded_and_leaves_the_record_in_force(
    story: TestClient,
) -> None:
    response = story.post(
        "/v1/records/R-FOOD-1/repair",
        json={"grace_until": "2024-06-30", "granted_on": "2024-04-01", "evidence": "疫情停业"},
    )
    assert response.status_code == 201, response.json()
    grace = response.json()
    assert (grace["kind"], grace["state"], grace["grace_until"]) == (
        "GRACE",
        "in_force",
        "2024-06-30",
    )
    assert grace["notification"] is None
    last = history(story)["changes"][-1]
    assert (last["from"], last["to"]) == ("in_force", "in_force")
    assert "grace period for repair granted on 2024-04-01 until 2024-06-30" in last["reason"]
    assert screen(story, A, "FOOD_PERMIT", "2025-01-01")["decision"] == "restricted"


def test_r_time_4_repairs_that_do_not_fit_are_refused(story: TestClient) -> None:
    url = "/v1/records/R-FOOD-1/repair"
    bad = story.post(url, json={"method": "PRAYER", "evidence": "x", "repaired_on": "2024-02-30"})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"method", "repaired_on"}
    both = story.post(
        url, json={"method": "TRAINING", "evidence": "x", "grace_until": "2099-01-01"}
    )
    assert both.status_code == 422 and both.json()["errors"][0]["field"] == "grace_until"
    no_evidence = story.post(url, json={"method": "TRAINING"})
    assert no_evidence.status_code == 422 and no_evidence.json()["errors"][0]["field"] == "evidence"
    future = story.post(
        url, json={"method": "TRAINING", "evidence": "x", "repaired_on": "2999-01-01"}
    )
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "repaired_on"
    expired = story.post(
        url, json={"method": "TRAINING", "evidence": "x", "repaired_on": "2026-09-30"}
    )
    assert expired.status_code == 409, "the five-year query period ended (Art. 42, 45)"
    body = {"method": "TRAINING", "evidence": "x", "repaired_on": "2024-05-01"}
    assert story.post("/v1/records/R-COMMEND/repair", json=body).status_code == 409
    assert story.post("/v1/records/NOPE/repair", json=body).status_code == 404
    filed = objection(story)
    marked = story.post(url, json=body)
    assert marked.status_code == 409 and marked.json()["objections"] == [filed["id"]]


# --- revocation (R-TIME-2, Art. 43) ------------------------------------------------------------


def test_r_time_2_a_revoked_decision_deletes_the_record_with_both_deadlines_tracked(
    story: TestClient,
) -> None:
    filed = objection(story, filed_on="2024-02-28")
    body = {
        "kind": "REVOKED",
        "decision_document": "津市监复〔2024〕2号",
        "decided_on": "2024-03-01",  # Friday: the provider tells by Wednesday 6 March
        "provider_notified_on": "2024-03-07",  # late
        "acted_on": "2024-03-08",  # the office's three working days run to 12 March
    }
    response = story.post("/v1/records/R-FOOD-1/revocation", json=body)
    assert response.status_code == 201, response.json()
    revoked = response.json()
    assert (revoked["provider_deadline"], revoked["provider_on_time"]) == ("2024-03-06", False)
    assert (revoked["office_deadline"], revoked["office_on_time"]) == ("2024-03-12", True)
    assert (revoked["state"], revoked["superseded_objection"]) == ("revoked", filed["id"])
    closed = story.get(f"/v1/objections/{filed['id']}").json()
    assert (closed["status"], closed["outcome"]) == ("closed", "SUPERSEDED")

    assert screen(story, A, "FOOD_PERMIT", "2024-02-29")["decision"] == "restricted"
    assert screen(story, A, "FOOD_PERMIT", "2024-03-01")["decision"] == "allowed"
    assert A not in generated_subjects(story, "2024-03-01")
    assert diff_reasons(story, "2024-01-01", "2024-06-01")[A] == ["record behind E-A revoked"]

    assert story.post("/v1/records/R-FOOD-1/revocation", json=body).status_code == 409
    repair = {"method": "TRAINING", "evidence": "x", "repaired_on": "2024-05-01"}
    assert story.post("/v1/records/R-FOOD-1/repair", json=repair).status_code == 409


def test_r_time_2_a_changed_decision_changes_the_record_keeping_the_old_values(
    story: TestClient,
) -> None:
    body: dict[str, Any] = {
        "kind": "CHANGED",
        "decision_document": "津市监复〔2024〕3号",
        "decided_on": "2024-03-01",
        "provider_notified_on": "2024-03-04",
        "acted_on": "2024-03-05",
    }
    missing = story.post("/v1/records/R-FOOD-1/revocation", json=body)
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "changes"
    bad_order = story.post(
        "/v1/records/R-FOOD-1/revocation",
        json={**body, "provider_notified_on": "2024-02-01", "changes": {"serious": False}},
    )
    assert bad_order.status_code == 422
    assert bad_order.json()["errors"][0]["field"] == "provider_notified_on"

    changed = story.post(
        "/v1/records/R-FOOD-1/revocation", json={**body, "changes": {"serious": False}}
    )
    assert changed.status_code == 201, changed.json()
    assert changed.json()["state"] == "corrected"
    assert changed.json()["provider_on_time"] and changed.json()["office_on_time"]
    assert restriction_of(story, A, "2024-06-01")["serious"] is False
    last = history(story)["changes"][-1]
    assert last["changes"] == {"serious": {"from": True, "to": False}}
    assert "津市监复〔2024〕3号" in last["reason"]


# --- deletion on request (R-TIME-2, R-TIME-5, Art. 43) -----------------------------------------


def test_r_time_5_a_positive_record_is_deleted_on_request_and_logged_without_content(
    story: TestClient, db: Database
) -> None:
    own, other = bearer(db, Role.SUBJECT, B), bearer(db, Role.SUBJECT, A)
    objection(story, "R-COMMEND")  # a workflow node that carries content too
    assert story.delete("/v1/records/R-COMMEND", headers=other).status_code == 403
    assert story.delete("/v1/records/R-COMMIT", headers=own).status_code == 409
    assert story.delete("/v1/records/R-FOOD-1").status_code == 409
    assert story.delete("/v1/records/NOPE").status_code == 404

    response = story.delete("/v1/records/R-COMMEND", headers=own)
    assert response.status_code == 200, response.json()
    deletion = response.json()
    assert set(deletion) == {"id", "record_id", "at", "by", "reason"}
    assert deletion["record_id"] == "R-COMMEND" and deletion["by"].startswith("subject:")

    with db.driver.session(database=db.database) as session:
        left = session.run("MATCH (r:Record {id: 'R-COMMEND'}) RETURN count(r) AS n").single()
        assert left is not None and left["n"] == 0
        stored = session.run("MATCH (d:Deletion) RETURN properties(d) AS p").single()
        assert stored is not None and set(stored["p"]) == {"id", "record_id", "at", "by", "reason"}
        # No node keeps the deleted content: neither its document nor the objection's grounds.
        mentions = session.run(
            "MATCH (n) WHERE any(k IN keys(n) WHERE n[k] IS :: STRING"
            " AND (n[k] CONTAINS $a OR n[k] CONTAINS $b)) RETURN count(n) AS n",
            a=COMMENDATION_DOC,
            b="经营地址",
        ).single()
        assert mentions is not None and mentions["n"] == 0
        notice = session.run(
            "MATCH (:Deletion)-[:NOTIFIED]->(n:Notification) RETURN n.to AS to"
        ).single()
        assert notice is not None and notice["to"] == "TJ-SAMR", "Art. 43: the provider is told"

    logged = history(story, "R-COMMEND")
    assert (logged["state"], logged["changes"]) == (None, [])
    assert logged["deletion"]["id"] == deletion["id"]
    assert story.delete("/v1/records/R-COMMEND", headers=own).status_code == 404


# --- history (R-TIME-5) ------------------------------------------------------------------------


def test_r_time_5_every_state_change_is_kept_in_order(story: TestClient) -> None:
    filed = objection(story, filed_on="2024-03-01")
    assert decide(story, filed["id"], decided_on="2024-03-05").status_code == 200
    grace = {"grace_until": "2024-06-30", "granted_on": "2024-04-01"}
    assert story.post("/v1/records/R-FOOD-1/repair", json=grace).status_code == 201
    repair = {"method": "RECTIFICATION", "evidence": "整改报告", "repaired_on": "2024-05-01"}
    assert story.post("/v1/records/R-FOOD-1/repair", json=repair).status_code == 201

    body = history(story)
    assert body["state"] == "repaired"
    changes = body["changes"]
    record = [c for c in changes if c["node_type"] == "record"]
    assert [(c["from"], c["to"]) for c in record] == [
        (None, "in_force"),
        ("in_force", "objected"),
        ("objected", "in_force"),
        ("in_force", "in_force"),
        ("in_force", "repaired"),
    ]
    assert [c["reason"].split(" ")[0] for c in record] == [
        "ingested",
        "objection",
        "objection",
        "grace",
        "repaired",
    ]
    entry = [(c["node"], c["from"], c["to"]) for c in changes if c["node_type"] == "entry"]
    assert entry == [("E-A", None, "in_force"), ("E-A", "in_force", "removed")]
    assert [c["at"] for c in changes] == sorted(c["at"] for c in changes)
    assert all(c["by"] for c in changes)


def test_unknown_ids_are_404_and_bad_input_422_naming_the_field(story: TestClient) -> None:
    filed = {"reason": "x", "filed_on": "2025-09-30"}
    assert story.post("/v1/records/NOPE/objections", json=filed).status_code == 404
    assert story.get("/v1/records/NOPE/history").status_code == 404
    revocation = {
        "kind": "REVOKED",
        "decision_document": "x",
        "decided_on": "2024-03-01",
        "provider_notified_on": "2024-03-01",
    }
    assert story.post("/v1/records/NOPE/revocation", json=revocation).status_code == 404
    assert decide(story, "OBJ-NOPE").status_code == 404
    pause = {"kind": "TESTING", "start": "2024-01-01", "end": "2024-01-02"}
    assert story.post("/v1/objections/OBJ-NOPE/pauses", json=pause).status_code == 404
    assert story.get("/v1/objections/OBJ-NOPE").status_code == 404

    url = "/v1/records/R-FOOD-1/objections"
    for filed_on in ("2025-13-01", "2025-9-30", "2999-01-01", "2003-06-02"):
        response = story.post(url, json={"reason": "x", "filed_on": filed_on})
        assert response.status_code == 422, filed_on
        assert response.json()["errors"][0]["field"] == "filed_on", filed_on
    empty = story.post(url, json={"reason": "", "surprise": 1})
    assert {e["field"] for e in empty.json()["errors"]} == {"reason", "surprise"}
    bad_kind = story.post("/v1/records/R-FOOD-1/revocation", json={**revocation, "kind": "UNDONE"})
    assert bad_kind.status_code == 422 and bad_kind.json()["errors"][0]["field"] == "kind"
    bad_outcome = story.post(
        f"/v1/objections/{objection(story)['id']}/decision",
        json={"outcome": "MAYBE", "reasons": "x"},
    )
    assert bad_outcome.status_code == 422 and bad_outcome.json()["errors"][0]["field"] == "outcome"


def test_concurrent_objections_on_one_record_give_exactly_one(story: TestClient) -> None:
    """The record's lock serialises workflows: one objection, the others see it (409)."""
    body = {"reason": "同时提出", "filed_on": "2025-09-30"}

    def file(_: int) -> int:
        return story.post("/v1/records/R-FOOD-1/objections", json=body).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        codes = sorted(pool.map(file, range(6)))
    assert codes == [201, 409, 409, 409, 409, 409]
    assert len(story.get("/v1/objections").json()["objections"]) == 1
