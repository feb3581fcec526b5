"""Generated lists, CSV, diffs (R-OUT-1) and the controllers endpoint (R-SUBJ-3)."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_service.store.db import Database
from tests.factories import resident_id, uscc
from tests.helpers import load, person_id
from tests.integration.test_rules_scenarios import (
    APPOINTED_AFTER,
    DECLARED,
    IN_OFFICE,
    OWNER,
    PRINCIPAL,
    REGISTRY,
    A,
    B,
    H,
)
from tests.reference import engine as reference


def generated(api: TestClient, list_type: str, **params: str) -> dict[str, Any]:
    response = api.get(f"/v1/lists/{list_type}/generated", params=params)
    assert response.status_code == 200, response.json()
    body: dict[str, Any] = response.json()
    return body


def test_r_out_1_the_joint_sanction_list_holds_the_org_and_the_persons_it_reaches(
    api: TestClient,
) -> None:
    load(api, REGISTRY)
    body = generated(api, "JOINT_SANCTION", as_of="2024-01-01", matter="FOOD_PERMIT")
    reached = {(s["subject"], r["role"]) for s in body["subjects"] for r in s["restrictions"]}
    assert (A, "SELF") in reached
    assert (person_id(IN_OFFICE), "LEGAL_REPRESENTATIVE") in reached
    assert (person_id(PRINCIPAL), "PRINCIPAL") in reached
    assert (person_id(OWNER), "ACTUAL_CONTROLLER") in reached
    assert person_id(APPOINTED_AFTER) not in {s["subject"] for s in body["subjects"]}
    assert body["count"] == len(body["subjects"])
    assert [s["subject"] for s in body["subjects"]] == sorted(
        s["subject"] for s in body["subjects"]
    )


def test_r_out_1_csv_has_a_bom_a_header_and_a_stable_order(api: TestClient) -> None:
    load(api, REGISTRY)
    params = {"as_of": "2024-01-01", "format": "csv"}
    first = api.get("/v1/lists/JOINT_SANCTION/generated", params=params)
    second = api.get("/v1/lists/JOINT_SANCTION/generated", params=params)
    assert first.headers["content-type"].startswith("text/csv")
    assert first.content == second.content
    text = first.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0].keys() >= {"subject", "role", "via", "measure", "document", "until"}
    assert {r["document"] for r in rows} == {"津市监罚〔2021〕15号"}


def test_r_out_1_the_reward_list_leaves_out_withheld_rewards(api: TestClient) -> None:
    load(api, REGISTRY)
    body = generated(api, "JOINT_REWARD", as_of="2024-01-01")
    assert [s["subject"] for s in body["subjects"]] == [B]


def test_r_out_1_diff_names_expiry_and_new_entries(api: TestClient) -> None:
    load(api, REGISTRY)
    response = api.get(
        "/v1/lists/JOINT_SANCTION/diff", params={"from": "2024-01-01", "to": "2026-10-01"}
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["from"] == "2024-01-01"
    removed = {c["subject"]: c["reasons"] for c in body["removed"]}
    assert A in removed
    assert any("expired" in reason for reason in removed[A])
    response = api.get(
        "/v1/lists/JOINT_SANCTION/diff", params={"from": "2021-10-01", "to": "2021-10-20"}
    )
    added = {c["subject"]: c["reasons"] for c in response.json()["added"]}
    assert added[A] == ["new entry E-A"]


def test_r_time_4_a_repair_appears_in_the_diff(api: TestClient, db: Database) -> None:
    load(api, REGISTRY)
    with db.driver.session(database=db.database) as session:
        session.run("MATCH (r:Record {id: 'R-FOOD-1'}) SET r.repaired_on = date('2024-05-01')")
    body = api.get(
        "/v1/lists/JOINT_SANCTION/diff", params={"from": "2024-01-01", "to": "2024-06-01"}
    ).json()
    removed = {c["subject"]: c["reasons"] for c in body["removed"]}
    assert removed[A] == ["record behind E-A repaired"]


def test_unknown_matter_and_bad_dates_are_refused_naming_the_field(api: TestClient) -> None:
    response = api.get("/v1/lists/JOINT_SANCTION/generated", params={"matter": "NOPE"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "matter"
    response = api.get("/v1/lists/JOINT_SANCTION/diff", params={"from": "2024-13-01", "to": "x"})
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"from", "to"}
    assert api.get("/v1/lists/NOT_A_LIST/generated").status_code == 422


def test_r_subj_3_controllers_of_a_pyramid(api: TestClient) -> None:
    load(api, REGISTRY)
    body = api.get(f"/v1/subjects/{A}/controllers", params={"as_of": "2024-01-01"}).json()
    ultimate = {c["subject"]: c for c in body["ultimate_controllers"]}
    assert set(ultimate) == {person_id(OWNER), person_id(DECLARED)}
    assert ultimate[person_id(OWNER)]["path"] == [person_id(OWNER), H, A]
    assert body["beneficial_owners"] == [{"subject": person_id(OWNER), "effective_share": 0.56}]
    assert body["truncated"] is False
    assert set(body["controllers"]) >= {H, person_id(OWNER)}


def test_r_subj_3_cycles_terminate_and_are_reported(api: TestClient) -> None:
    x, y = uscc(801), uscc(802)
    load(
        api,
        {
            "subjects": [
                {"kind": "LEGAL_PERSON", "name": n, "uscc": o, "region": "TJ"}
                for n, o in (("甲", x), ("乙", y))
            ],
            "holdings": [
                {"holder": x, "org": y, "ratio": 0.6, "valid_from": "2020-01-01", "valid_to": None},
                {"holder": y, "org": x, "ratio": 0.6, "valid_from": "2020-01-01", "valid_to": None},
            ],
        },
    )
    body = api.get(f"/v1/subjects/{x}/controllers", params={"as_of": "2024-01-01"}).json()
    assert body["ultimate_controllers"] == []
    assert body["cycles"] == [sorted([x, y])]
    assert body["control_cycles"]
    assert api.get(f"/v1/subjects/{uscc(803)}/controllers").status_code == 404


ORGS = [uscc(900 + i) for i in range(5)]
PEOPLE_RIDS = [resident_id(900 + i) for i in range(3)]
HOLDERS = ORGS + [person_id(r) for r in PEOPLE_RIDS]


@st.composite
def cyclic_holdings(draw: st.DrawFn) -> list[dict[str, Any]]:
    room = dict.fromkeys(ORGS, 1.0)
    pairs = draw(
        st.lists(
            st.sampled_from([(h, o) for h in HOLDERS for o in ORGS if h != o]),
            max_size=10,
            unique=True,
        )
    )
    holdings = []
    for holder, org in pairs:
        ratio = draw(st.sampled_from([0.2, 0.3, 0.4, 0.5, 0.6]))
        if ratio <= room[org] + 1e-9:
            room[org] -= ratio
            holdings.append(
                {
                    "holder": holder,
                    "org": org,
                    "ratio": ratio,
                    "valid_from": "2020-01-01",
                    "valid_to": None,
                }
            )
    return holdings


def effective_shares(holdings: list[dict[str, Any]], org: str) -> dict[str, float]:
    """Brute force over simple paths (R-SUBJ-3), independent of the service's networkx code."""
    into: dict[str, list[tuple[str, float]]] = {}
    for h in holdings:
        into.setdefault(h["org"], []).append((h["holder"], h["ratio"]))
    shares: dict[str, float] = {}

    def walk(node: str, product: float, seen: frozenset[str]) -> None:
        for holder, ratio in into.get(node, []):
            if holder not in seen:
                shares[holder] = shares.get(holder, 0.0) + product * ratio
                walk(holder, product * ratio, seen | {holder})

    walk(org, 1.0, frozenset({org}))
    return shares


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(holdings=cyclic_holdings())
def test_r_subj_3_controllers_match_the_reference_on_random_cyclic_holdings(
    api: TestClient, db: Database, holdings: list[dict[str, Any]]
) -> None:
    with db.driver.session(database=db.database) as session:
        session.run("MATCH (n) WHERE NOT n:SchemaVersion AND NOT n:ApiToken DETACH DELETE n")
    subjects = [{"kind": "LEGAL_PERSON", "name": o, "uscc": o, "region": "TJ"} for o in ORGS]
    subjects += [
        {"kind": "NATURAL_PERSON", "name": "人", "resident_id": r, "region": "TJ"}
        for r in PEOPLE_RIDS
    ]
    load(api, {"subjects": subjects, "holdings": holdings})
    registry = {"holdings": holdings, "subjects": [{"id": s} for s in HOLDERS]}
    for org in ORGS:
        body = api.get(f"/v1/subjects/{org}/controllers", params={"as_of": "2024-01-01"}).json()
        got = {c["subject"] for c in body["ultimate_controllers"]}
        assert got == reference.ultimate_controllers(registry, org, date(2024, 1, 1)), org
        expected_owners = {
            s: round(v, 6)
            for s, v in effective_shares(holdings, org).items()
            if s.startswith("P") and v >= 0.25 - 1e-9
        }
        assert {o["subject"]: o["effective_share"] for o in body["beneficial_owners"]} == (
            expected_owners
        ), org
        edges = {(h["holder"], h["org"]) for h in holdings}
        for cycle in body["cycles"]:
            ring = list(zip(cycle, [*cycle[1:], cycle[0]], strict=True))
            assert all((a, b) in edges or (b, a) in edges for a, b in ring), cycle
