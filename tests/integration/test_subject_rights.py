"""The subject's rights in the workflows of issue 13: objections never refused for a missing
holiday table (Art. 40-41), the statement before a serious-list entry (Art. 28 para. 3, 24),
warning interviews (Art. 44, 26 item 4), and the organisation's act in the responsible
person's own record (Art. 32, 40).

The story of tests/integration/test_rules_scenarios.py, plus a recent act of A (R-RECENT,
in force until 2029) for the workflows that run in December 2026.
"""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph_service.auth import Role
from graph_service.main import create_app
from graph_service.rules import clock
from graph_service.settings import Settings
from graph_service.store.db import Database
from tests.helpers import load, person_id
from tests.integration.test_rules_scenarios import (
    APPOINTED_AFTER,
    DECLARED,
    LEFT_BEFORE,
    OWNER,
    PRINCIPAL,
    REGISTRY,
    A,
)
from tests.integration.test_workflows import bearer

RECENT: dict[str, Any] = {
    **REGISTRY["records"][0],
    "id": "R-RECENT",
    "document": "津市监罚〔2024〕8号",
    "act_start": "2024-01-01",
    "act_end": "2024-06-30",
}
STORY: dict[str, list[dict[str, Any]]] = {
    **REGISTRY,
    "records": [*REGISTRY["records"], RECENT],
}


@pytest.fixture
def story(api: TestClient) -> TestClient:
    load(api, STORY)
    return api


@pytest.fixture
def december_20(monkeypatch: pytest.MonkeyPatch) -> None:
    """The workflows refuse dates after today: set the clock to Sunday 20 December 2026."""
    monkeypatch.setattr(clock, "today", lambda: date(2026, 12, 20))


def notice_2027(tmp_path: Path) -> Path:
    """A State Council notice for 2027 as the operator would load it (made up for the test:
    4 January off, so the settled deadline differs from the provisional one)."""
    path = tmp_path / "calendar-2027.json"
    notice = {
        "year": 2027,
        "source": "test notice",
        "holidays": ["2027-01-01", "2027-01-02", "2027-01-03", "2027-01-04"],
        "workdays": [],
    }
    path.write_text(json.dumps([notice]), encoding="utf-8")
    return path


# --- Art. 40-41: an objection is never refused for a missing holiday table -------------------


def objection_across_the_new_year(api: TestClient) -> dict[str, Any]:
    body = {"reason": "地址有误", "filed_on": "2026-12-20", "needs_provider_verification": True}
    response = api.post("/v1/records/R-RECENT/objections", json=body)
    assert response.status_code == 201, response.json()
    result: dict[str, Any] = response.json()
    return result


def test_art_41_an_objection_across_the_new_year_is_accepted_with_a_provisional_deadline(
    story: TestClient, db: Database, december_20: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Filed on 2026-12-20 with ten working days: the count runs into 2027, which
    chinese-calendar 1.11.0 does not know; the filing is accepted and the deadline counted on
    the statutory holidays (1 January off), marked provisional in the answer and the report."""
    filed = objection_across_the_new_year(story)
    assert (filed["deadline"], filed["provisional"]) == ("2027-01-04", True)
    subject = bearer(db, Role.SUBJECT, A)
    report = story.get(f"/v1/subjects/{A}/report", headers=subject).json()
    (recent,) = [r for r in report["records"] if r["id"] == "R-RECENT"]
    assert [(o["deadline"], o["provisional"]) for o in recent["objections"]] == [
        ("2027-01-04", True)
    ]
    # A pause is counted the same way.
    monkeypatch.setattr(clock, "today", lambda: date(2026, 12, 22))
    pause = {"kind": "TESTING", "start": "2026-12-21", "end": "2026-12-21"}
    paused = story.post(f"/v1/objections/{filed['id']}/pauses", json=pause).json()
    assert (paused["deadline"], paused["provisional"]) == ("2027-01-05", True)


def test_art_41_a_provisional_deadline_is_settled_when_the_notice_is_loaded(
    story: TestClient, settings: Settings, december_20: None, tmp_path: Path
) -> None:
    """GRAPH_SERVICE_WORKDAY_CALENDAR set: at start-up the service recounts the deadline on the
    notice (here 4 January off too) and drops the mark."""
    filed = objection_across_the_new_year(story)
    loaded = settings.model_copy(update={"workday_calendar": notice_2027(tmp_path)})
    with TestClient(create_app(loaded)) as restarted:
        wait_ready(restarted)
        settled = restarted.get(
            f"/v1/objections/{filed['id']}", headers=admin_header(settings)
        ).json()
    assert (settled["deadline"], settled["provisional"]) == ("2027-01-05", False)
    unchanged = story.get(f"/v1/objections/{filed['id']}").json()
    assert unchanged["provisional"] is False


def admin_header(settings: Settings) -> dict[str, str]:
    assert settings.admin_token is not None
    return {"Authorization": f"Bearer {settings.admin_token.get_secret_value()}"}


def wait_ready(client: TestClient) -> None:
    deadline = time.monotonic() + 30
    while client.get("/readyz").status_code != 200:
        assert time.monotonic() < deadline, "the restarted service never became ready"
        time.sleep(0.1)


# --- Art. 28 para. 3, Art. 24 para. 1: statement and defence before a serious-list entry -----

SERIOUS_LIST = {
    "id": "SL",
    "type": "SERIOUS",
    "issuer": "TJ-SAMR",
    "region": "TJ",
    "criteria": "严重失信主体名单",
    "published_at": "2020-01-01",
}
SERIOUS_MEASURE = {
    "code": "M-SERIOUS",
    "kind": "SANCTION",
    "description": "限制进入食品行业",
    "legal_basis": "《天津市社会信用条例》第二十九条",
    "means": "不予许可",
    "authority": "TJ-SAMR",
    "lists": ["SL"],
    "matters": ["FOOD_PERMIT"],
    "roles": ["SELF"],
    "published_at": "2020-01-01",
}


def proposed_entry(**fields: Any) -> dict[str, Any]:
    return {
        "id": "E-PROP",
        "list": "SL",
        "subject": A,
        "record": "R-RECENT",
        "listed_at": "2026-11-20",
        "basis": "《天津市社会信用条例》第二十八条",
        "removal_conditions": "信用修复",
        "remedy": "可依法申请行政复议或者提起行政诉讼",
        "state": "proposed",
        **fields,
    }


def propose(api: TestClient, monkeypatch: pytest.MonkeyPatch, on: date, **fields: Any) -> None:
    monkeypatch.setattr(clock, "today", lambda: on)
    for kind, items in (("lists", [SERIOUS_LIST]), ("measures", [SERIOUS_MEASURE])):
        response = api.post(f"/v1/ingest/{kind}", json={"items": items})
        assert response.status_code == 200, response.json()
    response = api.post("/v1/ingest/entries", json={"items": [proposed_entry(**fields)]})
    assert response.status_code == 200, response.json()


def food_decision(api: TestClient, as_of: str) -> str:
    body = {"subjects": [A], "matter": "FOOD_PERMIT", "as_of": as_of}
    decision: str = api.post("/v1/screen", json=body).json()["results"][0]["decision"]
    return decision


def serious_list(api: TestClient, as_of: str) -> set[str]:
    response = api.get("/v1/lists/SERIOUS/generated", params={"as_of": as_of})
    assert response.status_code == 200, response.json()
    return {s["subject"] for s in response.json()["subjects"]}


def test_art_28_para_3_a_proposed_entry_takes_effect_only_once_confirmed(
    story: TestClient, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Notified on Tuesday 2026-12-01: ten working days to state and defend, to 12-15. The
    office confirms once the subject was heard; the entry restricts from the confirmation
    day, not from its listing day (2026-11-20), and is in the generated list from then."""
    propose(story, monkeypatch, date(2026, 12, 1))
    assert food_decision(story, "2026-12-02") == "allowed"
    assert A not in serious_list(story, "2026-12-02")

    subject = bearer(db, Role.SUBJECT, A)
    told = story.get(f"/v1/subjects/{A}/notifications", headers=subject)
    assert told.status_code == 200, told.json()
    (notice,) = [n for n in told.json()["notifications"] if n["entry"] == "E-PROP"]
    assert notice["kind"] == "PROPOSED_LISTING" and notice["notified_on"] == "2026-12-01"
    assert notice["basis"] == "《天津市社会信用条例》第二十八条"
    assert "津市监罚〔2024〕8号" in notice["reason"] and "行政复议" in notice["remedy"]
    assert notice["statement_period"] == {
        "working_days": 10,
        "deadline": "2026-12-15",
        "provisional": False,
    }
    # The public does not see a proposal; the subject's report shows it and the notice.
    public = bearer(db, Role.PUBLIC)
    public_entries = story.get(f"/v1/subjects/{A}/report", headers=public).json()["entries"]
    assert "E-PROP" not in {e["entry"] for e in public_entries}
    own = story.get(f"/v1/subjects/{A}/report", headers=subject).json()
    assert {e["entry"]: e["state"] for e in own["entries"]}["E-PROP"] == "proposed"
    assert "E-PROP" in {n["entry"] for n in own["notifications"]}

    monkeypatch.setattr(clock, "today", lambda: date(2026, 12, 3))
    confirm = {"decision": "CONFIRMED", "reasons": "陈述申辩理由不成立", "decided_on": "2026-12-03"}
    early = story.post("/v1/entries/E-PROP/confirmation", json=confirm)
    assert early.status_code == 409 and "2026-12-15" in early.json()["detail"]
    other = bearer(db, Role.SUBJECT, REGISTRY["subjects"][2]["uscc"])
    statement = {"text": "违法行为已经整改", "filed_on": "2026-12-02"}
    assert story.post("/v1/entries/E-PROP/statements", json=statement, headers=other).status_code
    filed = story.post("/v1/entries/E-PROP/statements", json=statement, headers=subject)
    assert filed.status_code == 201 and filed.json()["on_time"] is True, filed.json()

    decided = story.post("/v1/entries/E-PROP/confirmation", json=confirm)
    assert decided.status_code == 200, decided.json()
    assert decided.json()["effective_from"] == "2026-12-03"
    assert food_decision(story, "2026-12-02") == "allowed"
    assert food_decision(story, "2026-12-03") == "restricted"
    assert A in serious_list(story, "2026-12-03")
    again = story.post("/v1/entries/E-PROP/confirmation", json=confirm)
    assert again.status_code == 409
    history = story.get("/v1/subjects/" + A + "/report").json()["entries"]
    (entry,) = [e for e in history if e["entry"] == "E-PROP"]
    assert [c["to"] for c in entry["changes"]] == ["proposed", "in_force"]


def test_art_28_para_3_a_withdrawn_entry_never_takes_effect_and_the_period_may_be_provisional(
    story: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Notified on 2026-12-20: the statement period runs into 2027 and is provisional, never
    refused. Withdrawn, the entry restricts on no day."""
    propose(story, monkeypatch, date(2026, 12, 20))
    notices = story.get(f"/v1/subjects/{A}/notifications").json()["notifications"]
    (notice,) = [n for n in notices if n["entry"] == "E-PROP"]
    assert notice["statement_period"]["provisional"] is True
    assert notice["statement_period"]["deadline"] == "2027-01-04"
    withdraw = {"decision": "WITHDRAWN", "reasons": "陈述申辩理由成立", "decided_on": "2026-12-20"}
    decided = story.post("/v1/entries/E-PROP/confirmation", json=withdraw)
    assert decided.status_code == 200 and decided.json()["effective_from"] is None
    assert food_decision(story, "2026-12-20") == "allowed"
    assert A not in serious_list(story, "2026-12-20")
    late = {"text": "x", "filed_on": "2026-12-20"}
    assert story.post("/v1/entries/E-PROP/statements", json=late).status_code == 409


def test_art_24_para_1_a_sanction_entry_notifies_its_subject_and_only_those_are_proposed(
    story: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry confirmed at ingest notifies too (LISTING, no statement period); a reward-list
    entry cannot be proposed (422 naming `state`); a re-ingest does not change the state."""
    notices = story.get(f"/v1/subjects/{A}/notifications").json()["notifications"]
    assert [(n["kind"], n["entry"], n["statement_period"]) for n in notices] == [
        ("LISTING", "E-A", None)
    ]
    reward = {**REGISTRY["entries"][1], "state": "proposed"}
    refused = story.post("/v1/ingest/entries", json={"items": [reward]})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "state"
    bad = story.post("/v1/ingest/entries", json={"items": [{**reward, "state": "maybe"}]})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "state"
    propose(story, monkeypatch, date(2026, 12, 1))
    again = story.post("/v1/ingest/entries", json={"items": [proposed_entry(state="confirmed")]})
    assert again.status_code == 200
    assert food_decision(story, "2026-12-02") == "allowed"


# --- Art. 32, 40: the organisation's act in the responsible person's own record ---------------

JS2 = {**REGISTRY["lists"][0], "id": "JS2", "criteria": "失信联合惩戒对象名单（无措施）"}
E_RECENT = {
    **REGISTRY["entries"][0],
    "id": "E-RECENT",
    "list": "JS2",
    "record": "R-RECENT",
    "listed_at": "2024-08-01",
}


def list_a_on_a_joint_sanction_list_without_measures(api: TestClient) -> None:
    for kind, items in (("lists", [JS2]), ("entries", [E_RECENT])):
        response = api.post(f"/v1/ingest/{kind}", json={"items": items})
        assert response.status_code == 200, response.json()


def derived(api: TestClient, person: str, headers: dict[str, str] | None = None) -> set[Any]:
    response = api.get(f"/v1/subjects/{person}/report", headers=headers)
    assert response.status_code == 200, response.json()
    return {
        (d["organisation"], d["role"], d["entry"], d["record"])
        for d in response.json()["derived_entries"]
    }


def test_art_32_the_organisations_act_enters_the_responsible_persons_own_record(
    story: TestClient,
) -> None:
    """A is on a joint sanction list (JS2, no measure targets it) for its 2024 act: the legal
    representative, principal, declared and ultimate controllers during the act see it in their
    own report; the one who left before the act does not; no measure reaches any of them."""
    list_a_on_a_joint_sanction_list_without_measures(story)
    during = {
        APPOINTED_AFTER: "LEGAL_REPRESENTATIVE",
        PRINCIPAL: "PRINCIPAL",
        DECLARED: "ACTUAL_CONTROLLER",
        OWNER: "ACTUAL_CONTROLLER",
    }
    for resident, role in during.items():
        assert (A, role, "E-RECENT", "R-RECENT") in derived(story, person_id(resident)), role
        body = {"subjects": [person_id(resident)], "matter": "CONSTRUCTION_BID"}
        result = story.post("/v1/screen", json=body).json()["results"][0]
        assert result["restrictions"] == [], role
    assert derived(story, person_id(LEFT_BEFORE)) == set()
    report = story.get(f"/v1/subjects/{person_id(OWNER)}/report").json()
    (entry,) = [d for d in report["derived_entries"] if d["entry"] == "E-RECENT"]
    assert entry["organisation_name"] == "天津市海河餐饮管理有限公司"
    assert entry["document"] == "津市监罚〔2024〕8号" and entry["path"][-1] == "R-RECENT"


def test_art_32_a_serious_list_alone_enters_nothing_in_the_persons_record(
    story: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Art. 32 names the joint sanction list: A's confirmed serious-list entry on the same act
    puts nothing in its legal representative's own record."""
    propose(story, monkeypatch, date(2026, 12, 1), state="confirmed")
    assert derived(story, person_id(APPOINTED_AFTER)) == set()


def test_art_40_a_responsible_person_may_object_to_the_organisations_record(
    story: TestClient, db: Database
) -> None:
    """The person whose record Art. 32 enters the act in files an objection on it (201) and
    reads it; a person outside the act is still refused (403)."""
    list_a_on_a_joint_sanction_list_without_measures(story)
    person = bearer(db, Role.SUBJECT, person_id(APPOINTED_AFTER))
    body = {"reason": "本人任职期间未参与该行为", "filed_on": "2026-11-30"}
    outsider = bearer(db, Role.SUBJECT, person_id(LEFT_BEFORE))
    refused = story.post("/v1/records/R-RECENT/objections", json=body, headers=outsider)
    assert refused.status_code == 403
    filed = story.post("/v1/records/R-RECENT/objections", json=body, headers=person)
    assert filed.status_code == 201, filed.json()
    assert filed.json()["filed_by"] == person_id(APPOINTED_AFTER)
    read = story.get(f"/v1/objections/{filed.json()['id']}", headers=person)
    assert read.status_code == 200 and read.json()["record"] == "R-RECENT"
    assert story.get(f"/v1/objections/{filed.json()['id']}", headers=outsider).status_code == 403
    marked = story.get(f"/v1/subjects/{person_id(APPOINTED_AFTER)}/report", headers=person)
    assert [d["objection"] for d in marked.json()["derived_entries"]] == [True]


# --- Art. 44, 26 item 4: warning interviews enter the credit record ----------------------------


def interview(**fields: Any) -> dict[str, Any]:
    return {
        "kind": "WARNING",
        "held_on": "2026-11-30",
        "authority": "TJ-SAMR",
        "reason": "督促履行行政处罚决定，消除不良影响",
        "document": "津市监约〔2026〕12号",
        "record": "R-RECENT",
        **fields,
    }


def test_art_44_an_authority_records_a_warning_interview_in_the_subjects_record(
    story: TestClient, db: Database
) -> None:
    authority = bearer(db, Role.AUTHORITY)
    url = f"/v1/subjects/{A}/interviews"
    held = story.post(url, json=interview(), headers=authority)
    assert held.status_code == 201, held.json()
    assert held.json()["authority_name"] == "天津市市场监督管理委员会"
    for role, seen in (
        (Role.SUBJECT, True),
        (Role.AUTHORITY, True),
        (Role.INVESTIGATOR, True),
        (Role.PUBLIC, False),
    ):
        headers = bearer(db, role, A if role is Role.SUBJECT else None)
        params = {"purpose": "ADMINISTRATIVE_INSPECTION"} if role is Role.AUTHORITY else {}
        report = story.get(f"/v1/subjects/{A}/report", headers=headers, params=params).json()
        found = [(i["kind"], i["document"], i["record"]) for i in report["interviews"]]
        expected = [("WARNING", "津市监约〔2026〕12号", "R-RECENT")] if seen else []
        assert found == expected, role


def test_art_21_44_an_authority_token_records_only_its_own_authoritys_interviews(
    story: TestClient, db: Database
) -> None:
    """Art. 21: an authority token acts for its authority; an interview in another
    authority's name is refused (issue 13 items 11 and 12)."""
    authority = bearer(db, Role.AUTHORITY)
    url = f"/v1/subjects/{A}/interviews"
    other = story.post(url, json=interview(authority="TJ-HRSS"), headers=authority)
    assert other.status_code == 403, other.json()
    assert story.post(url, json=interview(), headers=authority).status_code == 201


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"authority": "NOPE"}, "authority"),
        ({"record": "R-NOPE"}, "record"),
        ({"record": "R-FOOD-1"}, "held_on"),  # its query period ended on 2026-09-30 (Art. 42)
        ({"held_on": "2999-01-01"}, "held_on"),
        ({"kind": "CHAT"}, "kind"),
        ({"document": ""}, "document"),
    ],
)
def test_art_44_a_bad_interview_is_refused_naming_the_field(
    story: TestClient, fields: dict[str, Any], field: str
) -> None:
    refused = story.post(f"/v1/subjects/{A}/interviews", json=interview(**fields))
    assert refused.status_code == 422, refused.json()
    assert refused.json()["errors"][0]["field"] == field
    assert story.post("/v1/subjects/NOPE/interviews", json=interview()).status_code == 404
