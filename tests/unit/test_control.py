"""Control chain, ultimate controllers and beneficial owners (R-SUBJ-3, R-PROP-3).

Hand-written legal scenarios, then property tests against brute-force implementations
written here on purpose differently (no networkx, exact integer tenths, no worklist).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from graph_service.analytics.control import (
    DeclaredControl,
    Holding,
    controllers_at,
    ultimate_controllers,
    ultimate_controllers_during,
)

D0 = date(2020, 1, 1)
T = date(2021, 6, 1)


def h(holder: str, org: str, ratio: float, start: date = D0, end: date | None = None) -> Holding:
    return Holding(holder, org, ratio, start, end)


def dc(holder: str, org: str, start: date = D0, end: date | None = None) -> DeclaredControl:
    return DeclaredControl(holder, org, start, end)


# --- hand-written legal scenarios -----------------------------------------------------------


def test_r_subj_3_pyramid_top_is_ultimate_controller() -> None:
    holdings = [h("P", "A", 0.6), h("A", "O", 0.6)]
    ans = ultimate_controllers("O", holdings, [], T)
    assert [u.subject for u in ans.ultimate_controllers] == ["P"]
    top = ans.ultimate_controllers[0]
    assert top.path == ["P", "A", "O"]
    assert top.control_share == 0.6  # via A, which P controls
    assert abs(top.effective_share - 0.36) < 1e-9
    assert ans.controllers == ["A", "P"]  # A is an intermediate, not ultimate (R-PROP-3)
    assert ans.cycles == [] and not ans.truncated


def test_r_subj_3_two_controlled_subsidiaries_30_plus_30_is_control() -> None:
    holdings = [h("P", "S1", 0.6), h("P", "S2", 0.7), h("S1", "O", 0.3), h("S2", "O", 0.3)]
    assert controllers_at(holdings, [], T)["O"] == {"P"}
    ans = ultimate_controllers("O", holdings, [], T)
    (top,) = ans.ultimate_controllers
    assert top.subject == "P"
    assert abs(top.control_share - 0.6) < 1e-9
    assert top.path in (["P", "S1", "O"], ["P", "S2", "O"])
    assert abs(ans.effective_shares["P"] - (0.6 * 0.3 + 0.7 * 0.3)) < 1e-9


def test_r_subj_3_exactly_50_percent_is_not_control() -> None:
    # 0.1 + 0.2 + 0.2 is 0.5000000000000001 in floating point: still not control.
    holdings = [
        h("P", "O", 0.1),
        h("P", "S1", 1.0),
        h("P", "S2", 1.0),
        h("S1", "O", 0.2),
        h("S2", "O", 0.2),
        h("Q", "O2", 0.5),
    ]
    rel = controllers_at(holdings, [], T)
    assert "O" not in rel and "O2" not in rel
    assert ultimate_controllers("O", holdings, [], T).ultimate_controllers == []


def test_r_subj_3_two_cycle_without_outside_controller_has_no_ultimate_and_is_reported() -> None:
    holdings = [h("A", "B", 0.6), h("B", "A", 0.6)]
    rel = controllers_at(holdings, [], T)
    assert rel == {"A": {"B"}, "B": {"A"}}
    ans = ultimate_controllers("A", holdings, [], T)
    assert ans.ultimate_controllers == []
    assert ans.controllers == ["B"]
    assert ans.control_cycles == [["A", "B"]]
    assert ans.cycles == [["A", "B"]]
    # Effective shares along simple paths only: B's 0.6, not a geometric series.
    assert ans.effective_shares == {"B": 0.6}


def test_r_subj_3_cycle_under_an_outside_controller() -> None:
    holdings = [h("A", "B", 0.6), h("B", "A", 0.3), h("Z", "A", 0.6), h("B", "O", 1.0)]
    ans = ultimate_controllers("O", holdings, [], T)
    assert [u.subject for u in ans.ultimate_controllers] == ["Z"]
    assert ans.ultimate_controllers[0].path == ["Z", "A", "B", "O"]
    assert ans.control_cycles == []
    assert ans.cycles == [["A", "B"]]


def test_r_time_holding_ended_before_t_does_not_count() -> None:
    holdings = [h("P", "O", 0.8, D0, date(2021, 1, 1)), h("Q", "O", 0.2)]
    assert controllers_at(holdings, [], T) == {}
    assert controllers_at(holdings, [], date(2020, 12, 31)) == {"O": {"P"}}
    # valid_to is exclusive (DESIGN §4).
    assert controllers_at(holdings, [], date(2021, 1, 1)) == {}
    assert ultimate_controllers("O", holdings, [], T).effective_shares == {"Q": 0.2}


def test_r_subj_2_declared_controller_and_chain_through_a_declaration() -> None:
    holdings = [h("P", "A", 0.9), h("X", "O", 0.4)]
    declared = [dc("A", "O")]
    ans = ultimate_controllers("O", holdings, declared, T)
    assert ans.declared_controllers == ["A"]
    assert ans.controllers == ["A", "P"]
    (top,) = ans.ultimate_controllers
    assert (top.subject, top.path, top.declared) == ("P", ["P", "A", "O"], False)
    assert top.control_share == 0.0  # control through the declaration, not shares


def test_r_subj_2_declared_controller_is_ultimate_when_nobody_controls_it() -> None:
    ans = ultimate_controllers("O", [h("X", "O", 0.4)], [dc("K", "O")], T)
    assert [(u.subject, u.path, u.declared) for u in ans.ultimate_controllers] == [
        ("K", ["K", "O"], True)
    ]


def test_r_subj_3_beneficial_owner_threshold() -> None:
    holdings = [h("P1", "A", 0.6), h("A", "O", 0.5), h("P2", "B", 0.4), h("B", "O", 0.5)]
    ans = ultimate_controllers("O", holdings, [], T, natural_persons={"P1", "P2"})
    assert abs(ans.effective_shares["P1"] - 0.30) < 1e-9
    assert abs(ans.effective_shares["P2"] - 0.20) < 1e-9
    assert set(ans.beneficial_owners) == {"P1"}  # 0.30 >= 0.25, 0.20 is not
    # Without the filter every subject over the threshold is returned (caller filters).
    assert set(ultimate_controllers("O", holdings, [], T).beneficial_owners) == {"A", "B", "P1"}


def test_r_subj_3_depth_bound_truncates() -> None:
    holdings = [h("P", "A", 1.0), h("A", "B", 1.0), h("B", "O", 1.0)]
    ans = ultimate_controllers("O", holdings, [], T, max_depth=2)
    assert ans.truncated
    # R-PROP-3: A is held from beyond the bound, so it is never named ultimate controller.
    assert ans.ultimate_controllers == []
    assert "P" not in ans.effective_shares
    assert not ultimate_controllers("O", holdings, [], T, max_depth=3).truncated


def test_r_subj_3_treasury_shares_are_ignored() -> None:
    holdings = [h("O", "O", 0.3), h("P", "O", 0.5)]
    assert controllers_at(holdings, [], T) == {}
    assert ultimate_controllers("O", holdings, [], T).cycles == []


def test_r_prop_3_ultimate_controllers_during_act_period() -> None:
    holdings = [
        h("P", "A", 0.6, D0, date(2021, 3, 1)),
        h("Q", "A", 0.6, date(2021, 3, 1)),
        h("A", "O", 0.7),
    ]
    during = ultimate_controllers_during("O", holdings, [], date(2021, 1, 1), date(2021, 12, 31))
    assert set(during) == {"P", "Q"}  # A is an intermediate holding company, not reached
    assert during["Q"].at == date(2021, 3, 1) and during["Q"].path == ["Q", "A", "O"]
    # The act ended the day before Q arrived: Q is not reached (R-PROP-2).
    assert set(ultimate_controllers_during("O", holdings, [], D0, date(2021, 2, 28))) == {"P"}
    # The act started on the day P left.
    assert set(ultimate_controllers_during("O", holdings, [], date(2021, 3, 1), T)) == {"Q"}


# --- brute-force oracles (independent of the implementation) --------------------------------

NODES = [f"N{i}" for i in range(7)]
DAYS = [D0 + timedelta(days=i) for i in range(8)]


def _tenths(ratio: float) -> int:
    return round(ratio * 10)


def _active(start: date, end: date | None, t: date) -> bool:
    return start <= t and (end is None or t < end)


def brute_control(
    holdings: list[Holding], declared: list[DeclaredControl], t: date
) -> dict[str, set[str]]:
    """Repeated full recomputation over all pairs until nothing changes; exact tenths."""
    shares: dict[tuple[str, str], int] = defaultdict(int)
    for x in holdings:
        if _active(x.valid_from, x.valid_to, t):
            shares[(x.holder, x.org)] += _tenths(x.ratio)
    decl = {(x.holder, x.org) for x in declared if _active(x.valid_from, x.valid_to, t)}
    nodes = sorted({n for pair in [*shares, *decl] for n in pair})
    controls: dict[str, set[str]] = {n: set() for n in nodes}
    changed = True
    while changed:
        changed = False
        snapshot = {n: set(c) for n, c in controls.items()}
        for s in nodes:
            for o in nodes:
                if s == o or o in snapshot[s]:
                    continue
                total = shares.get((s, o), 0) + sum(
                    shares.get((x, o), 0) for x in snapshot[s] if x != o
                )
                chain = any(o in snapshot[x] for x in snapshot[s])
                if (s, o) in decl or total > 5 or chain:
                    controls[s].add(o)
                    changed = True
    return controls


def brute_ultimate(controls: dict[str, set[str]], org: str) -> set[str]:
    controllers = {s for s, c in controls.items() if org in c}
    return {s for s in controllers if not any(s in c for c in controls.values())}


def brute_effective(holdings: list[Holding], org: str, t: date) -> dict[str, Fraction]:
    """DFS enumeration of simple ownership paths, exact fractions."""
    up: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for x in holdings:
        if x.holder != x.org and _active(x.valid_from, x.valid_to, t):
            up[x.org][x.holder] += _tenths(x.ratio)
    result: dict[str, Fraction] = defaultdict(Fraction)

    def dfs(node: str, visited: frozenset[str], product: Fraction) -> None:
        for holder, tenths in up[node].items():
            if holder in visited:
                continue
            p = product * Fraction(tenths, 10)
            result[holder] += p
            dfs(holder, visited | {holder}, p)

    dfs(org, frozenset({org}), Fraction(1))
    return dict(result)


def brute_cycles(holdings: list[Holding], t: date) -> list[list[str]]:
    succ: dict[str, set[str]] = defaultdict(set)
    for x in holdings:
        if x.holder != x.org and _active(x.valid_from, x.valid_to, t):
            succ[x.holder].add(x.org)
    found: list[list[str]] = []

    def walk(start: str, path: list[str]) -> None:
        for nxt in sorted(succ[path[-1]]):
            if nxt == start:
                found.append(list(path))
            elif nxt > start and nxt not in path:
                walk(start, [*path, nxt])

    for start in sorted(succ):
        walk(start, [start])
    return sorted(found)


@st.composite
def registries(draw: st.DrawFn) -> tuple[list[Holding], list[DeclaredControl]]:
    """Random small cyclic holding graphs: <= 7 nodes, tenths, per-org totals <= 1."""
    n = draw(st.integers(min_value=2, max_value=7))
    nodes = NODES[:n]
    holdings: list[Holding] = []
    for org in nodes:
        budget = 10
        for holder in draw(st.lists(st.sampled_from(nodes), max_size=4)):
            if budget == 0:
                break
            tenths = draw(st.integers(min_value=1, max_value=budget))
            budget -= tenths
            start = draw(st.sampled_from(DAYS[:4]))
            end = draw(st.one_of(st.none(), st.sampled_from(DAYS[3:])))
            if end is not None and end <= start:
                end = None
            holdings.append(Holding(holder, org, tenths / 10, start, end))
    declared = [
        DeclaredControl(a, b, draw(st.sampled_from(DAYS[:4])), draw(st.sampled_from([None, *DAYS])))
        for a, b in draw(
            st.lists(st.tuples(st.sampled_from(nodes), st.sampled_from(nodes)), max_size=2)
        )
    ]
    return holdings, declared


PROPERTY = settings(max_examples=150, deadline=None)


@PROPERTY
@given(registries(), st.sampled_from(DAYS))
def test_r_subj_3_property_control_fixpoint_matches_brute_force(
    reg: tuple[list[Holding], list[DeclaredControl]], t: date
) -> None:
    holdings, declared = reg
    brute = brute_control(holdings, declared, t)
    expected: dict[str, set[str]] = defaultdict(set)
    for s, orgs in brute.items():
        for o in orgs:
            expected[o].add(s)
    assert controllers_at(holdings, declared, t) == dict(expected)


@PROPERTY
@given(registries(), st.sampled_from(DAYS), st.sampled_from(NODES[:4]))
def test_r_subj_3_property_ultimate_controllers_match_brute_force(
    reg: tuple[list[Holding], list[DeclaredControl]], t: date, org: str
) -> None:
    holdings, declared = reg
    brute = brute_control(holdings, declared, t)
    ans = ultimate_controllers(org, holdings, declared, t)
    assert {u.subject for u in ans.ultimate_controllers} == brute_ultimate(brute, org)
    assert set(ans.controllers) == {s for s, c in brute.items() if org in c}
    assert not ans.truncated  # 7 nodes never reach the default depth of 10
    if ans.controllers:  # R-SUBJ-3: no ultimate controller only when a cycle is reported
        assert ans.ultimate_controllers or ans.control_cycles
    active = {(x.holder, x.org) for x in holdings if _active(x.valid_from, x.valid_to, t)}
    active |= {(x.holder, x.org) for x in declared if _active(x.valid_from, x.valid_to, t)}
    for u in ans.ultimate_controllers:  # R-PROP-6: the path explains the control
        assert u.path[0] == u.subject and u.path[-1] == org
        assert len(set(u.path)) == len(u.path)
        assert all(pair in active for pair in zip(u.path, u.path[1:], strict=False))
        assert all(x in brute[u.subject] for x in u.path[1:])


@PROPERTY
@given(registries(), st.sampled_from(DAYS), st.sampled_from(NODES[:4]))
def test_r_subj_3_property_effective_shares_and_cycles_match_brute_force(
    reg: tuple[list[Holding], list[DeclaredControl]], t: date, org: str
) -> None:
    holdings, declared = reg
    ans = ultimate_controllers(org, holdings, declared, t)
    expected = {s: v for s, v in brute_effective(holdings, org, t).items()}
    assert set(ans.effective_shares) == set(expected)
    for s, v in expected.items():
        assert abs(ans.effective_shares[s] - float(v)) < 1e-9
    assert set(ans.beneficial_owners) == {s for s, v in expected.items() if v >= Fraction(1, 4)}
    # Cycles met upward of org: those among the subjects with a link path to org.
    links: list[Holding | DeclaredControl] = [*holdings, *declared]
    upward = {org}
    grown = True
    while grown:
        more = {
            x.holder
            for x in links
            if x.org in upward and x.holder not in upward and _active(x.valid_from, x.valid_to, t)
        }
        upward |= more
        grown = bool(more)
    reachable_cycles = [c for c in brute_cycles(holdings, t) if set(c) <= upward]
    assert ans.cycles == reachable_cycles


@settings(max_examples=100, deadline=None)
@given(registries(), st.sampled_from(NODES[:4]), st.sampled_from(DAYS), st.sampled_from(DAYS))
def test_r_prop_3_property_during_is_union_over_every_day(
    reg: tuple[list[Holding], list[DeclaredControl]], org: str, a: date, b: date
) -> None:
    holdings, declared = reg
    start, end = min(a, b), max(a, b)
    expected: set[str] = set()
    day = start
    while day <= end:  # every day, not only the breakpoints
        expected |= brute_ultimate(brute_control(holdings, declared, day), org)
        day += timedelta(days=1)
    during = ultimate_controllers_during(org, holdings, declared, start, end)
    assert set(during) == expected
    for s, hit in during.items():
        assert start <= hit.at <= end
        assert s in brute_ultimate(brute_control(holdings, declared, hit.at), org)
