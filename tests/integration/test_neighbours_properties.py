"""Property test: the level-by-level neighbourhood search against networkx (R-OUT-3).

Hypothesis builds random registries of organisations, people, roles, holdings and branches
with validity intervals, loads them into the real Neo4j through the API, and compares
`engine.neighbours.find_neighbours` with a breadth-first search by networkx over the links
of the chosen types valid on the day: the same subjects, the same hops, the same cut by
`limit` (nearest first, then by id).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import networkx as nx
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from graph_service.engine.neighbours import find_neighbours
from graph_service.store.db import Database
from tests.factories import resident_id, uscc
from tests.helpers import load, person_id
from tests.integration.test_engine_properties import DAYS, PROPERTY_SETTINGS, interval, iso

LINKS = {
    "LEGAL_REPRESENTATIVE": "LEGAL_REPRESENTATIVE_OF",
    "PRINCIPAL": "PRINCIPAL_OF",
    "ACTUAL_CONTROLLER": "ACTUAL_CONTROLLER_OF",
}
ALL_TYPES = [*LINKS.values(), "HOLDS_SHARES_IN", "BRANCH_OF"]
AS_OF = [date(2014, 1, 1), date(2018, 1, 1), date(2021, 3, 1), date(2026, 1, 1)]


@st.composite
def registries(draw: st.DrawFn) -> dict[str, Any]:
    """Subjects and the five kinds of link between them, in the ingest format."""
    orgs = [uscc(700 + i) for i in range(draw(st.integers(2, 9)))]
    rids = [resident_id(700 + i) for i in range(draw(st.integers(1, 5)))]
    people = [person_id(r) for r in rids]
    roles: dict[tuple[str, str, str, str | None], dict[str, Any]] = {}
    for _ in range(draw(st.integers(0, 12))):
        role = draw(st.sampled_from(sorted(LINKS)))
        org = draw(st.sampled_from(orgs))
        holders = people if role != "ACTUAL_CONTROLLER" else [s for s in people + orgs if s != org]
        holder = draw(st.sampled_from(holders))
        start, end = draw(interval())
        item = {
            "role": role,
            "holder": holder,
            "org": org,
            "valid_from": iso(start),
            "valid_to": iso(end),
        }
        roles.setdefault((role, holder, org, iso(start)), item)
    holdings: dict[tuple[str, str, str | None], dict[str, Any]] = {}
    room = dict.fromkeys(orgs, 1.0)
    for _ in range(draw(st.integers(0, 12))):
        org = draw(st.sampled_from(orgs))
        holder = draw(st.sampled_from([s for s in people + orgs if s != org]))
        ratio = draw(st.sampled_from([0.1, 0.2, 0.3]))
        start, end = draw(interval())
        key = (holder, org, iso(start))
        if ratio <= room[org] + 1e-9 and key not in holdings:
            room[org] -= ratio
            holdings[key] = {
                "holder": holder,
                "org": org,
                "ratio": ratio,
                "valid_from": iso(start),
                "valid_to": iso(end),
            }
    branches = {}
    for branch in draw(st.sets(st.sampled_from(orgs), max_size=3)):
        parent = draw(st.sampled_from([o for o in orgs if o != branch]))
        branches[branch] = {"branch": branch, "parent": parent}
    return {
        "subjects": [
            {"kind": "LEGAL_PERSON", "name": f"O{i}", "uscc": o, "region": "TJ"}
            for i, o in enumerate(orgs)
        ]
        + [
            {"kind": "NATURAL_PERSON", "name": f"P{i}", "resident_id": r, "region": "TJ"}
            for i, r in enumerate(rids)
        ],
        "ids": orgs + people,
        "roles": list(roles.values()),
        "holdings": list(holdings.values()),
        "branches": list(branches.values()),
    }


def reference(
    registry: dict[str, Any], center: str, types: list[str], as_of: date, depth: int, limit: int
) -> list[tuple[str, int]]:
    """networkx's breadth-first distances over the links valid on `as_of`, cut by `limit`."""
    graph = nx.Graph()
    graph.add_nodes_from(registry["ids"])

    def valid(item: dict[str, Any]) -> bool:
        start, end = item.get("valid_from"), item.get("valid_to")
        return (start is None or date.fromisoformat(start) <= as_of) and (
            end is None or as_of < date.fromisoformat(end)
        )

    for item in registry["roles"]:
        if LINKS[item["role"]] in types and valid(item):
            graph.add_edge(item["holder"], item["org"])
    for item in registry["holdings"]:
        if "HOLDS_SHARES_IN" in types and valid(item):
            graph.add_edge(item["holder"], item["org"])
    for item in registry["branches"]:
        if "BRANCH_OF" in types:
            graph.add_edge(item["branch"], item["parent"])
    hops = nx.single_source_shortest_path_length(graph, center, cutoff=depth)
    return sorted(((sid, h) for sid, h in hops.items()), key=lambda x: (x[1], x[0]))[:limit]


@PROPERTY_SETTINGS
@given(
    registry=registries(),
    asks=st.lists(
        st.tuples(
            st.integers(0, 100),
            st.lists(st.sampled_from(ALL_TYPES), min_size=1, unique=True),
            st.sampled_from(AS_OF + DAYS),
            st.integers(1, 3),
            st.integers(1, 12),
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_r_out_3_neighbourhood_matches_networkx(
    api: TestClient,
    db: Database,
    registry: dict[str, Any],
    asks: list[tuple[int, list[str], date, int, int]],
) -> None:
    with db.driver.session(database=db.database) as session:
        session.run(
            "MATCH (n) WHERE NOT n:SchemaVersion AND NOT n:ApiToken DETACH DELETE n"
        ).consume()
    load(api, {k: v for k, v in registry.items() if k != "ids"})
    for pick, types, as_of, depth, limit in asks:
        center = registry["ids"][pick % len(registry["ids"])]
        got = find_neighbours(db, center, types, as_of, depth, limit)
        expected = reference(registry, center, types, as_of, depth, limit)
        assert [(row["id"], row["hops"]) for row in got] == expected, (center, types, as_of)


def test_an_unknown_centre_has_no_neighbourhood(api: TestClient, db: Database) -> None:
    assert find_neighbours(db, "nobody", ALL_TYPES, date(2026, 1, 1), 2, 10) == []
