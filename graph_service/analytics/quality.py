"""Ownership cycles and data-quality checks on a region (issue 8, R-SUBJ-2, R-SUBJ-3).

Pure functions: the caller loads the links (``engine.control.load_control_graph`` for the
holdings above a region, the projection for the roles) and passes them in.

* **Ownership cycles**: the simple cycles of the holding graph on a day, of at most
  ``max_length`` links, through the region's organisations, each with its ratios and their
  product (the share a company ends up holding in itself round the cycle). The search
  (``analytics.bounded.bounded_cycles``) starts only in the strongly connected components
  that hold one of the region's organisations and from those organisations, and stops at
  ``limit`` cycles or its step budget, saying so: a clique of twelve companies in another
  region costs nothing, one in the region costs at most the budget.
* **Declared controller inconsistent with shareholding control**: an organisation has a
  declared actual controller ``D``, while a subject ``S`` controls it through shareholdings
  alone (R-SUBJ-3, computed by :func:`graph_service.analytics.control.controllers_at`), is at
  the top of that share chain, and neither controls the other (so ``D`` is neither ``S`` nor
  above nor below it on a control chain).
* **No current legal representative**: a legal person without a legal representative on the
  day, or an unincorporated organisation without a legal representative or principal
  (R-SUBJ-2: an unincorporated organisation is led by its 负责人).
* **Implausibly many representations**: a person who is the legal representative of at
  least ``threshold`` organisations on the day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass
from datetime import date

import networkx as nx

from graph_service.analytics.bounded import bounded_cycles
from graph_service.analytics.control import DeclaredControl, Holding, controllers_at

__all__ = [
    "ControlConflict",
    "OwnershipCycle",
    "control_conflicts",
    "ownership_cycles",
    "without_representative",
]


@dataclass(frozen=True, slots=True)
class OwnershipCycle:
    """Subjects round a cycle (from the smallest id), each holding shares in the next."""

    subjects: list[str]
    ratios: list[float]
    product: float


@dataclass(frozen=True, slots=True)
class ControlConflict:
    """A declared controller that the shareholdings contradict."""

    organisation: str
    declared: list[str]
    shareholding_controllers: list[str]


def _holding_graph(holdings: Iterable[Holding], t: date) -> nx.DiGraph:
    """Holdings active at ``t``, summed by pair; an organisation's holding in itself ignored."""
    shares: dict[tuple[str, str], float] = defaultdict(float)
    for h in holdings:
        if h.holder != h.org and h.active_at(t):
            shares[(h.holder, h.org)] += h.ratio
    graph = nx.DiGraph()
    for (holder, org), ratio in sorted(shares.items()):
        graph.add_edge(holder, org, ratio=ratio)
    return graph


def ownership_cycles(
    holdings: Iterable[Holding],
    t: date,
    max_length: int,
    limit: int,
    touching: Set[str] | None = None,
) -> tuple[list[OwnershipCycle], bool]:
    """The holding cycles at ``t`` of at most ``max_length`` links, sorted, at most ``limit``.

    Only cycles through a subject of ``touching`` are searched for when it is given (a
    region's organisations). The second value is True when more cycles may exist than those
    returned (``limit`` reached, or the search's step budget spent); the cycles returned are
    then the first ones the search met, sorted.

    Examples
    --------
    >>> d = date(2024, 1, 1)
    >>> hs = [Holding("B", "A", 0.5, d), Holding("A", "B", 1.0, d), Holding("B", "C", 0.3, d)]
    >>> cycles, cut = ownership_cycles(hs, d, 10, 100)
    >>> [(c.subjects, c.ratios, c.product) for c in cycles], cut
    ([(['A', 'B'], [1.0, 0.5], 0.5)], False)
    """
    graph = _holding_graph(holdings, t)
    cycles, truncated = bounded_cycles(graph, max_length, limit, touching)
    found: list[OwnershipCycle] = []
    for ordered in cycles:
        ratios = [
            float(graph[a][b]["ratio"])
            for a, b in zip(ordered, [*ordered[1:], ordered[0]], strict=True)
        ]
        product = 1.0
        for ratio in ratios:
            product *= ratio
        found.append(OwnershipCycle(ordered, ratios, product))
    return found, truncated


def _controls(by_org: Mapping[str, Set[str]]) -> dict[str, set[str]]:
    controls: dict[str, set[str]] = defaultdict(set)
    for org, subjects in by_org.items():
        for s in subjects:
            controls[s].add(org)
    return controls


def control_conflicts(
    orgs: Iterable[str],
    holdings: Iterable[Holding],
    declared: Iterable[DeclaredControl],
    t: date,
) -> list[ControlConflict]:
    """Organisations whose declared controller the shareholding control contradicts.

    Examples
    --------
    P holds 80 % of O but Q is declared its actual controller, with no link between them:

    >>> d = date(2024, 1, 1)
    >>> c = control_conflicts(["O"], [Holding("P", "O", 0.8, d)], [DeclaredControl("Q", "O", d)], d)
    >>> [(x.organisation, x.declared, x.shareholding_controllers) for x in c]
    [('O', ['Q'], ['P'])]

    When Q holds 60 % of P, Q is above P on the chain and the declaration is consistent:

    >>> hs = [Holding("P", "O", 0.8, d), Holding("Q", "P", 0.6, d)]
    >>> control_conflicts(["O"], hs, [DeclaredControl("Q", "O", d)], d)
    []
    """
    holdings, declared = list(holdings), list(declared)
    by_shares = controllers_at(holdings, [], t)
    everything = _controls(controllers_at(holdings, declared, t))
    declared_of: dict[str, set[str]] = defaultdict(set)
    for d in declared:
        if d.holder != d.org and d.active_at(t):
            declared_of[d.org].add(d.holder)
    conflicts: list[ControlConflict] = []
    for org in sorted(set(orgs)):
        named = declared_of.get(org, set())
        share_controllers = by_shares.get(org, set())
        if not named or not share_controllers:
            continue
        # The top of the share chain; in a cycle of mutual control nobody is on top.
        top = {s for s in share_controllers if not by_shares.get(s)} or share_controllers

        def consistent(s: str, named: set[str] = named) -> bool:
            return any(
                s == d or s in everything.get(d, ()) or d in everything.get(s, ()) for d in named
            )

        against = sorted(s for s in top if not consistent(s))
        if against:
            conflicts.append(ControlConflict(org, sorted(named), against))
    return conflicts


def without_representative(
    kinds: Mapping[str, str | None], role_types: Mapping[str, Set[str]]
) -> list[str]:
    """Organisations lacking a current head: a legal person without a legal representative,
    an unincorporated organisation without a legal representative or principal.

    ``kinds`` maps each organisation to its kind, ``role_types`` to the link types held in it
    on the day.

    >>> without_representative({"A": "LEGAL_PERSON", "B": "UNINCORPORATED_ORG"},
    ...                        {"B": {"PRINCIPAL_OF"}})
    ['A']
    """
    missing: list[str] = []
    for org, kind in sorted(kinds.items()):
        held = role_types.get(org, set())
        if "LEGAL_REPRESENTATIVE_OF" in held:
            continue
        if kind == "UNINCORPORATED_ORG" and "PRINCIPAL_OF" in held:
            continue
        missing.append(org)
    return missing
