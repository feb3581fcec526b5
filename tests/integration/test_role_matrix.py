"""The role × endpoint matrix (R-SEC-2): 401 without a token, 403 for a role not allowed,
and for an allowed role an answer past authorisation (2xx for every read).

The matrix below is the one the README documents; a route missing from it fails the test.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph_service.auth import Role, create_token
from graph_service.main import create_app
from graph_service.settings import Settings
from graph_service.store.db import Database
from tests.conftest import ADMIN_TOKEN
from tests.helpers import authority_for, load, person_id
from tests.integration.test_rules_scenarios import IN_OFFICE, REGISTRY, A

ADMIN, AUTHORITY, INVESTIGATOR, SUBJECT, PUBLIC = (
    Role.ADMIN,
    Role.AUTHORITY,
    Role.INVESTIGATOR,
    Role.SUBJECT,
    Role.PUBLIC,
)
REGULATORS = {ADMIN, AUTHORITY, INVESTIGATOR}

# (method, path template) → (roles allowed, concrete path, query, body, a read?)
MATRIX: dict[tuple[str, str], tuple[set[Role], str, dict[str, str], Any, bool]] = {
    ("POST", "/v1/ingest/{kind}"): ({ADMIN}, "/v1/ingest/domains", {}, {"items": []}, False),
    ("POST", "/v1/screen"): (
        REGULATORS,
        "/v1/screen",
        {},
        {"subjects": [A], "matter": "FOOD_PERMIT"},
        True,
    ),
    ("GET", "/v1/graph/neighbourhood"): (
        REGULATORS,
        "/v1/graph/neighbourhood",
        {"id": A},
        None,
        True,
    ),
    ("GET", "/v1/graph/paths"): (
        REGULATORS,
        "/v1/graph/paths",
        {"from": A, "to": person_id(IN_OFFICE)},
        None,
        True,
    ),
    ("GET", "/v1/subjects"): (REGULATORS, "/v1/subjects", {"q": "海河"}, None, True),
    ("GET", "/v1/subjects/{id}/linked"): (REGULATORS, f"/v1/subjects/{A}/linked", {}, None, True),
    ("GET", "/v1/graph/explain"): (REGULATORS, "/v1/graph/explain", {"id": A}, None, True),
    ("GET", "/v1/lists/{list_type}/generated"): (
        {ADMIN, AUTHORITY},
        "/v1/lists/JOINT_SANCTION/generated",
        {},
        None,
        True,
    ),
    ("GET", "/v1/lists/{list_type}/diff"): (
        {ADMIN, AUTHORITY},
        "/v1/lists/JOINT_SANCTION/diff",
        {"from": "2021-01-01", "to": "2024-01-01"},
        None,
        True,
    ),
    ("GET", "/v1/subjects/{subject_id}/controllers"): (
        REGULATORS,
        f"/v1/subjects/{A}/controllers",
        {},
        None,
        True,
    ),
    ("GET", "/v1/subjects/{subject_id}/report"): (
        set(Role),
        f"/v1/subjects/{A}/report",
        {},
        None,
        True,
    ),
    ("GET", "/v1/subjects/{subject_id}"): (
        REGULATORS | {SUBJECT},
        f"/v1/subjects/{A}",
        {},
        None,
        True,
    ),
    ("GET", "/v1/analytics/groups"): (
        REGULATORS,
        "/v1/analytics/groups",
        {"region": "TJ-HP"},
        None,
        True,
    ),
    ("GET", "/v1/analytics/key-persons"): (
        REGULATORS,
        "/v1/analytics/key-persons",
        {"region": "TJ-HP"},
        None,
        True,
    ),
    ("GET", "/v1/analytics/subjects/{subject_id}/risk"): (
        REGULATORS,
        f"/v1/analytics/subjects/{A}/risk",
        {},
        None,
        True,
    ),
    ("GET", "/v1/analytics/cycles"): (
        REGULATORS,
        "/v1/analytics/cycles",
        {"region": "TJ-HP"},
        None,
        True,
    ),
    ("GET", "/v1/analytics/data-quality"): (
        REGULATORS,
        "/v1/analytics/data-quality",
        {"region": "TJ-HP"},
        None,
        True,
    ),
    ("GET", "/v1/export/{fmt}/lists/{list_type}"): (
        {ADMIN, AUTHORITY},
        "/v1/export/bods/lists/JOINT_SANCTION",
        {},
        None,
        True,
    ),
    ("GET", "/v1/export/{fmt}/subjects/{subject_id}/neighbourhood"): (
        REGULATORS,
        f"/v1/export/bods/subjects/{A}/neighbourhood",
        {},
        None,
        True,
    ),
    ("POST", "/v1/records/{record_id}/objections"): (
        {ADMIN, SUBJECT},
        "/v1/records/R-MATRIX/objections",
        {},
        {"reason": "文书编号有误", "needs_provider_verification": False},
        False,
    ),
    ("GET", "/v1/objections"): ({ADMIN}, "/v1/objections", {}, None, True),
    ("GET", "/v1/objections/{objection_id}"): (
        {ADMIN, SUBJECT},
        "/v1/objections/{objection}",
        {},
        None,
        True,
    ),
    ("POST", "/v1/objections/{objection_id}/pauses"): (
        {ADMIN},
        "/v1/objections/{objection}/pauses",
        {},
        {"kind": "APPRAISAL", "start": "2026-11-27", "end": "2026-11-27"},
        False,
    ),
    ("POST", "/v1/objections/{objection_id}/decision"): (
        {ADMIN},
        "/v1/objections/{objection}/decision",
        {},
        {"outcome": "REJECTED", "reasons": "文书无误"},
        False,
    ),
    ("POST", "/v1/records/{record_id}/repair"): (
        {ADMIN},
        "/v1/records/R-MATRIX/repair",
        {},
        {"method": "CREDIT_COMMITMENT", "evidence": "信用承诺书"},
        False,
    ),
    ("POST", "/v1/records/{record_id}/revocation"): (
        {ADMIN},
        "/v1/records/R-MATRIX/revocation",
        {},
        {
            "kind": "REVOKED",
            "decision_document": "津市监撤〔2026〕1号",
            "decided_on": "2026-11-20",
            "provider_notified_on": "2026-11-23",
        },
        False,
    ),
    ("DELETE", "/v1/records/{record_id}"): (
        {ADMIN, SUBJECT},
        "/v1/records/R-MATRIX",
        {},
        None,
        False,
    ),
    ("GET", "/v1/records/{record_id}/history"): (
        {ADMIN},
        "/v1/records/R-MATRIX/history",
        {},
        None,
        True,
    ),
    # Issue 13 items 9-11: notifications, statements, confirmation, interviews.
    ("GET", "/v1/subjects/{subject_id}/notifications"): (
        {ADMIN, SUBJECT},
        f"/v1/subjects/{A}/notifications",
        {},
        None,
        True,
    ),
    ("POST", "/v1/entries/{entry_id}/statements"): (
        {ADMIN, SUBJECT},
        "/v1/entries/E-A/statements",
        {},
        {"text": "陈述申辩"},
        False,
    ),
    ("POST", "/v1/subjects/{subject_id}/interviews"): (
        {ADMIN, AUTHORITY},
        f"/v1/subjects/{A}/interviews",
        {},
        {
            "held_on": "2026-11-30",
            "authority": "TJ-SAMR",
            "reason": "督促履行义务",
            "document": "津市监约〔2026〕1号",
        },
        False,
    ),
    ("POST", "/v1/entries/{entry_id}/confirmation"): (
        {ADMIN},
        "/v1/entries/E-A/confirmation",
        {},
        {"decision": "CONFIRMED", "reasons": "核实"},
        False,
    ),
    ("GET", "/v1/tokens"): ({ADMIN}, "/v1/tokens", {}, None, True),
    ("DELETE", "/v1/tokens/{id}"): ({ADMIN}, "/v1/tokens/000000000000", {}, None, False),
    ("POST", "/v1/feedback"): (
        {AUTHORITY},
        "/v1/feedback",
        {},
        {
            "subject": A,
            "matter": "FOOD_PERMIT",
            "measure": "M-FOOD",
            "entry": "E-A",
            "outcome": "APPLIED",
            "decided_on": "2026-01-05",
        },
        False,
    ),
    ("GET", "/v1/feedback/pending"): ({ADMIN, AUTHORITY}, "/v1/feedback/pending", {}, None, True),
    ("GET", "/v1/statistics"): ({ADMIN}, "/v1/statistics", {"by": "list"}, None, True),
    ("GET", "/v1/commitments/overdue"): (
        {ADMIN, AUTHORITY},
        "/v1/commitments/overdue",
        {},
        None,
        True,
    ),
    ("POST", "/v1/commitments/{commitment_id}/verification"): (
        {ADMIN, AUTHORITY},
        "/v1/commitments/C-MATRIX/verification",
        {},
        {"kept": True, "checked_on": "2026-01-05", "document": "核查记录"},
        False,
    ),
    # Monitoring (issue 15): the authorities that grant, and the credit office.
    ("POST", "/v1/watches"): (
        {ADMIN, AUTHORITY},
        "/v1/watches",
        {},
        {"subject": A, "matter": "FOOD_PERMIT", "reference": "matrix"},
        False,
    ),
    ("GET", "/v1/watches"): ({ADMIN, AUTHORITY}, "/v1/watches", {}, None, True),
    ("DELETE", "/v1/watches/{watch_id}"): (
        {ADMIN, AUTHORITY},
        "/v1/watches/w-none",
        {},
        None,
        False,
    ),
    ("GET", "/v1/events"): ({ADMIN, AUTHORITY}, "/v1/events", {}, None, True),
    ("POST", "/v1/webhooks"): (
        {ADMIN, AUTHORITY},
        "/v1/webhooks",
        {},
        {"url": "http://receiver.example/hook", "secret": "0123456789abcdef"},
        False,
    ),
    ("GET", "/v1/webhooks"): ({ADMIN, AUTHORITY}, "/v1/webhooks", {}, None, True),
    ("DELETE", "/v1/webhooks/{webhook_id}"): (
        {ADMIN, AUTHORITY},
        "/v1/webhooks/wh-none",
        {},
        None,
        False,
    ),
    ("GET", "/v1/webhooks/{webhook_id}/deliveries"): (
        {ADMIN, AUTHORITY},
        "/v1/webhooks/wh-none/deliveries",
        {},
        None,
        False,
    ),
}


@pytest.fixture(scope="module")
def world(settings: Settings, db: Database) -> Any:
    with db.driver.session(database=db.database) as session:
        session.run("MATCH (n) WHERE NOT n:SchemaVersion AND NOT n:ApiToken DETACH DELETE n")
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        client.headers["Authorization"] = f"Bearer {ADMIN_TOKEN}"
        registry = copy.deepcopy(REGISTRY)
        registry["records"].append(
            {
                **registry["records"][0],
                "id": "R-MATRIX",
                "act_start": "2025-01-01",
                "act_end": "2025-06-30",
            }
        )
        registry["commitments"] = [
            {
                "id": "C-MATRIX",
                "subject": A,
                "matter": "FOOD_PERMIT",
                "kind": "PERMIT",
                "made_on": "2025-01-01",
                "content": "承诺",
                "due_on": "2025-06-30",
                "authority": "TJ-SAMR",
            }
        ]
        load(client, registry)
        objection = client.post(
            "/v1/records/R-MATRIX/objections",
            json={"reason": "核对", "needs_provider_verification": True},
        )
        assert objection.status_code == 201, objection.json()
        tokens = {
            role: create_token(
                db,
                role=role,
                subject=A if role is SUBJECT else None,
                label="matrix",
                authority=authority_for(role),
            )
            for role in (AUTHORITY, INVESTIGATOR, SUBJECT, PUBLIC)
        }
        tokens[ADMIN] = ADMIN_TOKEN
        client.headers.pop("Authorization")
        yield client, tokens, objection.json()["id"]


def test_the_matrix_covers_every_route(settings: Settings) -> None:
    paths = create_app(settings).openapi()["paths"]
    routes = {(m.upper(), p) for p, ops in paths.items() for m in ops if p.startswith("/v1")}
    assert routes == set(MATRIX)


@pytest.mark.parametrize(("method", "template"), sorted(MATRIX))
def test_role_matrix(world: Any, method: str, template: str) -> None:
    client, tokens, objection = world
    allowed, path, query, body, read = MATRIX[(method, template)]
    path = path.replace("{objection}", objection)
    anonymous = client.request(method, path, params=query, json=body)
    assert anonymous.status_code == 401, (method, path)
    # Reads go first, writes last, so a write's state change cannot hide a read's answer.
    for role in sorted(Role, key=lambda r: r is ADMIN):
        params = {**query, "purpose": "ADMINISTRATIVE_INSPECTION"} if role is AUTHORITY else query
        response = client.request(
            method,
            path,
            params=params,
            json=body,
            headers={"Authorization": f"Bearer {tokens[role]}"},
        )
        if role not in allowed:
            assert response.status_code == 403, (role, method, path, response.status_code)
        elif read:
            assert 200 <= response.status_code < 300, (role, method, path, response.json())
        else:
            assert response.status_code not in {401, 403}, (role, method, path)
            assert response.status_code < 500, (role, method, path, response.json())
