"""Purpose-bound reads, disclosure by catalogue item, the query log and the credit report
(R-SEC-1..4, R-INFO-2, R-OUT-4)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph_service.auth import Role, create_token
from graph_service.store.db import Database
from tests.helpers import authority_for, load, person_id
from tests.integration.test_rules_scenarios import IN_OFFICE, REGISTRY, A, B


def registry_with_hidden_records() -> dict[str, list[dict[str, Any]]]:
    """The scenario plus a SHARED and a RESTRICTED record about B."""
    registry = copy.deepcopy(REGISTRY)
    registry["catalogue"] += [
        {"code": "TAX_ARREARS", "name": "欠税信息", "disclosure": "SHARED"},
        {"code": "SOCIAL_INSURANCE", "name": "社保欠费", "disclosure": "RESTRICTED"},
    ]
    for record_id, item in (("R-TAX", "TAX_ARREARS"), ("R-SI", "SOCIAL_INSURANCE")):
        registry["records"].append(
            {
                "id": record_id,
                "subject": B,
                "type": "DISHONESTY",
                "category": 5,
                "document": f"津税〔2023〕{record_id}",
                "provider": "TJ-SAMR",
                "domain": "FOOD",
                "catalogue_item": item,
                "act_start": "2023-01-01",
                "act_end": "2023-02-01",
            }
        )
    registry["entries"].append(
        {
            "id": "E-B-SI",
            "list": "JS",
            "subject": B,
            "record": "R-SI",
            "listed_at": "2023-03-01",
            "basis": "第三十条",
            "removal_conditions": "修复",
            "remedy": "异议",
        }
    )
    return registry


@pytest.fixture
def world(api: TestClient) -> TestClient:
    load(api, registry_with_hidden_records())
    return api


def bearer(db: Database, role: Role, subject: str | None = None) -> dict[str, str]:
    token = create_token(db, role=role, subject=subject, label="t", authority=authority_for(role))
    return {"Authorization": f"Bearer {token}"}


def test_r_sec_1_an_authority_states_its_purpose(world: TestClient, db: Database) -> None:
    headers = bearer(db, Role.AUTHORITY)
    body = {"subjects": [A], "matter": "FOOD_PERMIT", "as_of": "2024-01-01"}
    refused = world.post("/v1/screen", json=body, headers=headers)
    assert refused.status_code == 403
    assert "ADMINISTRATIVE_PERMIT" in refused.json()["allowed_purposes"]
    allowed = world.post(
        "/v1/screen", params={"purpose": "ADMINISTRATIVE_PERMIT"}, json=body, headers=headers
    )
    assert allowed.status_code == 200
    assert allowed.json()["results"][0]["decision"] == "restricted"
    bad = world.post("/v1/screen", params={"purpose": "CURIOSITY"}, json=body, headers=headers)
    assert bad.status_code == 422


def test_r_sec_3_every_read_is_logged_and_shown_in_the_report(
    world: TestClient, db: Database
) -> None:
    world.post(
        "/v1/screen",
        params={"purpose": "BIDDING"},
        headers=bearer(db, Role.AUTHORITY),
        json={"subjects": [A], "matter": "FOOD_PERMIT", "as_of": "2024-01-01"},
    )
    report = world.get(f"/v1/subjects/{A}/report", params={"as_of": "2024-01-01"}).json()
    logged = [(q["role"], q["purpose"], q["endpoint"]) for q in report["query_log"]]
    assert ("authority", "BIDDING", "POST /v1/screen") in logged
    again = world.get(f"/v1/subjects/{A}/report", params={"as_of": "2024-01-01"}).json()
    assert again["query_log"][0]["endpoint"] == "GET /v1/subjects/{id}/report"


def logged_endpoints(db: Database, subject: str) -> list[str]:
    page = db.report_query_log(subject_id=subject, before=None, limit=100)
    assert page is not None
    return [row["endpoint"] for row in page.entries]


def test_r_sec_3_the_log_is_durable_when_the_answer_leaves(world: TestClient, db: Database) -> None:
    """The query-log entry is written alongside the read, and the answer waits for it."""
    for _ in range(5):
        answer = world.post(
            "/v1/screen", json={"subjects": [A], "matter": "FOOD_PERMIT", "as_of": "2024-01-01"}
        )
        assert answer.status_code == 200
    assert logged_endpoints(db, A).count("POST /v1/screen") == 5
    assert world.get(f"/v1/subjects/{A}/controllers").status_code == 200
    assert "GET /v1/subjects/{id}/controllers" in logged_endpoints(db, A)


def test_r_sec_3_logging_writes_nothing_on_the_subject(world: TestClient, db: Database) -> None:
    """An entry carries the subject's id and is not linked to the subject node, so a log write
    never invalidates a concurrent read of the subject's links (Transaction.Outdated)."""
    assert world.get(f"/v1/subjects/{A}/controllers").status_code == 200
    with db.driver.session(database=db.database) as session:
        linked = session.run(
            "MATCH (:Subject {id: $id})--(q:QueryLog) RETURN count(q) AS n", id=A
        ).single()
    assert linked is not None and linked["n"] == 0
    assert logged_endpoints(db, A) == ["GET /v1/subjects/{id}/controllers"]


def test_r_sec_3_entries_written_before_v005_keep_their_subject(
    world: TestClient, db: Database
) -> None:
    with db.driver.session(database=db.database) as session:
        session.run(
            "MATCH (s:Subject {id: $id}) CREATE (s)<-[:ABOUT]-(:QueryLog "
            "{at: datetime(), actor: 'admin:old', role: 'admin', endpoint: 'GET /old', "
            "categories: ['status']})",
            id=A,
        ).consume()
    db.run_alone("V005_02_query_log_subject_ids")
    assert logged_endpoints(db, A) == ["GET /old"]


def test_r_sec_5_a_refused_screening_is_logged_as_attempted(
    world: TestClient, db: Database
) -> None:
    """docs/DECISIONS.md: a screening names its subjects before it runs; when it is refused
    (here: one unknown subject), the known subjects' entries still show the attempt."""
    answer = world.post(
        "/v1/screen",
        json={"subjects": [A, "91120000NOSUCHORG0"], "matter": "FOOD_PERMIT"},
    )
    assert answer.status_code == 422
    assert logged_endpoints(db, A) == ["POST /v1/screen"]


def test_r_sec_2_a_subject_reads_only_itself(world: TestClient, db: Database) -> None:
    headers = bearer(db, Role.SUBJECT, subject=B)
    assert world.get(f"/v1/subjects/{B}/report", headers=headers).status_code == 200
    refused = world.get(f"/v1/subjects/{A}/report", headers=headers)
    assert refused.status_code == 403
    assert refused.json()["type"] == "urn:credit-graph:problem:forbidden"
    assert (
        world.post(
            "/v1/screen", headers=headers, json={"subjects": [B], "matter": "FOOD_PERMIT"}
        ).status_code
        == 403
    )


def test_r_info_2_the_public_never_sees_shared_or_restricted_records(
    world: TestClient, db: Database
) -> None:
    public = world.get(
        f"/v1/subjects/{B}/report", params={"as_of": "2024-01-01"}, headers=bearer(db, Role.PUBLIC)
    ).json()
    assert {r["disclosure"] for r in public["records"]} <= {"PUBLIC"}
    # Art. 24, 29: the measure applies whoever asks; the RESTRICTED record's content is withheld.
    (hidden,) = public["restrictions"]
    assert hidden["entry"] == "E-B-SI" and hidden["document"] is None
    assert hidden["act_start"] is None and "RESTRICTED" in hidden["record_withheld"]
    admin = world.get(f"/v1/subjects/{B}/report", params={"as_of": "2024-01-01"}).json()
    assert {r["id"] for r in admin["records"]} == {"R-TAX", "R-SI"}
    own = world.get(
        f"/v1/subjects/{B}/report",
        params={"as_of": "2024-01-01"},
        headers=bearer(db, Role.SUBJECT, subject=B),
    ).json()
    assert {r["id"] for r in own["records"]} == {"R-TAX", "R-SI"}
    authority = world.get(
        f"/v1/subjects/{B}/report",
        params={"as_of": "2024-01-01", "purpose": "AUDIT"},
        headers=bearer(db, Role.AUTHORITY),
    ).json()
    assert {r["id"] for r in authority["records"]} == {"R-TAX"}
    person = world.get(
        f"/v1/subjects/{person_id(IN_OFFICE)}/report", headers=bearer(db, Role.PUBLIC)
    )
    assert person.status_code == 403


def test_art_24_29_the_decision_does_not_depend_on_who_asks_only_what_is_shown(
    world: TestClient, db: Database
) -> None:
    body = {"subjects": [B], "matter": "FOOD_PERMIT", "as_of": "2023-06-01"}
    office = world.post("/v1/screen", json=body).json()["results"][0]
    assert office["decision"] == "restricted"
    for role in (Role.AUTHORITY, Role.INVESTIGATOR):
        other = world.post(
            "/v1/screen",
            params={"purpose": "ADMINISTRATIVE_PERMIT"} if role is Role.AUTHORITY else {},
            json=body,
            headers=bearer(db, role),
        ).json()["results"][0]
        assert other["decision"] == office["decision"]
        keys = ("measure", "list", "entry", "role", "via")
        assert [{k: r[k] for k in keys} for r in other["restrictions"]] == [
            {k: r[k] for k in keys} for r in office["restrictions"]
        ]
        (shown,) = [r for r in office["restrictions"] if r["entry"] == "E-B-SI"]
        (hidden,) = [r for r in other["restrictions"] if r["entry"] == "E-B-SI"]
        assert shown["document"] and shown["record_withheld"] is None
        assert hidden["document"] is None and hidden["act_start"] is None
        assert "RESTRICTED" in hidden["record_withheld"]
        for kept in ("legal_basis", "authority", "until", "remedy"):
            assert hidden[kept] == shown[kept] is not None


def test_r_sec_4_a_person_gets_two_free_reports_a_year(world: TestClient, db: Database) -> None:
    me = person_id(IN_OFFICE)
    headers = bearer(db, Role.SUBJECT, subject=me)
    counts = [
        world.get(
            f"/v1/subjects/{me}/report", params={"as_of": "2024-05-01"}, headers=headers
        ).json()["free_reports"]
        for _ in range(3)
    ]
    assert [c["issued"] for c in counts] == [1, 2, 3]
    assert [c["free_remaining"] for c in counts] == [1, 0, 0]
    report = world.get(
        f"/v1/subjects/{me}/report", params={"as_of": "2024-05-01"}, headers=headers
    ).json()
    assert report["masked_id"].startswith("1201") and "*" in report["masked_id"]
    assert {r["role"] for r in report["restrictions"]} == {"LEGAL_REPRESENTATIVE"}
    assert all(len(str(v)) != 18 or not str(v)[:6].isdigit() for v in report.values())
