"""Risk association of a subject: the restricted subjects near it (issue 8, R-OUT-3).

Within ``depth`` hops of the subject (links of any direction, valid on the day), count the
subjects some sanction measure reaches, and their share of everyone within reach. Each
restricted neighbour is weighted by the strength of its strongest connection: the largest
product of link-type weights along a walk of at most ``depth`` links (weights are in (0, 1],
so a walk that revisits a subject never beats the simple path it contains). The
explanation lists every restricted neighbour with its distance, that path and its weight.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass
from typing import Final

import networkx as nx

__all__ = ["DEFAULT_WEIGHTS", "Association", "RiskAssociation", "risk_association"]

#: Default weight of each link type: control reaches furthest (Art. 32 makes the actual
#: controller answer for the organisation), then representation, then holdings.
DEFAULT_WEIGHTS: Final[Mapping[str, float]] = {
    "ACTUAL_CONTROLLER_OF": 1.0,
    "LEGAL_REPRESENTATIVE_OF": 0.9,
    "PRINCIPAL_OF": 0.8,
    "BRANCH_OF": 0.7,
    "HOLDS_SHARES_IN": 0.6,
}


@dataclass(frozen=True, slots=True)
class Association:
    """A subject within reach: distance, strongest path (ids and link types) and weight."""

    subject: str
    hops: int
    weight: float
    path: list[str]


@dataclass(frozen=True, slots=True)
class RiskAssociation:
    """Counts, shares and the explanation of one subject's risk association."""

    subject: str
    depth: int
    within: int
    restricted: list[Association]
    share: float
    score: float
    weighted_share: float


def _edge(graph: nx.Graph, u: str, v: str, weights: Mapping[str, float]) -> tuple[float, str]:
    """The strongest link type between two subjects and its weight."""
    types: set[str] = graph.edges[u, v]["types"]
    return max((weights.get(t, 0.0), t) for t in sorted(types))


def _better(a: tuple[float, list[str]], b: tuple[float, list[str]]) -> bool:
    """Heavier, or as heavy (within rounding) and shorter, then lexicographically smaller."""
    if abs(a[0] - b[0]) > 1e-12:
        return a[0] > b[0]
    return (len(a[1]), a[1]) < (len(b[1]), b[1])


def strongest_paths(
    graph: nx.Graph, source: str, depth: int, weights: Mapping[str, float]
) -> dict[str, tuple[float, list[str]]]:
    """For each subject within ``depth`` links: the largest product of weights over walks of
    at most ``depth`` links from ``source``, with one such path (ids and link types).

    Bellman-Ford bounded by hops: round ``r`` extends the best walks of at most ``r - 1``
    links by one link. Ties keep the shorter, then the lexicographically smaller path.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("S", "A", types={"HOLDS_SHARES_IN"})
    >>> g.add_edge("A", "B", types={"ACTUAL_CONTROLLER_OF"})
    >>> strongest_paths(g, "S", 2, DEFAULT_WEIGHTS)["B"]
    (0.6, ['S', 'HOLDS_SHARES_IN', 'A', 'ACTUAL_CONTROLLER_OF', 'B'])
    """
    best: dict[str, tuple[float, list[str]]] = {source: (1.0, [source])}
    for _ in range(depth):
        nxt = dict(best)
        for u in sorted(best):
            strength, path = best[u]
            for v in sorted(graph.adj[u]):
                w, link_type = _edge(graph, u, v, weights)
                if w <= 0:
                    continue
                candidate = (strength * w, [*path, link_type, v])
                current = nxt.get(v)
                if current is None or _better(candidate, current):
                    nxt[v] = candidate
        best = nxt
    return best


def risk_association(
    graph: nx.Graph,
    subject: str,
    depth: int,
    restricted: Set[str],
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
) -> RiskAssociation:
    """Count and weigh the restricted subjects within ``depth`` hops of ``subject``.

    ``share`` is the restricted fraction of the subjects within reach (the subject itself
    excluded); ``score`` sums the restricted neighbours' weights and ``weighted_share`` is
    ``score`` over the weights of everyone within reach.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("P", "A", types={"LEGAL_REPRESENTATIVE_OF"})
    >>> g.add_edge("P", "B", types={"LEGAL_REPRESENTATIVE_OF"})
    >>> r = risk_association(g, "P", 1, {"A"})
    >>> r.within, [a.subject for a in r.restricted], r.share, round(r.weighted_share, 2)
    (2, ['A'], 0.5, 0.5)
    """
    if subject not in graph:
        return RiskAssociation(subject, depth, 0, [], 0.0, 0.0, 0.0)
    hops = nx.single_source_shortest_path_length(graph, subject, cutoff=depth)
    strongest = strongest_paths(graph, subject, depth, weights)
    near = sorted(n for n in hops if n != subject)
    found = [
        Association(n, hops[n], strongest[n][0], strongest[n][1])
        for n in near
        if n in restricted and n in strongest
    ]
    found.sort(key=lambda a: (-a.weight, a.hops, a.subject))
    total_weight = sum(strongest[n][0] for n in near if n in strongest)
    score = sum(a.weight for a in found)
    return RiskAssociation(
        subject=subject,
        depth=depth,
        within=len(near),
        restricted=found,
        share=len(found) / len(near) if near else 0.0,
        score=score,
        weighted_share=score / total_weight if total_weight > 0 else 0.0,
    )
