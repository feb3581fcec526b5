"""Credit commitments (Art. 33, R-INFO-7; issue 15 item 5): ingested all or nothing, verified
by the credit office or the authority holding them, part of the credit report, shown beside
a screening decision for linked matters when not kept, and listed when overdue."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph_service.auth import Role, create_token
from graph_service.store import audit
from graph_service.store.db import Database
from tests.conftest import ADMIN_TOKEN
from tests.helpers import load
from tests.integration.test_rules_scenarios import REGISTRY, A, B

COMMITMENTS: list[dict[str, Any]] = [
    {
        "id": "C-A-PERMIT",
        "subject": A,
        "matter": "FOOD_PERMIT",
        "kind": "PERMIT",
        "made_on": "2025-01-01",
        "content": "承诺六个月内取得健康证明",
        "due_on": "2025-06-30",
        "authority": "TJ-SAMR",
    },
    {
        "id": "C-B-CATERING",
        "subject": B,
        "matter": "CATERING_LICENCE",
        "kind": "PERMIT",
        "made_on": "2025-01-01",
        "content": "承诺按期完成后厨改造",
        "due_on": "2025-03-31",
        "authority": "TJ-SAMR",
    },
    {
        "id": "C-B-PUBLIC",
        "subject": B,
        "matter": "GOV_PROCUREMENT",
        "kind": "PUBLIC",
        "made_on": "2025-02-01",
        "content": "公开承诺诚信履约",
        "due_on": None,
    },
    {
        "id": "C-B-BID",
        "subject": B,
        "matter": "CONSTRUCTION_BID",
        "kind": "PERMIT",
        "made_on": "2025-05-01",
        "content": "承诺补交资质材料",
        "due_on": "2026-01-01",
        "authority": "TJ-SAMR",
    },
]


@pytest.fixture
def world(api: TestClient, clean_db: Database) -> dict[str, Any]:
    registry = copy.deepcopy(REGISTRY)
    registry["matters"].append(
        {"code": "CATERING_LICENCE", "name": "餐饮服务许可", "domain": "FOOD.CATERING"}
    )
    registry["authorities"].append({"code": "TJ-HRSS", "name": "天津市人社局", "region": "TJ"})
    registry["commitments"] = COMMITMENTS
    load(api, registry)
    tokens = {
        "samr": create_token(
            clean_db, role=Role.AUTHORITY, subject=None, label="t", authority="TJ-SAMR"
        ),
        "hrss": create_token(
            clean_db, role=Role.AUTHORITY, subject=None, label="t", authority="TJ-HRSS"
        ),
        "public": create_token(clean_db, role=Role.PUBLIC, subject=None, label="t"),
        "admin": ADMIN_TOKEN,
    }
    return {"api": api, **tokens}


def _as(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _verify(world: dict[str, Any], token: str, commitment: str, **body: Any) -> Any:
    payload = {"kept": False, "checked_on": "2025-07-01", "document": "津市监核〔2025〕7号", **body}
    return world["api"].post(
        f"/v1/commitments/{commitment}/verification", json=payload, headers=_as(token)
    )


def _screen(world: dict[str, Any], subject: str, matter: str, as_of: str) -> dict[str, Any]:
    response = world["api"].post(
        "/v1/screen",
        params={"purpose": "ADMINISTRATIVE_PERMIT"},
        json={"subjects": [subject], "matter": matter, "as_of": as_of},
        headers=_as(world["samr"]),
    )
    assert response.status_code == 200, response.json()
    result: dict[str, Any] = response.json()["results"][0]
    return result


def test_art33_commitments_ingest_is_all_or_nothing_and_idempotent(world: dict[str, Any]) -> None:
    api = world["api"]
    again = api.post("/v1/ingest/commitments", json={"items": COMMITMENTS})
    assert again.json()["unchanged"] == len(COMMITMENTS)
    bad = [
        {**COMMITMENTS[0], "id": "C-NEW"},
        {**COMMITMENTS[0], "id": "C-BAD", "matter": "NO_SUCH", "due_on": "2024-01-01"},
        {**COMMITMENTS[0], "id": "C-KIND", "kind": "PRIVATE"},
    ]
    refused = api.post("/v1/ingest/commitments", json={"items": bad})
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    errors = {(e["row"], e["field"]) for e in refused.json()["errors"]}
    assert {(1, "due_on"), (2, "kind")} <= errors
    report = api.get(f"/v1/subjects/{A}/report").json()
    assert [c["id"] for c in report["commitments"]] == ["C-A-PERMIT"]  # C-NEW not written


def test_art33_verification_by_the_office_or_the_holding_authority(
    world: dict[str, Any], db: Database
) -> None:
    assert _verify(world, world["hrss"], "C-A-PERMIT").status_code == 403
    assert _verify(world, world["public"], "C-A-PERMIT").status_code == 403
    assert _verify(world, world["admin"], "C-NONE").status_code == 404
    future = (date.today() + timedelta(days=1)).isoformat()
    too_late = _verify(world, world["samr"], "C-A-PERMIT", checked_on=future)
    assert too_late.status_code == 422 and too_late.json()["errors"][0]["field"] == "checked_on"
    too_early = _verify(world, world["samr"], "C-A-PERMIT", checked_on="2024-12-31")
    assert too_early.status_code == 422
    not_bool = _verify(world, world["samr"], "C-A-PERMIT", kept="no")
    assert not_bool.status_code == 422
    done = _verify(world, world["samr"], "C-A-PERMIT", kept=True)
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "KEPT" and done.json()["document"] == "津市监核〔2025〕7号"
    # The public commitment is held by the office: only the office verifies it.
    assert _verify(world, world["samr"], "C-B-PUBLIC").status_code == 403
    assert _verify(world, world["admin"], "C-B-PUBLIC").status_code == 200
    # Ingesting the commitment again keeps its verification.
    world["api"].post(
        "/v1/ingest/commitments", json={"items": [{**COMMITMENTS[0], "content": "改"}]}
    )
    report = world["api"].get(f"/v1/subjects/{A}/report").json()
    (commitment,) = report["commitments"]
    assert commitment["kept"] is True and commitment["content"] == "改"
    assert [c["to"] for c in commitment["changes"]][-2:] == ["KEPT", "PERMIT"]
    # R-TIME-5: a commitment's history is chained like every state change.
    assert [report.broken for report in audit.verify(db)] == [None, None]


def test_art33_a_broken_commitment_is_a_note_beside_an_unchanged_decision(
    world: dict[str, Any],
) -> None:
    before = _screen(world, B, "FOOD_PERMIT", "2025-08-01")
    assert _verify(world, world["samr"], "C-B-CATERING").status_code == 200
    # FOOD_PERMIT's domain FOOD is the parent of the commitment's FOOD.CATERING: linked.
    after = _screen(world, B, "FOOD_PERMIT", "2025-08-01")
    assert after["decision"] == before["decision"] == "allowed"
    assert after["restrictions"] == before["restrictions"] == []
    assert [(n["kind"], n["commitment"], n["matter"]) for n in after["notes"]] == [
        ("BROKEN_COMMITMENT", "C-B-CATERING", "CATERING_LICENCE")
    ]
    assert after["notes"][0]["checked_on"] == "2025-07-01"
    # Not linked: construction is another domain; and not before the check was made.
    assert _screen(world, B, "CONSTRUCTION_BID", "2025-08-01")["notes"] == []
    assert _screen(world, B, "FOOD_PERMIT", "2025-06-30")["notes"] == []
    # A rewarded subject stays rewarded: the note is information, not a sanction.
    _verify(world, world["admin"], "C-B-PUBLIC")
    rewarded = _screen(world, B, "GOV_PROCUREMENT", "2025-08-01")
    assert rewarded["decision"] == "rewarded"
    assert [n["commitment"] for n in rewarded["notes"]] == ["C-B-PUBLIC"]


def test_art33_r_out_4_commitments_in_the_report_and_the_public_sees_public_ones(
    world: dict[str, Any],
) -> None:
    _verify(world, world["samr"], "C-B-CATERING")
    api = world["api"]
    full = api.get(f"/v1/subjects/{B}/report", params={"as_of": "2025-08-01"}).json()
    assert {c["id"]: c["status"] for c in full["commitments"]} == {
        "C-B-CATERING": "BROKEN",
        "C-B-PUBLIC": "PENDING",
        "C-B-BID": "PENDING",
    }
    public = api.get(f"/v1/subjects/{B}/report", headers=_as(world["public"])).json()
    assert [(c["id"], c["kind"]) for c in public["commitments"]] == [("C-B-PUBLIC", "PUBLIC")]


def test_art33_overdue_commitments_are_listed_for_the_authority_holding_them(
    world: dict[str, Any],
) -> None:
    api = world["api"]

    def overdue(token: str, as_of: str = "2026-06-01") -> list[str]:
        response = api.get(
            "/v1/commitments/overdue",
            params={"as_of": as_of, "purpose": "ADMINISTRATIVE_INSPECTION"},
            headers=_as(token),
        )
        assert response.status_code == 200, response.json()
        return [c["id"] for c in response.json()["commitments"]]

    assert overdue(world["samr"]) == ["C-B-CATERING", "C-A-PERMIT", "C-B-BID"]
    assert overdue(world["samr"], "2025-12-31") == ["C-B-CATERING", "C-A-PERMIT"]
    assert overdue(world["hrss"]) == []
    assert overdue(world["admin"]) == ["C-B-CATERING", "C-A-PERMIT", "C-B-BID"]
    _verify(world, world["samr"], "C-B-BID", checked_on="2026-01-05")
    assert overdue(world["samr"]) == ["C-B-CATERING", "C-A-PERMIT"]
    no_purpose = api.get("/v1/commitments/overdue", headers=_as(world["samr"]))
    assert no_purpose.status_code == 403
