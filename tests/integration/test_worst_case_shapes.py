"""Issue 17, worst cases: each shape that once stalled a route, built in the real Neo4j,
answers within a generous bound (this machine is shared and noisy) and correctly.

The shapes are those of the benchmark (`bench/shapes.py`), so what is timed there is what is
checked here.
"""

from __future__ import annotations

import os
import time
from typing import Any

from fastapi.testclient import TestClient

from bench import shapes
from tests.factories import resident_id, uscc
from tests.helpers import load, person_id

BOUND_S = 3.0  # the routes answer in 0.03 to 1 s here; the old code took 18 to 27 s (or hung)


def bound() -> float:
    """3 s, stretched (up to 4 times) while other work overloads this shared 2-core machine:
    the old code's times grew with the load too (135 s for the list at a load of 33)."""
    overload = os.getloadavg()[0] / (os.cpu_count() or 1)
    return BOUND_S * min(4.0, max(1.0, overload))


def timed(api: TestClient, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
    """The route's answer, asked twice: the first call plans the queries on the fresh
    database (once per server), the second is timed against the bound."""
    api.request(method, path, **kwargs)
    started = time.perf_counter()
    response = api.request(method, path, **kwargs)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.json()
    assert elapsed < bound(), f"{path} took {elapsed:.1f} s"
    body: dict[str, Any] = response.json()
    return body


def test_r_prop_3_two_thousand_small_holders_list_and_screen_the_owner_quickly(
    api: TestClient,
) -> None:
    """R-PROP-3, DESIGN §5 rule 3: the group owner (60 %) of a listed company with 2,000 small
    holders coming and going during the act is reached, and only it."""
    shape = shapes.holders_shape()
    load(api, shape.registry)
    owner = uscc(2)
    body = timed(api, "GET", "/v1/lists/JOINT_SANCTION/generated", params={"as_of": shapes.AS_OF})
    reached = {(s["subject"], r["role"]) for s in body["subjects"] for r in s["restrictions"]}
    assert reached == {(uscc(1), "SELF"), (owner, "ACTUAL_CONTROLLER")}
    screened = timed(
        api,
        "POST",
        "/v1/screen",
        json={"subjects": [owner], "matter": shapes.MATTER, "as_of": shapes.AS_OF},
    )["results"][0]
    assert screened["decision"] == "restricted"
    assert {r["role"] for r in screened["restrictions"]} == {"ACTUAL_CONTROLLER"}
    small = person_id(resident_id(10_000))
    assert (
        timed(
            api,
            "POST",
            "/v1/screen",
            json={"subjects": [small], "matter": shapes.MATTER, "as_of": shapes.AS_OF},
        )["results"][0]["decision"]
        == "allowed"
    )


def test_r_subj_3_layered_cross_holdings_controllers_are_summed_quickly(
    api: TestClient,
) -> None:
    """R-SUBJ-3: five layers of nine companies under one person holding 60 % of the top nine:
    the person controls the bottom company along 9⁴ paths, effective share 9⁴ × 0.6 × r⁴."""
    load(api, shapes.layers_shape().registry)
    ids = shapes.layer_ids()
    bottom = ids[-1][0]
    body = timed(api, "GET", f"/v1/subjects/{bottom}/controllers", params={"as_of": "2025-01-01"})
    owner = person_id(resident_id(shapes.LAYER_OWNER))
    r = int(1_000_000 / shapes.WIDTH) / 1_000_000
    expected = round(shapes.WIDTH**4 * 0.6 * r**4, 6)
    assert not body["truncated"]
    assert [c["subject"] for c in body["ultimate_controllers"]] == [owner]
    assert len(body["ultimate_controllers"][0]["path"]) == 6
    assert body["ultimate_controllers"][0]["effective_share"] == expected
    assert body["beneficial_owners"] == [{"subject": owner, "effective_share": expected}]
    # No company holds more than 1/9 of the one below: only the person's aggregate controls.
    assert body["controllers"] == [owner]
    assert body["cycles"] == []


def test_r_subj_3_a_clique_in_one_district_costs_another_district_nothing(
    api: TestClient,
) -> None:
    """R-SUBJ-3 (cycles terminate and are reported): the other district has no cycle and says
    so at once; the clique's own district and the controllers below it answer within the
    bound, with `truncated` since the clique has more cycles and paths than any answer holds."""
    load(api, shapes.clique_shape().registry)
    clique, targets = shapes.clique_ids()
    other = timed(
        api,
        "GET",
        "/v1/analytics/cycles",
        params={"region": shapes.TARGET_DISTRICT, "as_of": shapes.AS_OF},
    )
    assert other["cycles"] == [] and not other["truncated"]
    longest = timed(  # cycles of up to 10 links: the old search had hundreds of millions
        api,
        "GET",
        "/v1/analytics/cycles",
        params={"region": shapes.TARGET_DISTRICT, "as_of": shapes.AS_OF, "max_length": 10},
    )
    assert longest["cycles"] == [] and not longest["truncated"]
    own = timed(
        api,
        "GET",
        "/v1/analytics/cycles",
        params={"region": shapes.CLIQUE_DISTRICT, "as_of": shapes.AS_OF, "max_length": 3},
    )
    assert own["truncated"] and len(own["cycles"]) == 100
    assert all(set(c["subjects"]) <= set(clique) for c in own["cycles"])
    assert [len(c["subjects"]) for c in own["cycles"]] == sorted(
        len(c["subjects"]) for c in own["cycles"]
    )
    below = timed(
        api, "GET", f"/v1/subjects/{targets[0]}/controllers", params={"as_of": shapes.AS_OF}
    )
    assert below["truncated"]
    assert below["ultimate_controllers"] == [] and below["controllers"] == []
    assert below["cycles"] and all(set(c) <= set(clique) for c in below["cycles"])


def test_r_out_3_the_linked_look_up_lists_a_hub_without_expanding_it(api: TestClient) -> None:
    """R-OUT-3: around one shareholder of a registered agent with 2,000 shareholders, the
    linked look-up at depth 2 names the agent and says `truncated` instead of bringing 500 of
    its shareholders, each screened; from the agent itself, its shareholders come as before."""
    load(api, shapes.hub_shape(2_000).registry)
    hub, holder = uscc(500), uscc(1_000 + 1_000)
    around = timed(
        api, "GET", f"/v1/subjects/{holder}/linked", params={"depth": 2, "as_of": shapes.AS_OF}
    )
    assert [r["id"] for r in around["results"]] == [hub] and around["truncated"]
    from_hub = timed(
        api,
        "GET",
        f"/v1/subjects/{hub}/linked",
        params={"depth": 2, "as_of": shapes.AS_OF, "limit": 50},
    )
    assert len(from_hub["results"]) == 50 and from_hub["truncated"]
    assert {r["hops"] for r in from_hub["results"]} == {1}
