"""Bounded walks of the holding graph: effective shares and ownership cycles (R-SUBJ-3).

Both answers are sums or lists over *simple* paths, whose number grows exponentially with
the density of a group (five layers of nine cross-holding companies: 9⁴ paths into one
company; a clique of twelve: hundreds of millions of cycles). Neither is walked path by path
any more:

* **Effective shares** are summed by dynamic programming over path length, strongly
  connected component by component. Outside cycles a simple path is any path, so the sum
  is exact in time linear in links × depth. Inside a group that holds in itself (a strongly
  connected component) simple paths are enumerated, at most ``budget`` steps in all; past
  it the sums count only the paths met so far (lower bounds, like the depth bound's) and the
  answer says ``exact=False``.
* **Cycles** through a set of subjects are searched only in the strongly connected
  components that hold one of them, from each of those subjects in turn (a cycle is found
  once, from its first subject in that order), each step pruned by the distance back to
  the start; at most ``limit`` cycles and ``budget`` steps, past either ``truncated``.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass

import networkx as nx

__all__ = ["DEFAULT_BUDGET", "ShareSums", "bounded_cycles", "effective_shares"]

#: Links a walk may look at before it stops and says so: about 0.1 s of this machine.
DEFAULT_BUDGET = 200_000


@dataclass(frozen=True, slots=True)
class ShareSums:
    """Effective shares by subject; ``exact`` False when the step budget cut a cyclic group."""

    shares: dict[str, float]
    exact: bool


Adjacency = dict[str, list[tuple[str, float]]]


def _upward_part(graph: nx.DiGraph, org: str) -> tuple[nx.DiGraph, Adjacency]:
    """The holders with an ownership path into ``org``, with their links among them: as a
    graph, and as plain lists of (organisation, ratio) by holder for the walks."""
    part = graph.subgraph(nx.ancestors(graph, org) | {org})
    succ = {node: [(o, float(a["ratio"])) for o, a in part.succ[node].items()] for node in part}
    return part, succ


def effective_shares(
    graph: nx.DiGraph, org: str, max_depth: int, budget: int = DEFAULT_BUDGET
) -> ShareSums:
    """Sum over simple paths of at most ``max_depth`` links into ``org`` of the product of their
    ``ratio`` attributes, for every subject with such a path (R-SUBJ-3).

    Examples
    --------
    Two layers of two companies, each holding half of each below it: 4 paths of 1/4.

    >>> g = nx.DiGraph()
    >>> g.add_weighted_edges_from(
    ...     [("A", "X", .5), ("A", "Y", .5), ("B", "X", .5), ("B", "Y", .5),
    ...      ("X", "O", .5), ("Y", "O", .5)], weight="ratio")
    >>> effective_shares(g, "O", 10)
    ShareSums(shares={'A': 0.5, 'B': 0.5, 'X': 0.5, 'Y': 0.5}, exact=True)

    A cross-holding: the path through the cycle is simple only once round.

    >>> g = nx.DiGraph()
    >>> g.add_weighted_edges_from([("A", "B", .5), ("B", "A", .5), ("B", "O", 1.0)], "ratio")
    >>> effective_shares(g, "O", 10)
    ShareSums(shares={'A': 0.5, 'B': 1.0}, exact=True)
    """
    if org not in graph or max_depth < 1:
        return ShareSums({}, True)
    part, succ = _upward_part(graph, org)
    condensed = nx.condensation(part)
    members: dict[int, list[str]] = {
        c: sorted(condensed.nodes[c]["members"]) for c in condensed.nodes
    }
    # sums[v][k]: paths of exactly k links from v to org; found[v]: the lengths that have one.
    sums: dict[str, list[float]] = {}
    found: dict[str, int] = {}
    left = budget
    exact = True
    # Components nearest org first (reverse topological order of holder → org links).
    for component in reversed(list(nx.topological_sort(condensed))):
        inside = members[component]
        if len(inside) == 1:
            (node,) = inside
            sums[node], found[node] = _outside_sums(succ, node, org, sums, found, max_depth)
            continue
        left, cut = _component_sums(succ, set(inside), org, sums, found, max_depth, left)
        exact = exact and not cut
    shares = {v: sum(sums[v][1:]) for v in sorted(sums) if v != org and found[v]}
    return ShareSums(shares, exact)


def _outside_sums(
    succ: Adjacency,
    node: str,
    org: str,
    sums: dict[str, list[float]],
    found: dict[str, int],
    max_depth: int,
) -> tuple[list[float], int]:
    """A subject in no cycle: its paths are one link to an already summed subject, then that
    subject's paths."""
    mine = [0.0] * (max_depth + 1)
    lengths = 0
    if node == org:
        mine[0] = 1.0
        return mine, 1
    for lower, ratio in succ[node]:
        below = sums[lower]
        for k in range(1, max_depth + 1):
            if below[k - 1]:
                mine[k] += ratio * below[k - 1]
        lengths |= (found[lower] << 1) & ((1 << (max_depth + 1)) - 1)
    return mine, lengths


def _component_sums(
    succ: Adjacency,
    inside: set[str],
    org: str,
    sums: dict[str, list[float]],
    found: dict[str, int],
    max_depth: int,
    left: int,
) -> tuple[int, bool]:
    """A group holding in itself: every simple path inside it from each member, continued by
    the summed paths of the subject its last link leaves to (or ending at ``org``)."""
    mask = (1 << (max_depth + 1)) - 1
    for start in sorted(inside):
        mine = [0.0] * (max_depth + 1)
        lengths = 0
        stack: list[tuple[str, int, float, frozenset[str]]] = [(start, 0, 1.0, frozenset([start]))]
        while stack:
            node, length, product, visited = stack.pop()
            if node == org:
                mine[length] += product
                lengths |= 1 << length
                continue
            for lower, ratio in succ[node]:
                left -= 1
                if left < 0:  # out of budget: what was summed so far, lower bounds
                    sums[start], found[start] = mine, lengths
                    for member in inside - sums.keys():
                        sums[member], found[member] = [0.0] * (max_depth + 1), 0
                    return left, True
                step = product * ratio
                if lower not in inside:
                    below = sums[lower]
                    for k in range(length + 1, max_depth + 1):
                        if below[k - length - 1]:
                            mine[k] += step * below[k - length - 1]
                    lengths |= (found[lower] << (length + 1)) & mask
                elif lower not in visited and length < max_depth:
                    stack.append((lower, length + 1, step, visited | {lower}))
        sums[start], found[start] = mine, lengths
    return left, False


def bounded_cycles(
    graph: nx.DiGraph,
    max_length: int,
    limit: int,
    touching: Set[str] | None = None,
    budget: int = DEFAULT_BUDGET,
) -> tuple[list[list[str]], bool]:
    """Simple cycles of at most ``max_length`` links through a subject of ``touching`` (every
    cycle when None), each from its smallest id, sorted by length then ids; at most
    ``limit``. The second value is True when more may exist (``limit`` or ``budget`` hit).

    Examples
    --------
    >>> g = nx.DiGraph([("A", "B"), ("B", "A"), ("B", "C"), ("C", "D"), ("D", "C")])
    >>> bounded_cycles(g, 5, 10)
    ([['A', 'B'], ['C', 'D']], False)
    >>> bounded_cycles(g, 5, 10, touching={"D"})
    ([['C', 'D']], False)
    >>> bounded_cycles(g, 5, 1)
    ([['A', 'B']], True)
    """
    starts = sorted(graph if touching is None else set(touching) & set(graph))
    # A cycle lies inside one strongly connected component: only those holding a start count.
    wanted = set(starts)
    nodes: set[str] = set()
    for component in nx.strongly_connected_components(graph):
        if len(component) > 1 and not wanted.isdisjoint(component):
            nodes |= component
    succ = {node: sorted(o for o in graph.succ[node] if o in nodes) for node in sorted(nodes)}
    pred: dict[str, list[str]] = {node: [] for node in succ}
    for node, orgs in succ.items():
        for o in orgs:
            pred[o].append(node)
    found: list[list[str]] = []
    left = budget
    done: set[str] = set()
    cut = False
    for start in starts:
        if start not in nodes:
            continue
        # Cycles through an earlier start were found from it: leave it out of the walk.
        back = _distances_back(pred, start, done, max_length - 1)
        left, cut = _cycles_from(succ, start, max_length, back, found, limit, left)
        done.add(start)
        if cut or len(found) > limit:
            break
    ordered = sorted((_from_smallest(c) for c in found), key=lambda c: (len(c), c))
    return ordered[:limit], cut or len(found) > limit


def _distances_back(
    pred: dict[str, list[str]], start: str, done: Set[str], cutoff: int
) -> dict[str, int]:
    """Links from each subject back to ``start`` (breadth-first over holders, at most
    ``cutoff``), avoiding the subjects of ``done``."""
    back = {start: 0}
    frontier = [start]
    for distance in range(1, cutoff + 1):
        nxt = []
        for node in frontier:
            for holder in pred[node]:
                if holder not in back and holder not in done:
                    back[holder] = distance
                    nxt.append(holder)
        frontier = nxt
    return back


def _cycles_from(
    succ: dict[str, list[str]],
    start: str,
    max_length: int,
    back: dict[str, int],
    found: list[list[str]],
    limit: int,
    left: int,
) -> tuple[int, bool]:
    """Depth-first from ``start``; a step to ``n`` only when ``n`` can still get back in time."""
    path = [start]
    on_path = {start}
    iterators = [iter(succ[start])]
    while iterators:
        nxt = next(iterators[-1], None)
        if nxt is None:
            iterators.pop()
            on_path.discard(path.pop())
            continue
        left -= 1
        if left < 0:
            return left, True
        if nxt == start:
            found.append(list(path))
            if len(found) > limit:
                return left, False
            continue
        if nxt in on_path or nxt not in back or len(path) + back[nxt] > max_length:
            continue
        path.append(nxt)
        on_path.add(nxt)
        iterators.append(iter(succ[nxt]))
    return left, False


def _from_smallest(cycle: list[str]) -> list[str]:
    i = cycle.index(min(cycle))
    return cycle[i:] + cycle[:i]
