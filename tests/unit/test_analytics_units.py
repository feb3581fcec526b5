"""The analytics' own examples (numpydoc doctests) and edge cases that need no server."""

from __future__ import annotations

import doctest
from datetime import date
from types import ModuleType

import networkx as nx
import pytest

from graph_service.analytics import groups, projection, quality, risk
from graph_service.analytics.control import Holding
from graph_service.analytics.projection import Link, Node, Projection


@pytest.mark.parametrize("module", [groups, projection, quality, risk])
def test_doctests(module: ModuleType) -> None:
    assert doctest.testmod(module).failed == 0


def test_a_person_tying_only_another_person_splits_nothing() -> None:
    p = Projection(date(2024, 1, 1))
    p.nodes = {i: Node(i, "LEGAL_PERSON", i, "TJ") for i in ("A", "B")}
    p.nodes |= {i: Node(i, "NATURAL_PERSON", i, "TJ") for i in ("P", "Q")}
    # P ties A and B; Q hangs on A only through nothing but itself.
    p.links = [
        Link("P", "A", "LEGAL_REPRESENTATIVE_OF"),
        Link("P", "B", "LEGAL_REPRESENTATIVE_OF"),
        Link("Q", "A", "ACTUAL_CONTROLLER_OF"),
    ]
    assert set(groups.splitting_persons(p)) == {"P"}


def test_risk_of_an_isolated_subject_is_zero() -> None:
    graph = nx.Graph()
    graph.add_node("S")
    answer = risk.risk_association(graph, "S", 3, {"S"})
    assert (answer.within, answer.share, answer.weighted_share) == (0, 0.0, 0.0)


def test_cycles_are_cut_at_the_limit() -> None:
    d = date(2024, 1, 1)
    holdings = [Holding(a, b, 0.1, d) for a in "ABCD" for b in "ABCD" if a != b]
    found, cut = quality.ownership_cycles(holdings, d, 4, 3)
    assert len(found) == 3 and cut
    everything, cut = quality.ownership_cycles(holdings, d, 4, 1000)
    # 6 two-cycles, 8 three-cycles, 6 four-cycles on K4.
    assert len(everything) == 20 and not cut
