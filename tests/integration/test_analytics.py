"""`/v1/analytics/...` against independent computations on random registries (issue 8).

Each seed builds a random region (organisations in TJ-HP and TJ-HD, persons, legal
representatives, principals, declared controllers, cyclic holdings, expired links, listed
organisations), loads it through the API, and compares every analytic where it overlaps the
rules with a computation written here without networkx's algorithms: affiliated groups by
union-find, splitting persons by removing each person and counting parts, risk association
by breadth-first search and by enumerating simple paths, ownership cycles by depth-first
enumeration, organisations without a legal representative by scanning the links. Which
subjects are restricted comes from the reference engine (tests/reference, DESIGN §5).
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph_service.analytics.risk import DEFAULT_WEIGHTS
from graph_service.auth import Role, create_token
from graph_service.store.db import Database
from tests.factories import resident_id, uscc
from tests.helpers import AUTHORITY_CODE, load, person_id
from tests.reference import engine as reference

AS_OF = date(2024, 1, 1)
DAY = AS_OF.isoformat()
HP, HD = "TJ-HP", "TJ-HD"
GROUP_TYPES = {"LEGAL_REPRESENTATIVE_OF", "ACTUAL_CONTROLLER_OF", "HOLDS_SHARES_IN"}
ROLE_TYPE = {
    "LEGAL_REPRESENTATIVE": "LEGAL_REPRESENTATIVE_OF",
    "PRINCIPAL": "PRINCIPAL_OF",
    "ACTUAL_CONTROLLER": "ACTUAL_CONTROLLER_OF",
}
TEXT = {"basis": "第三十条", "removal_conditions": "信用修复", "remedy": "行政复议"}


def random_registry(seed: int) -> dict[str, Any]:
    """A random region; subject refs are ids, subjects carry their id under `id`."""
    rng = random.Random(seed)
    hp = [uscc(700 + i) for i in range(rng.randint(7, 11))]
    hd = [uscc(760 + i) for i in range(3)]
    orgs = hp + hd
    people = [person_id(resident_id(700 + i)) for i in range(rng.randint(5, 8))]
    region = {o: HP for o in hp} | {o: HD for o in hd}
    subjects = [
        {
            "kind": rng.choice(["LEGAL_PERSON", "LEGAL_PERSON", "UNINCORPORATED_ORG"]),
            "name": f"公司{i}",
            "uscc": o,
            "region": region[o],
            "id": o,
        }
        for i, o in enumerate(orgs)
    ] + [
        {
            "kind": "NATURAL_PERSON",
            "name": f"人{i}",
            "resident_id": resident_id(700 + i),
            "region": HP,
            "id": p,
        }
        for i, p in enumerate(people)
    ]
    roles: list[dict[str, Any]] = []
    keys: set[tuple[str, str, str]] = set()

    def role(kind: str, holder: str, org: str, valid_to: str | None) -> None:
        if (kind, holder, org) not in keys and holder != org:
            keys.add((kind, holder, org))
            roles.append(
                {
                    "role": kind,
                    "holder": holder,
                    "org": org,
                    "valid_from": "2015-01-01",
                    "valid_to": valid_to,
                }
            )

    for org in orgs:
        if rng.random() < 0.8:
            role("LEGAL_REPRESENTATIVE", rng.choice(people), org, None)
        if rng.random() < 0.2:
            role("LEGAL_REPRESENTATIVE", rng.choice(people), org, "2019-01-01")  # expired
        if rng.random() < 0.3:
            role("PRINCIPAL", rng.choice(people), org, None)
        if rng.random() < 0.3:
            role("ACTUAL_CONTROLLER", rng.choice(people + orgs), org, None)
    holdings: list[dict[str, Any]] = []
    room = dict.fromkeys(orgs, 1.0)
    pairs: set[tuple[str, str]] = set()
    # A forced cycle through the region, then random holdings (some expired).
    cycle = rng.sample(hp, 3)
    candidates: list[tuple[str, str, float, str | None]] = [
        (cycle[i], cycle[(i + 1) % 3], 0.3, None) for i in range(3)
    ]
    for _ in range(rng.randint(6, 14)):
        org = rng.choice(orgs)
        holder = rng.choice(people + orgs)
        expired = "2020-01-01" if rng.random() < 0.2 else None
        candidates.append((holder, org, rng.choice([0.2, 0.3, 0.4, 0.6]), expired))
    for holder, org, ratio, valid_to in candidates:
        if holder != org and (holder, org) not in pairs and ratio <= room[org] + 1e-9:
            pairs.add((holder, org))
            room[org] -= ratio
            holdings.append(
                {
                    "holder": holder,
                    "org": org,
                    "ratio": ratio,
                    "valid_from": "2015-01-01",
                    "valid_to": valid_to,
                }
            )
    listed = [*rng.sample(orgs, 3), rng.choice(people)]
    records = [
        {
            "id": f"R{i}",
            "subject": s,
            "type": "DISHONESTY",
            "category": 2,
            "document": f"津罚〔2021〕{i}号",
            "provider": "A1",
            "domain": "D0",
            "catalogue_item": "C1",
            "act_start": "2021-01-01",
            "act_end": "2021-06-30",
            "legal_basis": "条例第十二条" if s in people else None,
        }
        for i, s in enumerate(listed)
    ]
    entries = [
        {
            "id": f"E{i}",
            "list": "L-JOINT",
            "subject": s,
            "record": f"R{i}",
            "listed_at": "2021-07-01",
            **TEXT,
        }
        for i, s in enumerate(listed)
    ]
    return {
        "domains": [{"code": "D0", "name": "D0", "parent": None}],
        "matters": [{"code": "M0", "name": "M0", "domain": "D0"}],
        "authorities": [{"code": "A1", "name": "局", "region": "TJ"}],
        "catalogue": [{"code": "C1", "name": "目录", "disclosure": "PUBLIC"}],
        "subjects": subjects,
        "roles": roles,
        "holdings": holdings,
        "records": records,
        "lists": [
            {
                "id": "L-JOINT",
                "type": "JOINT_SANCTION",
                "issuer": "A1",
                "region": "TJ",
                "criteria": "c",
                "published_at": "2010-01-01",
            }
        ],
        "entries": entries,
        "measures": [
            {
                "code": "X0",
                "kind": "SANCTION",
                "description": "d",
                "legal_basis": "第二十九条",
                "means": "m",
                "authority": "A1",
                "lists": ["L-JOINT"],
                "all_matters": True,
                "matters": [],
                "roles": ["SELF", "LEGAL_REPRESENTATIVE", "PRINCIPAL", "ACTUAL_CONTROLLER"],
                "published_at": "2020-01-01",
            }
        ],
    }


def ingest(api: TestClient, registry: dict[str, Any]) -> None:
    payload = {
        kind: [{k: v for k, v in item.items() if kind != "subjects" or k != "id"} for item in items]
        for kind, items in registry.items()
    }
    load(api, payload)


# --- the independent side ------------------------------------------------------------------


def active(item: dict[str, Any]) -> bool:
    return item["valid_from"] <= DAY and (item["valid_to"] is None or item["valid_to"] > DAY)


def links(registry: dict[str, Any]) -> list[tuple[str, str, str, float | None]]:
    """(holder, org, type, ratio) of every link valid on AS_OF."""
    found: list[tuple[str, str, str, float | None]] = [
        (r["holder"], r["org"], ROLE_TYPE[r["role"]], None) for r in registry["roles"] if active(r)
    ]
    found += [
        (h["holder"], h["org"], "HOLDS_SHARES_IN", h["ratio"])
        for h in registry["holdings"]
        if active(h)
    ]
    return found


def kinds(registry: dict[str, Any]) -> dict[str, str]:
    return {s["id"]: s["kind"] for s in registry["subjects"]}


def regions(registry: dict[str, Any]) -> dict[str, str]:
    return {s["id"]: s["region"] for s in registry["subjects"]}


def restricted_set(registry: dict[str, Any]) -> set[str]:
    """DESIGN §5 by the reference engine: the measure applies to all matters."""
    return {
        s["id"]
        for s in registry["subjects"]
        if reference.screen(registry, s["id"], "M0", AS_OF).decision == "restricted"
    }


def region_projection(
    registry: dict[str, Any], region: str, types: set[str]
) -> tuple[set[str], list[tuple[str, str, str, float | None]]]:
    """Nodes and links of a region projection: its organisations and the links into them."""
    orgs = {
        s
        for s, r in regions(registry).items()
        if r == region and kinds(registry)[s] != "NATURAL_PERSON"
    }
    chosen = [link for link in links(registry) if link[1] in orgs and link[2] in types]
    nodes = orgs | {link[0] for link in chosen}
    return nodes, chosen


def union_find_components(nodes: set[str], edges: list[tuple[str, str]]) -> list[set[str]]:
    parent = {n: n for n in nodes}

    def find(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in edges:
        parent[find(a)] = find(b)
    groups: dict[str, set[str]] = defaultdict(set)
    for n in nodes:
        groups[find(n)].add(n)
    return list(groups.values())


def org_parts(nodes: set[str], edges: list[tuple[str, str]], orgs: set[str]) -> list[list[str]]:
    return sorted(sorted(c & orgs) for c in union_find_components(nodes, edges) if c & orgs)


def simple_cycles(edges: set[tuple[str, str]], max_length: int) -> set[tuple[str, ...]]:
    """Every simple directed cycle of at most max_length edges, from its smallest node."""
    out: dict[str, list[str]] = defaultdict(list)
    for a, b in edges:
        out[a].append(b)
    found: set[tuple[str, ...]] = set()

    def walk(start: str, node: str, path: list[str]) -> None:
        for nxt in out[node]:
            if nxt == start:
                found.add(tuple(path))
            elif nxt > start and nxt not in path and len(path) < max_length:
                walk(start, nxt, [*path, nxt])

    for start in sorted(out):
        walk(start, start, [start])
    return found


def strongest(adjacency: dict[str, dict[str, float]], source: str, depth: int) -> dict[str, float]:
    """Largest product of weights over simple paths of at most depth edges, by enumeration."""
    best: dict[str, float] = {}

    def walk(node: str, weight: float, seen: set[str], left: int) -> None:
        if left == 0:
            return
        for nxt, w in adjacency[node].items():
            if nxt not in seen:
                best[nxt] = max(best.get(nxt, 0.0), weight * w)
                walk(nxt, weight * w, seen | {nxt}, left - 1)

    walk(source, 1.0, {source}, depth)
    return best


# --- the tests -----------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_analytics_match_independent_computations(api: TestClient, seed: int) -> None:
    registry = random_registry(seed)
    ingest(api, registry)
    kind = kinds(registry)
    restricted = restricted_set(registry)

    # Affiliated groups = connected components of the region projection (union-find).
    nodes, chosen = region_projection(registry, HP, GROUP_TYPES)
    expected = {
        frozenset(c & {n for n in nodes if kind[n] != "NATURAL_PERSON"})
        for c in union_find_components(nodes, [(a, b) for a, b, _, _ in chosen])
    }
    expected.discard(frozenset())
    answer = api.get(
        "/v1/analytics/groups",
        params={"region": HP, "as_of": DAY, "min_organisations": 2, "limit": 5000},
    )
    assert answer.status_code == 200, answer.json()
    got = {frozenset(o["id"] for o in g["organisations"]) for g in answer.json()["groups"]}
    assert got == {g for g in expected if len(g) >= 2}
    for group in answer.json()["groups"]:
        for member in (*group["organisations"], *group["persons"]):
            assert member["restricted"] == (member["id"] in restricted)

    # The same on a neighbourhood: subjects within 3 hops, the links among them.
    around = sorted(o for o in kind if kind[o] != "NATURAL_PERSON")[0]
    edges_all = [(a, b) for a, b, t, _ in links(registry) if t in GROUP_TYPES]
    reach = {around}
    for _ in range(3):
        reach |= {b for a, b in edges_all if a in reach} | {a for a, b in edges_all if b in reach}
    inside = [(a, b) for a, b in edges_all if a in reach and b in reach]
    component = next(c for c in union_find_components(reach, inside) if around in c)
    answer = api.get(
        "/v1/analytics/groups",
        params={"subject": around, "depth": 3, "as_of": DAY},
    )
    assert answer.status_code == 200, answer.json()
    mine = [
        {o["id"] for o in g["organisations"]}
        for g in answer.json()["groups"]
        if around in {o["id"] for o in g["organisations"]}
    ]
    component_orgs = {n for n in component if kind[n] != "NATURAL_PERSON"}
    assert mine == ([component_orgs] if len(component_orgs) >= 2 else [])

    # Splitting persons: remove each person, count the parts that keep an organisation.
    types = GROUP_TYPES | {"PRINCIPAL_OF"}
    nodes, chosen = region_projection(registry, HP, types)
    edges = [(a, b) for a, b, _, _ in chosen]
    orgs = {n for n in nodes if kind[n] != "NATURAL_PERSON"}
    splits: dict[str, list[list[str]]] = {}
    for person in sorted(n for n in nodes if kind[n] == "NATURAL_PERSON"):
        component = next(c for c in union_find_components(nodes, edges) if person in c)
        rest = component - {person}
        parts = org_parts(rest, [(a, b) for a, b in edges if a in rest and b in rest], orgs)
        if len(parts) >= 2:
            splits[person] = parts
    answer = api.get(
        "/v1/analytics/key-persons",
        params={"region": HP, "as_of": DAY, "min_restricted": 1, "limit": 5000},
    )
    assert answer.status_code == 200, answer.json()
    persons = {p["person"]["id"]: p for p in answer.json()["persons"]}
    assert {p for p, v in persons.items() if v["split"]} == set(splits)
    for person, parts in splits.items():
        assert persons[person]["split"]["parts"] == parts
    # Represents: legal representative or principal on AS_OF of a restricted organisation.
    represents: dict[str, set[str]] = defaultdict(set)
    for holder, org, link_type, _ in chosen:
        if link_type in {"LEGAL_REPRESENTATIVE_OF", "PRINCIPAL_OF"} and org in restricted:
            represents[holder].add(org)
    for person, found in persons.items():
        assert set(found["represents"]) == represents.get(person, set())
    assert set(represents) <= set(persons)

    # Risk association: BFS counts and strongest paths by enumeration.
    adjacency: dict[str, dict[str, float]] = defaultdict(dict)
    for holder, org, link_type, _ in links(registry):
        w = DEFAULT_WEIGHTS[link_type]
        for a, b in ((holder, org), (org, holder)):
            adjacency[a][b] = max(adjacency[a].get(b, 0.0), w)
    rng = random.Random(seed)
    for subject in rng.sample(sorted(kind), 4):
        hops = {subject: 0}
        frontier = [subject]
        for depth in (1, 2):
            frontier = [n for f in frontier for n in adjacency[f] if n not in hops]
            for n in frontier:
                hops.setdefault(n, depth)
        near = set(hops) - {subject}
        answer = api.get(
            f"/v1/analytics/subjects/{subject}/risk", params={"depth": 2, "as_of": DAY}
        )
        assert answer.status_code == 200, answer.json()
        body = answer.json()
        assert body["within"] == len(near)
        assert {a["subject"]["id"] for a in body["restricted"]} == near & restricted
        assert body["restricted_count"] == len(near & restricted)
        weights = strongest(adjacency, subject, 2)
        for association in body["restricted"]:
            other = association["subject"]["id"]
            assert association["hops"] == hops[other]
            assert association["weight"] == pytest.approx(weights[other], abs=1e-6)
            assert association["reasons"]

    # Ownership cycles through the region, by depth-first enumeration.
    held = {(h, o) for h, o, t, _ in links(registry) if t == "HOLDS_SHARES_IN"}
    region_orgs = {
        s for s, r in regions(registry).items() if r == HP and kind[s] != "NATURAL_PERSON"
    }
    expected_cycles = {c for c in simple_cycles(held, 4) if region_orgs & set(c)}
    answer = api.get("/v1/analytics/cycles", params={"region": HP, "as_of": DAY, "max_length": 4})
    assert answer.status_code == 200, answer.json()
    assert {tuple(c["subjects"]) for c in answer.json()["cycles"]} == expected_cycles
    assert expected_cycles, "the forced cycle is there"

    # Organisations without a current legal representative (or principal, unincorporated).
    heads: dict[str, set[str]] = defaultdict(set)
    for _, org, link_type, _ in links(registry):
        heads[org].add(link_type)
    missing = {
        o
        for o in region_orgs
        if "LEGAL_REPRESENTATIVE_OF" not in heads[o]
        and not (kind[o] == "UNINCORPORATED_ORG" and "PRINCIPAL_OF" in heads[o])
    }
    answer = api.get(
        "/v1/analytics/data-quality",
        params={"region": HP, "as_of": DAY, "max_representations": 2},
    )
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert {s["id"] for s in body["without_legal_representative"]} == missing
    represented: dict[str, set[str]] = defaultdict(set)
    for holder, org, link_type, _ in links(registry):
        if link_type == "LEGAL_REPRESENTATIVE_OF":
            represented[holder].add(org)
    flagged = {p for p, o in represented.items() if len(o) >= 2 and o & region_orgs}
    assert {r["person"]["id"] for r in body["many_representations"]} == flagged


def test_data_quality_finds_a_declared_controller_that_shares_contradict(
    api: TestClient,
) -> None:
    o, h = uscc(801), uscc(802)
    owner, declared = person_id(resident_id(801)), person_id(resident_id(802))
    load(
        api,
        {
            "subjects": [
                {"kind": "LEGAL_PERSON", "name": "目标公司", "uscc": o, "region": HP},
                {"kind": "LEGAL_PERSON", "name": "控股公司", "uscc": h, "region": HP},
                {
                    "kind": "NATURAL_PERSON",
                    "name": "甲",
                    "resident_id": resident_id(801),
                    "region": HP,
                },
                {
                    "kind": "NATURAL_PERSON",
                    "name": "乙",
                    "resident_id": resident_id(802),
                    "region": HP,
                },
            ],
            "roles": [
                {
                    "role": "ACTUAL_CONTROLLER",
                    "holder": declared,
                    "org": o,
                    "valid_from": "2015-01-01",
                },
                {
                    "role": "LEGAL_REPRESENTATIVE",
                    "holder": owner,
                    "org": h,
                    "valid_from": "2015-01-01",
                },
            ],
            "holdings": [
                {"holder": h, "org": o, "ratio": 0.7, "valid_from": "2015-01-01"},
                {"holder": owner, "org": h, "ratio": 0.9, "valid_from": "2015-01-01"},
            ],
        },
    )
    body = api.get("/v1/analytics/data-quality", params={"region": "TJ", "as_of": DAY}).json()
    assert [
        (
            c["organisation"]["id"],
            [d["id"] for d in c["declared"]],
            [s["id"] for s in c["shareholding_controllers"]],
        )
        for c in body["control_conflicts"]
    ] == [(o, [declared], [owner])]
    assert [s["id"] for s in body["without_legal_representative"]] == [o]
    # Declaring the shareholder too: the declaration now agrees with the shares.
    load(
        api,
        {
            "roles": [
                {"role": "ACTUAL_CONTROLLER", "holder": owner, "org": o, "valid_from": "2015-01-01"}
            ]
        },
    )
    body = api.get("/v1/analytics/data-quality", params={"region": "TJ", "as_of": DAY}).json()
    assert body["control_conflicts"] == []


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/v1/analytics/groups", {"region": "TJ", "subject": uscc(1)}, "subject"),
        ("/v1/analytics/groups", {}, "region"),
        ("/v1/analytics/groups", {"region": "SH"}, "region"),
        ("/v1/analytics/groups", {"subject": uscc(1), "depth": 4}, "depth"),
        ("/v1/analytics/groups", {"region": "TJ", "max_subjects": 20001}, "max_subjects"),
        ("/v1/analytics/key-persons", {"region": "TJ", "limit": 0}, "limit"),
        (f"/v1/analytics/subjects/{uscc(1)}/risk", {"depth": 0}, "depth"),
        (f"/v1/analytics/subjects/{uscc(1)}/risk", {"weights": "HOLDS_SHARES_IN=2"}, "weights"),
        (f"/v1/analytics/subjects/{uscc(1)}/risk", {"types": "OWNS"}, "types"),
        ("/v1/analytics/cycles", {"region": "TJ", "max_length": 11}, "max_length"),
        (
            "/v1/analytics/data-quality",
            {"region": "TJ", "max_representations": 1},
            "max_representations",
        ),
    ],
)
def test_bounds_are_422_problems_naming_the_field(
    api: TestClient, path: str, params: dict[str, Any], field: str
) -> None:
    response = api.get(path, params=params)
    assert response.status_code == 422, response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert field in {e["field"] for e in response.json()["errors"]}


def test_roles_and_purpose(api: TestClient, db: Database) -> None:
    subject_token = create_token(db, role=Role.SUBJECT, subject=uscc(1), label="t")
    authority_token = create_token(
        db, role=Role.AUTHORITY, subject=None, label="t", authority=AUTHORITY_CODE
    )
    headers = {"Authorization": f"Bearer {subject_token}"}
    assert (
        api.get("/v1/analytics/groups", params={"region": "TJ"}, headers=headers).status_code == 403
    )
    headers = {"Authorization": f"Bearer {authority_token}"}
    assert (
        api.get("/v1/analytics/groups", params={"region": "TJ"}, headers=headers).status_code == 403
    )
    response = api.get(
        "/v1/analytics/groups", params={"region": "TJ", "purpose": "AUDIT"}, headers=headers
    )
    assert response.status_code == 200, response.json()
