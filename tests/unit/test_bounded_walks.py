"""The bounded walks of issue 17 give the answers of the exhaustive ones they replace.

* Effective shares by dynamic programming over path length (R-SUBJ-3) equal the sum over
  every simple path that `networkx.all_simple_paths` enumerated before.
* Cycles through a set of subjects, searched only where they can be, equal the filtered
  output of `networkx.simple_cycles`.
* Ultimate controllers during an act evaluated only at the bounds of links that can matter
  (R-PROP-3) equal the evaluation at every bound: same subjects, same explanation, same day.
* The shapes that stalled the routes stay small.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from itertools import pairwise

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_service.analytics.bounded import bounded_cycles, effective_shares
from graph_service.analytics.control import (
    DeclaredControl,
    Holding,
    UltimateController,
    ultimate_controllers,
    ultimate_controllers_during,
)
from tests.unit.test_control import DAYS, NODES, registries

D0 = date(2020, 1, 1)


def enumerated_shares(graph: nx.DiGraph, org: str, max_depth: int) -> dict[str, float]:
    """The replaced implementation: one product per simple path (nx.all_simple_paths)."""
    if org not in graph or max_depth < 1:
        return {}
    reverse = graph.reverse(copy=False)
    shares: dict[str, float] = defaultdict(float)
    for path in nx.all_simple_paths(reverse, org, set(reverse) - {org}, cutoff=max_depth):
        product = 1.0
        for lower, upper in pairwise(path):
            product *= graph[upper][lower]["ratio"]
        shares[path[-1]] += product
    return dict(shares)


@st.composite
def weighted_graphs(draw: st.DrawFn) -> nx.DiGraph:
    """Random small directed graphs, cycles and cliques included, ratios in (0, 1]."""
    n = draw(st.integers(min_value=1, max_value=7))
    nodes = NODES[:n]
    pairs = draw(st.lists(st.tuples(st.sampled_from(nodes), st.sampled_from(nodes)), max_size=20))
    graph = nx.DiGraph()
    graph.add_nodes_from(nodes)
    for a, b in pairs:
        if a != b:
            graph.add_edge(a, b, ratio=draw(st.integers(min_value=1, max_value=10)) / 10)
    return graph


@settings(max_examples=300, deadline=None)
@given(weighted_graphs(), st.sampled_from(NODES[:4]), st.integers(min_value=0, max_value=7))
def test_r_subj_3_property_share_sums_equal_the_simple_path_enumeration(
    graph: nx.DiGraph, org: str, max_depth: int
) -> None:
    expected = enumerated_shares(graph, org, max_depth)
    got = effective_shares(graph, org, max_depth)
    assert got.exact
    assert set(got.shares) == set(expected)
    for subject, share in expected.items():
        assert abs(got.shares[subject] - share) < 1e-12


@settings(max_examples=300, deadline=None)
@given(
    weighted_graphs(),
    st.integers(min_value=2, max_value=7),
    st.one_of(st.none(), st.sets(st.sampled_from(NODES), max_size=3)),
)
def test_r_subj_3_property_cycles_through_a_set_equal_the_filtered_enumeration(
    graph: nx.DiGraph, max_length: int, touching: set[str] | None
) -> None:
    expected = sorted(
        (
            c[c.index(min(c)) :] + c[: c.index(min(c))]
            for c in nx.simple_cycles(graph, length_bound=max_length)
            if touching is None or not touching.isdisjoint(c)
        ),
        key=lambda c: (len(c), c),
    )
    assert bounded_cycles(graph, max_length, 10_000, touching) == (expected, False)
    if len(expected) > 1:  # a limit keeps some and says so
        kept, cut = bounded_cycles(graph, max_length, 1, touching)
        assert cut and len(kept) == 1 and kept[0] in expected


def every_bound(
    org: str,
    holdings: list[Holding],
    declared: list[DeclaredControl],
    start: date,
    end: date,
    max_depth: int,
) -> dict[str, UltimateController]:
    """The replaced implementation: an evaluation at `start` and at every bound inside."""
    times = {start}
    links: list[Holding | DeclaredControl] = [*holdings, *declared]
    for link in links:
        for bound in (link.valid_from, link.valid_to):
            if bound is not None and start < bound <= end:
                times.add(bound)
    found: dict[str, UltimateController] = {}
    for t in sorted(times):
        for u in ultimate_controllers(org, holdings, declared, t, max_depth).ultimate_controllers:
            found.setdefault(u.subject, u)
    return found


@settings(max_examples=300, deadline=None)
@given(
    registries(),
    st.sampled_from(NODES[:4]),
    st.sampled_from(DAYS),
    st.sampled_from(DAYS),
    st.integers(min_value=1, max_value=10),
)
def test_r_prop_3_property_pruned_bounds_give_the_answer_of_every_bound(
    reg: tuple[list[Holding], list[DeclaredControl]], org: str, a: date, b: date, max_depth: int
) -> None:
    holdings, declared = reg
    start, end = min(a, b), max(a, b)
    expected = every_bound(org, holdings, declared, start, end, max_depth)
    got = ultimate_controllers_during(org, holdings, declared, start, end, max_depth)
    assert set(got) == set(expected)
    for subject, hit in got.items():
        want = expected[subject]
        assert (hit.at, hit.path, hit.control_share, hit.declared) == (
            want.at,
            want.path,
            want.control_share,
            want.declared,
        )


def test_r_prop_3_two_thousand_small_holders_add_no_evaluation() -> None:
    """Issue 17: 2,000 holders of 0.02 % each, every one with its own days, and a 60 % owner:
    only the owner's bounds are evaluated, and the answer is the owner."""
    holdings = [Holding("BIG", "O", 0.6, D0)] + [
        Holding(f"P{i:04d}", "O", 0.0002, D0 + timedelta(days=i), D0 + timedelta(days=2000 + i))
        for i in range(2000)
    ]
    got = ultimate_controllers_during("O", holdings, [], D0, D0 + timedelta(days=5000), 20)
    assert list(got) == ["BIG"] and got["BIG"].at == D0


def test_r_subj_3_layers_of_cross_holdings_are_summed_not_enumerated() -> None:
    """Issue 17: 5 layers of 9 companies, each holding 1/9 of every company of the next, then
    ten more such layers: 9¹⁴ paths, summed in about 14 × 81 × 20 steps; every holder ends up
    with 1/9 of the bottom company (9 paths of 1/81 from the layer above, and so on)."""
    layers = [[f"L{k:02d}_{j}" for j in range(9)] for k in range(15)]
    graph = nx.DiGraph()
    for upper, lower in pairwise(layers):
        for a in upper:
            for b in lower:
                graph.add_edge(a, b, ratio=1 / 9)
    got = effective_shares(graph, layers[-1][0], 20)
    assert got.exact and len(got.shares) == 14 * 9
    assert all(abs(share - 1 / 9) < 1e-9 for share in got.shares.values())


def test_r_subj_3_a_clique_stops_at_the_budget_and_says_so() -> None:
    """Issue 17: a clique of twelve companies has too many simple paths and cycles to list;
    the sums stop at the budget (exact False) and the cycles at the limit (truncated)."""
    clique = [f"C{i:02d}" for i in range(12)]
    graph = nx.DiGraph()
    for a in clique:
        for b in clique:
            if a != b:
                graph.add_edge(a, b, ratio=0.05)
    graph.add_edge("C00", "O", ratio=0.3)
    graph.add_edge("TOP", "C05", ratio=0.5)  # above the clique: summed from lower bounds
    shares = effective_shares(graph, "O", 20, budget=10_000)
    assert not shares.exact
    cycles, cut = bounded_cycles(graph, 20, 100, budget=10_000)
    assert cut and len(cycles) == 100
    none, cut = bounded_cycles(graph, 20, 100, touching={"O"})
    assert none == [] and not cut
    full = ultimate_controllers("O", [Holding(a, b, 0.05, D0) for a, b in graph.edges], [], D0, 20)
    assert full.truncated and len(full.cycles) <= 1_000
