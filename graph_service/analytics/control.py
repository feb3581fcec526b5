"""Control structure of organisations: control chain, ultimate controllers, beneficial owners.

Implements R-SUBJ-3 (control derived from shareholding along the control chain, effective
share along simple ownership paths, cycles terminate and are reported) for the
``/v1/subjects/{id}/controllers`` endpoint, and R-PROP-3 / DESIGN §5 rule 3 (the ultimate
controller of an organisation during a dishonest act) for screening.

Conventions (recorded in docs/DECISIONS.md):

* A link counts at ``t`` when ``valid_from <= t`` and (``valid_to`` is None or ``t < valid_to``)
  (DESIGN §4).
* Several holdings of one holder in one organisation active at ``t`` are added up; a holding of
  an organisation in itself (treasury shares) is ignored.
* Control is the least fixpoint of: ``S`` controls ``O`` (``S != O``) when ``S`` is a declared
  actual controller of ``O``; or ``S``'s direct ratio in ``O`` plus the ratios held in ``O`` by
  the organisations ``S`` controls exceeds 0.5 (strictly); or ``S`` controls some ``X`` that
  controls ``O`` (the chain, so a declared controller of a controlled organisation is
  reached: R-PROP-3). Share-based control is transitive by itself; the third clause only adds
  chains through declared links.
* Ratio comparisons allow :data:`RATIO_EPSILON` for floating-point sums: exactly 50 % is not
  control even when it is written as ``0.1 + 0.2 + 0.2``.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Set
from dataclasses import dataclass, field, replace
from datetime import date

import networkx as nx

from graph_service.analytics.bounded import bounded_cycles, effective_shares

__all__ = [
    "BENEFICIAL_OWNER_THRESHOLD",
    "CONTROL_THRESHOLD",
    "RATIO_EPSILON",
    "ControlAnswer",
    "DeclaredControl",
    "Holding",
    "UltimateController",
    "controllers_at",
    "ultimate_controllers",
    "ultimate_controllers_during",
]

#: R-SUBJ-3: control needs strictly more than this aggregated share.
CONTROL_THRESHOLD = 0.5
#: R-SUBJ-3: a natural person with at least this effective share is a beneficial owner.
BENEFICIAL_OWNER_THRESHOLD = 0.25
#: Tolerance for floating-point sums of ratios (ratios have at most a few decimals).
RATIO_EPSILON = 1e-9
#: Most ownership cycles named in one answer; beyond, ``truncated`` (a clique of twelve
#: companies has hundreds of millions).
CYCLE_LIMIT = 1_000


def _active(valid_from: date, valid_to: date | None, t: date) -> bool:
    # DESIGN §4: [valid_from, valid_to), valid_to None means current.
    return valid_from <= t and (valid_to is None or t < valid_to)


@dataclass(frozen=True, slots=True)
class Holding:
    """A shareholding ``holder`` → ``org`` of ``ratio`` (0 < ratio <= 1), valid in time."""

    holder: str
    org: str
    ratio: float
    valid_from: date
    valid_to: date | None = None

    def active_at(self, t: date) -> bool:
        """Whether the holding counts at ``t`` (DESIGN §4)."""
        return _active(self.valid_from, self.valid_to, t)


@dataclass(frozen=True, slots=True)
class DeclaredControl:
    """A registered (declared) actual controller ``holder`` of ``org`` (R-SUBJ-2)."""

    holder: str
    org: str
    valid_from: date
    valid_to: date | None = None

    def active_at(self, t: date) -> bool:
        """Whether the declaration counts at ``t`` (DESIGN §4)."""
        return _active(self.valid_from, self.valid_to, t)


@dataclass(frozen=True, slots=True)
class UltimateController:
    """One ultimate controller of an organisation, with its explanation (R-PROP-3, R-PROP-6).

    Attributes
    ----------
    subject : str
        The controller's id.
    path : list of str
        Subject ids from the controller down to the organisation along holding or declared
        edges; every intermediate organisation is controlled by ``subject``.
    control_share : float
        ``subject``'s direct ratio in the organisation plus the ratios held in it by the
        organisations ``subject`` controls (the aggregate of R-SUBJ-3). It can be 0.5 or less
        when control comes from a declaration.
    effective_share : float
        Sum over the simple ownership paths of the product of ratios (R-SUBJ-3).
    declared : bool
        Whether ``subject`` is itself a declared actual controller of the organisation.
    at : date
        The time at which this holds.
    """

    subject: str
    path: list[str]
    control_share: float
    effective_share: float
    declared: bool
    at: date


@dataclass(frozen=True, slots=True)
class ControlAnswer:
    """The control structure above one organisation at one time (R-SUBJ-3).

    Attributes
    ----------
    org : str
        The organisation asked about.
    at : date
        The time the answer holds for.
    ultimate_controllers : list of UltimateController
        Subjects that control ``org`` and that no one else controls, sorted by id.
    declared_controllers : list of str
        Declared actual controllers of ``org`` at ``at`` (whether ultimate or not).
    controllers : list of str
        Every subject that controls ``org``, intermediate holding companies included.
    control_cycles : list of list of str
        Groups of controllers of ``org`` that control one another and that nobody outside
        the group controls: such a group has no ultimate controller (R-SUBJ-3, reported).
    effective_shares : dict of str to float
        Effective share in ``org`` of every subject upward of it (paths of at most
        ``max_depth`` edges). Not filtered by kind of subject.
    beneficial_owners : dict of str to float
        The subjects of ``effective_shares`` with a share of at least 25 %; restricted to
        ``natural_persons`` when the caller passed that set, else every kind of subject
        (the caller filters natural persons).
    cycles : list of list of str
        Ownership (holding) cycles met upward of ``org``, each rotated to start at its
        smallest id, of at most ``max_depth`` edges.
    truncated : bool
        True when a bound cut the answer: the depth bound cut the upward exploration (some
        link into the explored part starts at a subject more than ``max_depth`` edges away),
        a group holding in itself had more simple paths than the step budget (the effective
        shares are then sums over the paths counted, lower bounds), or there were more
        than :data:`CYCLE_LIMIT` cycles or more than the step budget's worth of search.
    """

    org: str
    at: date
    ultimate_controllers: list[UltimateController]
    declared_controllers: list[str]
    controllers: list[str]
    control_cycles: list[list[str]]
    effective_shares: dict[str, float]
    beneficial_owners: dict[str, float]
    cycles: list[list[str]]
    truncated: bool


@dataclass(slots=True)
class _Projection:
    """The links active at one time: summed holdings by pair, declared pairs."""

    shares: dict[tuple[str, str], float] = field(default_factory=dict)
    declared: set[tuple[str, str]] = field(default_factory=set)

    @classmethod
    def at(
        cls, holdings: Iterable[Holding], declared: Iterable[DeclaredControl], t: date
    ) -> _Projection:
        proj = cls()
        for h in holdings:
            if h.holder != h.org and h.active_at(t):
                key = (h.holder, h.org)
                proj.shares[key] = proj.shares.get(key, 0.0) + h.ratio
        proj.declared = {
            (d.holder, d.org) for d in declared if d.holder != d.org and d.active_at(t)
        }
        return proj

    def restricted_to(self, nodes: Set[str]) -> _Projection:
        return _Projection(
            shares={k: r for k, r in self.shares.items() if k[0] in nodes and k[1] in nodes},
            declared={k for k in self.declared if k[0] in nodes and k[1] in nodes},
        )

    def link_graph(self) -> nx.DiGraph:
        """Holding and declared links, holder → org, nodes and edges in sorted order."""
        g = nx.DiGraph()
        g.add_edges_from(sorted(set(self.shares) | self.declared))
        return g

    def holding_graph(self) -> nx.DiGraph:
        g = nx.DiGraph()
        for (holder, org), ratio in sorted(self.shares.items()):
            g.add_edge(holder, org, ratio=ratio)
        return g


def _control_fixpoint(proj: _Projection) -> dict[str, set[str]]:
    """Least fixpoint of the control rule, as ``controller -> controlled orgs`` (R-SUBJ-3).

    Worklist evaluation: every pair ``(S, X)`` enters once; when it does, ``X``'s holdings
    are added to ``S``'s aggregate, and the chain is closed on both sides. Terminates on
    cycles because pairs are only ever added.
    """
    out_shares: dict[str, dict[str, float]] = defaultdict(dict)
    for (holder, org), ratio in proj.shares.items():
        out_shares[holder][org] = ratio
    # acc[S][O] = S's direct ratio in O + ratios held in O by organisations S controls.
    acc: dict[str, dict[str, float]] = {s: dict(orgs) for s, orgs in out_shares.items()}
    controls: dict[str, set[str]] = defaultdict(set)
    controlled_by: dict[str, set[str]] = defaultdict(set)
    queue: deque[tuple[str, str]] = deque()

    def add(s: str, o: str) -> None:
        if s != o and o not in controls[s]:
            controls[s].add(o)
            controlled_by[o].add(s)
            queue.append((s, o))

    for s, o in sorted(proj.declared):
        add(s, o)
    for (s, o), ratio in sorted(proj.shares.items()):
        if ratio > CONTROL_THRESHOLD + RATIO_EPSILON:
            add(s, o)
    while queue:
        s, x = queue.popleft()
        s_acc = acc.setdefault(s, {})
        for o, ratio in out_shares.get(x, {}).items():
            if o == s:
                continue
            s_acc[o] = s_acc.get(o, 0.0) + ratio
            if s_acc[o] > CONTROL_THRESHOLD + RATIO_EPSILON:
                add(s, o)
        # The chain, closed from both ends. Since every declared pair is seeded before any
        # is processed, either loop alone would do; both keep it order-independent.
        for o in list(controls.get(x, ())):  # S controls X controls O
            add(s, o)
        for p in list(controlled_by.get(s, ())):  # P controls S controls X
            add(p, x)
    return {s: orgs for s, orgs in controls.items() if orgs}


def controllers_at(
    holdings: Iterable[Holding], declared: Iterable[DeclaredControl], t: date
) -> dict[str, set[str]]:
    """Return the control relation at ``t`` as ``org -> subjects that control it`` (R-SUBJ-3).

    ``S`` controls ``O`` (``S != O``) when ``S`` is a declared actual controller of ``O``, or
    ``S``'s direct ratio in ``O`` plus the ratios held in ``O`` by organisations ``S`` controls
    exceeds 0.5, or ``S`` controls an ``X`` that controls ``O``; the least such relation.

    Parameters
    ----------
    holdings : iterable of Holding
        Shareholdings; only those active at ``t`` count.
    declared : iterable of DeclaredControl
        Declared actual controllers; only those active at ``t`` count.
    t : date
        The time of evaluation.

    Returns
    -------
    dict of str to set of str
        For each controlled organisation, every subject that controls it (intermediate
        holding companies included). Organisations nobody controls are absent.

    Examples
    --------
    >>> from datetime import date
    >>> d = date(2020, 1, 1)
    >>> hs = [Holding("P", "A", 0.6, d), Holding("A", "B", 0.3, d), Holding("P", "B", 0.3, d)]
    >>> sorted((o, sorted(s)) for o, s in controllers_at(hs, [], d).items())
    [('A', ['P']), ('B', ['P'])]
    """
    controls = _control_fixpoint(_Projection.at(holdings, declared, t))
    by_org: dict[str, set[str]] = defaultdict(set)
    for s, orgs in controls.items():
        for o in orgs:
            by_org[o].add(s)
    return dict(by_org)


def _upward(graph: nx.DiGraph, org: str, max_depth: int) -> tuple[set[str], set[str]]:
    """Subjects with a link path to ``org`` of at most ``max_depth`` edges, and those of them
    with a link from beyond (where the depth bound cuts the walk)."""
    if org not in graph:
        return {org}, set()
    dist = nx.single_source_shortest_path_length(graph.reverse(copy=False), org, cutoff=max_depth)
    nodes = set(dist)
    cut = {
        node
        for node, d in dist.items()
        if d == max_depth and any(pred not in nodes for pred in graph.pred[node])
    }
    return nodes, cut


def chain_cut(
    org: str, holdings: Iterable[Holding], declared: Iterable[DeclaredControl], max_depth: int
) -> bool:
    """Whether some link chain above ``org`` (at any time) is longer than ``max_depth``."""
    graph = nx.DiGraph()
    graph.add_edges_from((h.holder, h.org) for h in holdings)
    graph.add_edges_from((d.holder, d.org) for d in declared)
    return bool(_upward(graph, org, max_depth)[1])


@dataclass(slots=True)
class _Core:
    """Control above one organisation, shared by the at-a-time and during-a-period answers."""

    proj: _Projection
    controls: dict[str, set[str]]
    controllers: set[str]
    ultimate: list[str]
    truncated: bool


def _core(
    org: str,
    holdings: Iterable[Holding],
    declared: Iterable[DeclaredControl],
    t: date,
    max_depth: int,
) -> _Core:
    full = _Projection.at(holdings, declared, t)
    nodes, cut = _upward(full.link_graph(), org, max_depth)
    proj = full.restricted_to(nodes)
    controls = _control_fixpoint(proj)
    controlled_by: dict[str, set[str]] = defaultdict(set)
    for s, orgs in controls.items():
        for o in orgs:
            controlled_by[o].add(s)
    controllers = controlled_by.get(org, set())
    # R-SUBJ-3: the ultimate controllers are the controllers that nobody controls. One with a
    # link from beyond the depth bound may be controlled from there: it is never named
    # (R-PROP-3 excludes intermediate holding companies; `truncated` says the chain was cut).
    ultimate = sorted(s for s in controllers if not controlled_by.get(s) and s not in cut)
    return _Core(proj, controls, set(controllers), ultimate, bool(cut))


def _explain(core: _Core, subject: str, org: str, at: date) -> UltimateController:
    """One explanatory path from ``subject`` to ``org`` through organisations it controls."""
    through = core.controls[subject] | {subject}
    graph = core.proj.restricted_to(through).link_graph()
    path: list[str] = nx.shortest_path(graph, subject, org)
    share = core.proj.shares.get((subject, org), 0.0) + sum(
        core.proj.shares.get((x, org), 0.0) for x in core.controls[subject] if x != org
    )
    return UltimateController(
        subject=subject,
        path=path,
        control_share=share,
        effective_share=0.0,
        declared=(subject, org) in core.proj.declared,
        at=at,
    )


def ultimate_controllers(
    org: str,
    holdings: Iterable[Holding],
    declared: Iterable[DeclaredControl],
    t: date,
    max_depth: int = 10,
    natural_persons: Set[str] | None = None,
) -> ControlAnswer:
    """Return the control structure above ``org`` at ``t`` (R-SUBJ-3, R-PROP-3).

    Only the part of the graph upward from ``org`` within ``max_depth`` links counts;
    ``truncated`` says when the bound cut something off.

    Parameters
    ----------
    org : str
        The organisation.
    holdings, declared : iterable
        Holding and declared-controller links (any time; filtered at ``t``).
    t : date
        The time of evaluation.
    max_depth : int, optional
        Longest chain of links followed upward, and longest ownership path and cycle.
    natural_persons : set of str, optional
        When given, ``beneficial_owners`` keeps only these subjects; otherwise it lists
        every subject over the threshold and the caller filters natural persons.

    Returns
    -------
    ControlAnswer

    Examples
    --------
    A 60 % → 60 % pyramid: the top is the ultimate controller, the middle company is not.

    >>> from datetime import date
    >>> d = date(2020, 1, 1)
    >>> hs = [Holding("P", "A", 0.6, d), Holding("A", "B", 0.6, d)]
    >>> ans = ultimate_controllers("B", hs, [], d)
    >>> [(u.subject, u.path, round(u.effective_share, 2)) for u in ans.ultimate_controllers]
    [('P', ['P', 'A', 'B'], 0.36)]
    >>> ans.controllers, ans.beneficial_owners
    (['A', 'P'], {'A': 0.6, 'P': 0.36})

    A mutual-control cycle with nobody above it has no ultimate controller; it is reported.

    >>> hs = [Holding("A", "B", 0.6, d), Holding("B", "A", 0.6, d), Holding("A", "C", 1.0, d)]
    >>> ans = ultimate_controllers("C", hs, [], d)
    >>> ans.ultimate_controllers, ans.control_cycles, ans.cycles
    ([], [['A', 'B']], [['A', 'B']])
    """
    holdings, declared = list(holdings), list(declared)
    core = _core(org, holdings, declared, t, max_depth)
    holding_graph = core.proj.holding_graph()
    sums = effective_shares(holding_graph, org, max_depth)
    shares = sums.shares
    ultimate = [
        replace(_explain(core, s, org, t), effective_share=shares.get(s, 0.0))
        for s in core.ultimate
    ]
    # R-SUBJ-3: groups of mutually controlling controllers that nobody outside controls.
    controlled_by: dict[str, set[str]] = defaultdict(set)
    for s, orgs in core.controls.items():
        for o in orgs:
            controlled_by[o].add(s)
    groups = {
        tuple(sorted(controlled_by[s] | {s}))
        for s in core.controllers
        if controlled_by.get(s) and controlled_by[s] <= core.controls.get(s, set())
    }
    found_cycles, cycles_cut = bounded_cycles(holding_graph, max_depth, CYCLE_LIMIT)
    cycles = sorted(found_cycles)
    owners = {
        s: v
        for s, v in shares.items()
        if v >= BENEFICIAL_OWNER_THRESHOLD - RATIO_EPSILON
        and (natural_persons is None or s in natural_persons)
    }
    return ControlAnswer(
        org=org,
        at=t,
        ultimate_controllers=ultimate,
        declared_controllers=sorted(s for s, o in core.proj.declared if o == org),
        controllers=sorted(core.controllers),
        control_cycles=[list(g) for g in sorted(groups)],
        effective_shares=shares,
        beneficial_owners=owners,
        cycles=cycles,
        truncated=core.truncated or not sums.exact or cycles_cut,
    )


def _overlapping(
    links: Iterable[Holding | DeclaredControl], start: date, end: date
) -> list[Holding | DeclaredControl]:
    """The links (treasury shares left out) active at some time in ``[start, end]``."""
    return [
        link
        for link in links
        if link.holder != link.org
        and link.valid_from <= end
        and (link.valid_to is None or start < link.valid_to)
    ]


def _longest_paths(graph: nx.DiGraph, org: str) -> dict[str, int]:
    """For each subject with a link path to ``org``, a bound on the links of its longest simple
    path there: the members of the strongly connected components it can pass, less one."""
    part = graph.subgraph(nx.ancestors(graph, org) | {org})
    condensed = nx.condensation(part)
    most: dict[int, int] = {}
    for c in reversed(list(nx.topological_sort(condensed))):  # org's component first
        size = len(condensed.nodes[c]["members"])
        most[c] = size + max((most[d] for d in condensed.succ[c]), default=0)
    mapping = condensed.graph["mapping"]
    return {node: most[mapping[node]] - 1 for node in part}


def _relevant_links(
    org: str,
    holdings: list[Holding],
    declared: list[DeclaredControl],
    start: date,
    end: date,
    max_depth: int,
) -> list[Holding | DeclaredControl]:
    """The links whose coming or going can change who ultimately controls ``org`` in
    ``[start, end]``: only their bounds need an evaluation (R-PROP-3, issue 17).

    Control only grows with links and ratios, so the control at any time lies within
    ``C``, the control computed with every link of the period at once (each pair's holdings
    summed). A holding ``h → o`` only ever adds its ratio to the aggregate in ``o`` of ``h``
    and of those controlling ``h``; when none of them controls ``o`` in ``C``, it never tips
    a share over the threshold, at any time. It can still matter through the depth bound
    (who is within ``max_depth`` links, whose chain is cut): not when no simple path into
    ``org`` reaches ``max_depth`` links, nor for a holder nothing points into (it shortens
    no other path) whose organisation lies nearer than ``max_depth``. Every other link and
    every declaration counts.
    """
    links = _overlapping([*holdings, *declared], start, end)
    graph = nx.DiGraph()
    graph.add_node(org)
    graph.add_edges_from((link.holder, link.org) for link in links)
    longest = _longest_paths(graph, org)
    deep = max(longest.values()) >= max_depth
    widest = _Projection()
    for link in links:
        pair = (link.holder, link.org)
        if isinstance(link, Holding):
            widest.shares[pair] = widest.shares.get(pair, 0.0) + link.ratio
        else:
            widest.declared.add(pair)
    most = _control_fixpoint(widest)
    above: dict[str, set[str]] = defaultdict(set)
    for s, orgs in most.items():
        for o in orgs:
            above[o].add(s)

    def matters(link: Holding | DeclaredControl) -> bool:
        if link.org not in longest:  # no path into org at any time
            return False
        if isinstance(link, DeclaredControl):
            return True
        tipping = any(link.org in most.get(s, ()) for s in {link.holder} | above[link.holder])
        if tipping or not deep:
            return tipping
        leaf = graph.in_degree(link.holder) == 0
        return not leaf or longest[link.org] >= max_depth

    return [link for link in links if matters(link)]


def _breakpoints(links: Iterable[Holding | DeclaredControl], start: date, end: date) -> list[date]:
    """``start`` and every validity bound of ``links`` in ``(start, end]``."""
    points = {start}
    for link in links:
        for bound in (link.valid_from, link.valid_to):
            if bound is not None and start < bound <= end:
                points.add(bound)
    return sorted(points)


def ultimate_controllers_during(
    org: str,
    holdings: Iterable[Holding],
    declared: Iterable[DeclaredControl],
    start: date,
    end: date,
    max_depth: int = 10,
) -> dict[str, UltimateController]:
    """Return the ultimate controllers of ``org`` at any time in ``[start, end]`` (R-PROP-3).

    DESIGN §5 rule 3 for ACTUAL_CONTROLLER through the control chain: control is piecewise
    constant between validity bounds, so it is evaluated at ``start`` and at every
    ``valid_from`` / ``valid_to`` in ``(start, end]`` of a link that can change it (a
    holder too small ever to tip a share over the threshold adds no evaluation:
    ``_relevant_links``). Intermediate holding companies are not
    ultimate controllers. Declared controllers of ``org`` are reached by rule 3 on their own
    (by their declaration's interval); they appear here only when they are ultimate.

    Parameters
    ----------
    org : str
        The organisation (e.g. the one listed for a dishonest act).
    holdings, declared : iterable
        Holding and declared-controller links.
    start, end : date
        The period, both ends included (for an ongoing act, ``end`` is the as-of date).
    max_depth : int, optional
        Longest chain of links followed upward.

    Returns
    -------
    dict of str to UltimateController
        Keyed by subject id (the keys are the set of controllers); each value explains the
        earliest evaluated time at which the subject was an ultimate controller. Its
        ``effective_share`` is not computed (0.0).

    Examples
    --------
    >>> from datetime import date
    >>> hs = [Holding("P", "O", 0.6, date(2020, 1, 1), date(2020, 6, 1)),
    ...       Holding("Q", "O", 0.7, date(2020, 6, 1))]
    >>> sorted(ultimate_controllers_during("O", hs, [], date(2020, 3, 1), date(2020, 12, 31)))
    ['P', 'Q']
    >>> sorted(ultimate_controllers_during("O", hs, [], date(2020, 3, 1), date(2020, 5, 31)))
    ['P']
    """
    holdings, declared = list(holdings), list(declared)
    found: dict[str, UltimateController] = {}
    if end < start:
        return found
    relevant = _relevant_links(org, holdings, declared, start, end, max_depth)
    for t in _breakpoints(relevant, start, end):
        core = _core(org, holdings, declared, t, max_depth)
        for s in core.ultimate:
            if s not in found:
                found[s] = _explain(core, s, org, t)
    return found
