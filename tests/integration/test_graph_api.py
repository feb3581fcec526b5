"""The explorer's graph API (R-OUT-3) against the real Neo4j, on the legal scenario's group.

The group of tests/integration/test_rules_scenarios.py: A (海河餐饮) is on the joint sanction
list for an act in 2021; H holds 80 % of A and a person holds 70 % of H; A's legal
representative changed on 2020-06-01 and 2022-03-01. We add a branch of A and a star of 30
shareholders for the limit.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph_service.auth import Role, create_token
from graph_service.store.db import Database
from tests.factories import resident_id, uscc
from tests.helpers import authority_for, load, person_id
from tests.integration.test_rules_scenarios import (
    APPOINTED_AFTER,
    DECLARED,
    GOOD,
    IN_OFFICE,
    LEFT_BEFORE,
    OWNER,
    PRINCIPAL,
    REGISTRY,
    A,
    B,
    H,
    org,
    person,
)

pytestmark = pytest.mark.integration

BRANCH, STAR = uscc(104), uscc(105)
STAR_HOLDERS = [resident_id(300 + i) for i in range(30)]

GROUP: dict[str, list[dict[str, Any]]] = {
    **REGISTRY,
    "subjects": [
        *REGISTRY["subjects"],
        org(BRANCH, "天津市海河餐饮管理有限公司和平分公司"),
        org(STAR, "天津市众筹投资合伙企业"),
        *(person(rid, f"股东{i:02d}") for i, rid in enumerate(STAR_HOLDERS)),
    ],
    "branches": [{"branch": BRANCH, "parent": A}],
    "holdings": [
        *REGISTRY["holdings"],
        *(
            {
                "holder": {"resident_id": rid},
                "org": STAR,
                "ratio": 0.03,
                "valid_from": "2019-01-01",
                "valid_to": None,
            }
            for rid in STAR_HOLDERS
        ),
    ],
}


@pytest.fixture
def group(api: TestClient) -> TestClient:
    load(api, GROUP)
    return api


def token_for(db: Database, role: Role) -> dict[str, str]:
    token = create_token(db, role=role, subject=None, label="t", authority=authority_for(role))
    return {"Authorization": f"Bearer {token}"}


def get(api: TestClient, url: str, **params: Any) -> dict[str, Any]:
    response = api.get(url, params=params)
    assert response.status_code == 200, response.json()
    body: dict[str, Any] = response.json()
    return body


def node_ids(body: dict[str, Any]) -> set[str]:
    return {node["id"] for node in body["nodes"]}


def by_id(nodes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {node["id"]: node for node in nodes}


def test_neighbourhood_replays_the_links_valid_on_the_day(group: TestClient) -> None:
    before = get(group, "/v1/graph/neighbourhood", id=A, as_of="2021-01-01")
    assert node_ids(before) == {
        A,
        H,
        BRANCH,
        person_id(IN_OFFICE),
        person_id(PRINCIPAL),
        person_id(DECLARED),
    }
    assert by_id(before["nodes"])[A]["hops"] == 0 and before["nodes"][0]["id"] == A
    after = get(group, "/v1/graph/neighbourhood", id=A, as_of="2024-01-01")
    assert person_id(APPOINTED_AFTER) in node_ids(after)
    assert person_id(IN_OFFICE) not in node_ids(after)
    assert person_id(LEFT_BEFORE) not in node_ids(after)
    representatives = [e for e in after["edges"] if e["type"] == "LEGAL_REPRESENTATIVE_OF"]
    assert [
        (e["source"], e["target"], e["valid_from"], e["valid_to"]) for e in representatives
    ] == [(person_id(APPOINTED_AFTER), A, "2022-03-01", None)]
    (holding,) = [e for e in after["edges"] if e["type"] == "HOLDS_SHARES_IN"]
    assert (holding["source"], holding["target"], holding["ratio"]) == (H, A, 0.8)
    (branch,) = [e for e in after["edges"] if e["type"] == "BRANCH_OF"]
    assert (branch["source"], branch["target"], branch["valid_from"]) == (BRANCH, A, None)
    assert after["truncated"] is False


def test_depth_and_types_bound_the_traversal(group: TestClient) -> None:
    one = get(group, "/v1/graph/neighbourhood", id=A, as_of="2024-01-01", types="HOLDS_SHARES_IN")
    assert node_ids(one) == {A, H}
    two = get(
        group,
        "/v1/graph/neighbourhood",
        id=A,
        as_of="2024-01-01",
        depth=2,
        types=["HOLDS_SHARES_IN", "BRANCH_OF"],
    )
    assert node_ids(two) == {A, H, BRANCH, person_id(OWNER)}
    assert by_id(two["nodes"])[person_id(OWNER)]["hops"] == 2
    assert {e["type"] for e in two["edges"]} == {"HOLDS_SHARES_IN", "BRANCH_OF"}
    assert two["types"] == ["HOLDS_SHARES_IN", "BRANCH_OF"]


def test_badges_show_the_credit_status_on_the_day(group: TestClient) -> None:
    body = get(group, "/v1/graph/neighbourhood", id=A, as_of="2021-12-01", depth=2)
    nodes = by_id(body["nodes"])
    assert nodes[A]["badges"] == {
        "restricted": True,
        "serious_list": False,
        "joint_sanction": True,
        "reward": False,
        "objection": False,
    }
    assert nodes[person_id(IN_OFFICE)]["badges"]["restricted"] is True  # R-PROP-2
    assert nodes[person_id(IN_OFFICE)]["badges"]["reward"] is True
    assert nodes[person_id(OWNER)]["badges"]["restricted"] is True  # R-PROP-3
    assert nodes[H]["badges"]["restricted"] is False  # the holding company is not reached
    assert nodes[BRANCH]["badges"]["restricted"] is False
    before_listing = get(group, "/v1/graph/neighbourhood", id=A, as_of="2021-10-14")
    assert by_id(before_listing["nodes"])[A]["badges"]["restricted"] is False
    expired = get(group, "/v1/graph/neighbourhood", id=A, as_of="2026-09-30")
    assert by_id(expired["nodes"])[A]["badges"]["joint_sanction"] is False  # R-TIME-1


def test_the_limit_cuts_and_says_so(group: TestClient) -> None:
    cut = get(group, "/v1/graph/neighbourhood", id=STAR, limit=10)
    assert len(cut["nodes"]) == 10 and cut["truncated"] is True
    assert cut["nodes"][0]["id"] == STAR
    assert {e["source"] for e in cut["edges"]} <= node_ids(cut)
    assert len(cut["edges"]) == 9
    whole = get(group, "/v1/graph/neighbourhood", id=STAR, limit=2000)
    assert len(whole["nodes"]) == 31 and whole["truncated"] is False


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("/v1/graph/neighbourhood", {"id": A, "depth": 4}, "depth"),
        ("/v1/graph/neighbourhood", {"id": A, "depth": 0}, "depth"),
        ("/v1/graph/neighbourhood", {"id": A, "limit": 2001}, "limit"),
        ("/v1/graph/neighbourhood", {"id": A, "types": "FRIEND_OF"}, "types"),
        ("/v1/graph/neighbourhood", {"id": A, "as_of": "2024-13-01"}, "as_of"),
        ("/v1/graph/paths", {"from": A, "to": H, "max_hops": 7}, "max_hops"),
        ("/v1/graph/paths", {"from": A, "to": H, "k": 11}, "k"),
        ("/v1/graph/paths", {"from": A, "to": A}, "to"),
        ("/v1/subjects/" + A + "/linked", {"depth": 5}, "depth"),
    ],
)
def test_out_of_bound_requests_are_refused_naming_the_field(
    group: TestClient, url: str, params: dict[str, Any], field: str
) -> None:
    response = group.get(url, params=params)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert field in problem["detail"]
    assert [e["field"] for e in problem["errors"]] == [field]


def test_unknown_subjects_are_404(group: TestClient) -> None:
    assert group.get("/v1/graph/neighbourhood", params={"id": "nobody"}).status_code == 404
    assert group.get("/v1/graph/explain", params={"id": "nobody"}).status_code == 404
    missing = group.get("/v1/graph/paths", params={"from": A, "to": "nobody"})
    assert missing.status_code == 404 and "'to'" in missing.json()["detail"]


def test_k_shortest_paths_between_two_subjects(group: TestClient) -> None:
    body = get(
        group,
        "/v1/graph/paths",
        **{"from": person_id(IN_OFFICE), "to": person_id(OWNER), "as_of": "2021-01-01"},
    )
    (path,) = body["paths"]
    assert path["nodes"] == [person_id(IN_OFFICE), A, H, person_id(OWNER)]
    assert [(e["type"], e["source"], e["target"]) for e in path["edges"]] == [
        ("LEGAL_REPRESENTATIVE_OF", person_id(IN_OFFICE), A),
        ("HOLDS_SHARES_IN", H, A),
        ("HOLDS_SHARES_IN", person_id(OWNER), H),
    ]
    assert set(by_id(body["nodes"])) == set(path["nodes"])
    assert (
        get(
            group,
            "/v1/graph/paths",
            **{
                "from": person_id(IN_OFFICE),
                "to": person_id(OWNER),
                "as_of": "2021-01-01",
                "max_hops": 2,
            },
        )["paths"]
        == []
    )
    # the representative left before 2024: no path through a link no longer valid
    assert (
        get(
            group,
            "/v1/graph/paths",
            **{"from": person_id(IN_OFFICE), "to": person_id(OWNER), "as_of": "2024-01-01"},
        )["paths"]
        == []
    )


def test_paths_between_co_holders_come_shortest_first(group: TestClient) -> None:
    first, second = (person_id(rid) for rid in STAR_HOLDERS[:2])
    body = get(group, "/v1/graph/paths", **{"from": first, "to": second, "k": 10})
    assert [p["nodes"] for p in body["paths"]] == [[first, STAR, second]]
    assert (
        get(
            group,
            "/v1/graph/paths",
            **{"from": first, "to": second, "types": "LEGAL_REPRESENTATIVE_OF"},
        )["paths"]
        == []
    )


def test_search_by_id_prefix_and_partial_chinese_name(group: TestClient) -> None:
    assert get(group, "/v1/subjects", q="海河")["results"][0]["id"] == A
    assert get(group, "/v1/subjects", q="海河")["results"][1]["id"] == BRANCH
    exact = get(group, "/v1/subjects", q=A)["results"][0]
    assert (exact["id"], exact["score"]) == (A, 1000.0)
    assert {hit["id"] for hit in get(group, "/v1/subjects", q=A[:12])["results"]} >= {A, H, B}
    (wang,) = get(group, "/v1/subjects", q="王")["results"]  # one character: a prefix query
    assert (wang["id"], wang["name"], wang["kind"]) == (
        person_id(LEFT_BEFORE),
        "王建国",
        "NATURAL_PERSON",
    )
    escaped = get(group, "/v1/subjects", q='孙诚" OR *:*')["results"]  # Lucene syntax is text
    assert [hit["id"] for hit in escaped] == [person_id(GOOD)]
    assert get(group, "/v1/subjects", q="孙诚")["results"][0]["id"] == person_id(GOOD)


def test_linked_subjects_with_their_credit_status(group: TestClient) -> None:
    body = get(group, f"/v1/subjects/{A}/linked", depth=2, as_of="2024-01-01")
    results = by_id(body["results"])
    assert A not in results
    assert results[H]["hops"] == 1 and results[H]["measures"] == []
    assert results[person_id(OWNER)]["hops"] == 2
    assert results[person_id(OWNER)]["measures"] == ["M-FOOD"]
    assert results[person_id(PRINCIPAL)]["badges"]["restricted"] is True
    assert [r["hops"] for r in body["results"]] == sorted(r["hops"] for r in body["results"])
    star = get(group, f"/v1/subjects/{STAR}/linked", limit=5)
    assert len(star["results"]) == 5 and star["truncated"] is True


def test_explain_gives_the_propagation_path_to_the_record(group: TestClient) -> None:
    body = get(group, "/v1/graph/explain", id=person_id(OWNER), as_of="2024-01-01")
    assert body["subject"]["badges"]["restricted"] is True
    (restriction,) = body["restrictions"]
    assert restriction["measure"] == "M-FOOD"
    assert restriction["legal_basis"] == "《天津市社会信用条例》第二十九条"
    assert restriction["path"] == [
        person_id(OWNER),
        "HOLDS_SHARES_IN",
        H,
        "HOLDS_SHARES_IN",
        A,
        "LISTS",
        "E-A",
        "BASED_ON",
        "R-FOOD-1",
    ]
    nodes = by_id(body["nodes"])
    assert nodes["E-A"]["kind"] == "LIST_ENTRY" and nodes["E-A"]["list"] == "JS"
    assert nodes["R-FOOD-1"]["kind"] == "RECORD"
    assert nodes["R-FOOD-1"]["document"] == "津市监罚〔2021〕15号"
    assert nodes[A]["badges"]["joint_sanction"] is True
    assert {(e["type"], e["source"], e["target"]) for e in body["edges"]} == {
        ("HOLDS_SHARES_IN", person_id(OWNER), H),
        ("HOLDS_SHARES_IN", H, A),
        ("LISTS", "E-A", A),
        ("BASED_ON", "E-A", "R-FOOD-1"),
    }
    clear = get(group, "/v1/graph/explain", id=B, as_of="2024-01-01")
    assert clear["restrictions"] == [] and clear["subject"]["badges"]["reward"] is True


def test_names_of_natural_persons_are_masked_for_authorities(
    group: TestClient, db: Database
) -> None:
    params = {"id": A, "as_of": "2024-01-01", "purpose": "ADMINISTRATIVE_INSPECTION"}
    refused = group.get(
        "/v1/graph/neighbourhood", params={"id": A}, headers=token_for(db, Role.AUTHORITY)
    )
    assert refused.status_code == 403, "an authority states its purpose (R-SEC-1)"
    authority = group.get(
        "/v1/graph/neighbourhood", params=params, headers=token_for(db, Role.AUTHORITY)
    )
    assert authority.status_code == 200
    nodes = by_id(authority.json()["nodes"])
    assert nodes[person_id(APPOINTED_AFTER)]["name"] == "张*"
    assert nodes[A]["name"] == "天津市海河餐饮管理有限公司"
    hits = group.get(
        "/v1/subjects",
        params={"q": "王建国", "purpose": "AUDIT"},
        headers=token_for(db, Role.AUTHORITY),
    )
    assert [hit["name"] for hit in hits.json()["results"]] == ["王*"]
    explained = group.get(
        "/v1/graph/explain",
        params={"id": person_id(OWNER), "purpose": "AUDIT"},
        headers=token_for(db, Role.AUTHORITY),
    )
    assert explained.json()["subject"]["name"] == "陈*"
    investigator = group.get(
        "/v1/graph/neighbourhood", params=params, headers=token_for(db, Role.INVESTIGATOR)
    )
    assert by_id(investigator.json()["nodes"])[person_id(APPOINTED_AFTER)]["name"] == "张伟"


@pytest.mark.parametrize("role", [Role.PUBLIC])
def test_other_roles_may_not_explore(group: TestClient, db: Database, role: Role) -> None:
    for url, params in (
        ("/v1/graph/neighbourhood", {"id": A}),
        ("/v1/graph/paths", {"from": A, "to": H}),
        ("/v1/subjects", {"q": "海河"}),
        (f"/v1/subjects/{A}/linked", {}),
        ("/v1/graph/explain", {"id": A}),
    ):
        assert group.get(url, params=params, headers=token_for(db, role)).status_code == 403
        assert group.get(url, params=params, headers={"Authorization": ""}).status_code == 401


def test_the_explorer_page_needs_no_inline_script_or_external_asset(
    app_client: TestClient,
) -> None:
    page = app_client.get("/explorer", headers={"Authorization": ""})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    html = page.text
    assert "<script>" not in html and " on" + "click=" not in html and "style=" not in html
    assert "http://" not in html and "https://" not in html
    for asset in (
        "explorer.js",
        "explorer.css",
        "cytoscape.min.js",
        "layout-base.js",
        "cose-base.js",
        "cytoscape-fcose.js",
    ):
        assert f"/explorer/assets/{asset}" in html
        assert app_client.get(f"/explorer/assets/{asset}").status_code == 200
    assert app_client.get("/explorer/assets/..%2Fgraph.py").status_code == 404
    assert app_client.get("/explorer/assets/main.py").status_code == 404
