"""R-TIME-1: the five-year rule, written once (graph_service/rules/credit_time.py)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from graph_service.rules.credit_time import (
    EARLIEST_DATE,
    LATEST_DATE,
    add_years,
    expired_through,
    expires_on,
    in_force_on,
    last_day_in_force,
)

DAYS = st.dates(min_value=date(1890, 1, 1), max_value=date(2200, 12, 31))
LEAP_DAYS = st.sampled_from([date(y, 2, 29) for y in (1904, 2000, 2020, 2024, 2096)])


def test_r_time_1_a_29_february_act_end_expires_on_28_february() -> None:
    assert expires_on(date(2020, 2, 29)) == date(2025, 2, 28)
    assert last_day_in_force(date(2020, 2, 29)) == date(2025, 2, 27)
    assert in_force_on(date(2020, 2, 29), date(2025, 2, 27))
    assert not in_force_on(date(2020, 2, 29), date(2025, 2, 28))
    assert expires_on(date(2019, 2, 28)) == date(2024, 2, 28)  # into a leap year: same day
    assert expires_on(None) is None and in_force_on(None, date.max)


@given(act_end=st.one_of(DAYS, LEAP_DAYS), as_of=st.one_of(DAYS, LEAP_DAYS))
def test_r_time_1_the_cypher_parameter_decides_exactly_as_python(
    act_end: date, as_of: date
) -> None:
    """Cypher keeps a record while `act_end > $expired_through`: the same answer, any day."""
    assert in_force_on(act_end, as_of) == (act_end > expired_through(as_of))


@given(day=st.dates())
def test_r_time_1_the_rule_is_total(day: date) -> None:
    expires_on(day)
    last_day_in_force(day)
    expired_through(day)
    assert add_years(day, 5) >= day


def test_r_time_1_the_ingest_range_ends_expire_without_overflow() -> None:
    assert expires_on(LATEST_DATE) == date(2104, 12, 31)
    assert expired_through(EARLIEST_DATE) < EARLIEST_DATE
    assert expired_through(date.max) <= date.max
