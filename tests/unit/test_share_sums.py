"""R-SUBJ-3's sweep over holdings (store.ingest.first_excess) finds what summing the holdings
at every start finds, and stays fast for an organisation with many holders and start dates."""

from __future__ import annotations

import time
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from graph_service.store.ingest import Holding, first_excess

DAY0 = date(2020, 1, 1)


def _brute_force(holdings: list[Holding]) -> tuple[date, float] | None:
    """The definition: the sum at each start, from the earliest."""
    for moment in sorted({valid_from for _, valid_from, _ in holdings}):
        total = sum(
            ratio
            for ratio, valid_from, valid_to in holdings
            if valid_from <= moment and (valid_to is None or moment < valid_to)
        )
        if total > 1.0 + 1e-9:
            return moment, total
    return None


@st.composite
def _holdings(draw: st.DrawFn) -> list[Holding]:
    holdings = []
    for _ in range(draw(st.integers(0, 12))):
        start = DAY0 + timedelta(days=draw(st.integers(0, 20)))
        length = draw(st.one_of(st.none(), st.integers(1, 20)))
        ratio = draw(st.sampled_from([0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 1.0]))
        holdings.append((ratio, start, None if length is None else start + timedelta(length)))
    return holdings


@given(_holdings())
def test_the_sweep_finds_the_first_excess_the_definition_finds(holdings: list[Holding]) -> None:
    expected = _brute_force(holdings)
    found = first_excess(holdings)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert found[0] == expected[0]
        assert abs(found[1] - expected[1]) < 1e-9


def test_a_holding_no_longer_counts_on_its_end_date() -> None:
    ending = (0.6, DAY0, DAY0 + timedelta(days=10))
    assert first_excess([ending, (0.6, DAY0 + timedelta(days=10), None)]) is None
    assert first_excess([ending, (0.6, DAY0 + timedelta(days=9), None)]) == (
        DAY0 + timedelta(days=9),
        1.2,
    )


def test_many_holders_with_distinct_start_dates_are_checked_in_n_log_n() -> None:
    # 50,000 successive holdings of all shares, a day each, and half the shares from the last
    # day on: summing every holding at every start would take 50,000 × 50,000 steps.
    n = 50_000
    holdings: list[Holding] = [
        (1.0, DAY0 + timedelta(days=i), DAY0 + timedelta(days=i + 1)) for i in range(n)
    ]
    holdings.append((0.5, DAY0 + timedelta(days=n - 1), None))
    started = time.perf_counter()
    assert first_excess(holdings) == (DAY0 + timedelta(days=n - 1), 1.5)
    assert time.perf_counter() - started < 2.0
