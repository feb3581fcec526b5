"""The five-year query period of a dishonesty record (R-TIME-1, Art. 42 para 2), in one place.

Python asks `in_force_on`/`expires_on`; Cypher never adds years to a stored date: it compares
`act_end` with the parameter `expired_through(as_of)` (the last `act_end` already expired on
`as_of`), so a leap day or a far date can never make a query fail. Every function here is
total over `datetime.date`.

Periods counted in years end on the same day of the month in the final year; a 29 February
with no such day ends on 28 February (the last day of that month, as Civil Code Art. 202
counts periods, and as Neo4j's date arithmetic did).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

QUERY_YEARS: Final = 5

#: The dates ingest accepts (docs/DECISIONS.md "Dates at ingest"): nothing in the registry of
#: a municipal credit system precedes 1900 or reaches past 2099; beyond is a typing error.
EARLIEST_DATE: Final = date(1900, 1, 1)
LATEST_DATE: Final = date(2099, 12, 31)


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later (29 February -> 28 February); clamped to the
    calendar's ends rather than failing.

    >>> add_years(date(2020, 2, 29), 5)
    datetime.date(2025, 2, 28)
    >>> add_years(date(9999, 12, 31), 5)
    datetime.date(9999, 12, 31)
    """
    year = day.year + years
    if year > date.max.year:
        return date.max
    if year < date.min.year:
        return date.min
    if day.month == 2 and day.day == 29:
        try:
            return date(year, 2, 29)
        except ValueError:
            return date(year, 2, 28)
    return day.replace(year=year)


def expires_on(act_end: date | None) -> date | None:
    """The first day the record is out of force, or None when the act is ongoing."""
    return None if act_end is None else add_years(act_end, QUERY_YEARS)


def last_day_in_force(act_end: date | None) -> date | None:
    """`until` in answers: the day before `expires_on` (None for an ongoing act)."""
    end = expires_on(act_end)
    if end is None or end == date.min:
        return end
    return end - timedelta(days=1)


def in_force_on(act_end: date | None, as_of: date) -> bool:
    """Whether the five years after the act still run on `as_of`."""
    end = expires_on(act_end)
    return end is None or as_of < end


def expired_through(as_of: date) -> date:
    """The latest `act_end` whose record is out of force on `as_of`: the record is in force
    exactly when `act_end` is null or `act_end > expired_through(as_of)` (the Cypher side).

    >>> expired_through(date(2025, 2, 28))  # an act ended on 29 February 2020 expired too
    datetime.date(2020, 2, 29)
    >>> expired_through(date(2025, 3, 1))  # 1 March 2020 too: its five years ended that day
    datetime.date(2020, 3, 1)
    """
    candidate = add_years(as_of, -QUERY_YEARS)
    # add_years is monotone and never moves a day by more than one, so the answer is the
    # candidate or the day or two after it; step forward while the next day has expired too.
    while candidate < date.max:
        following = candidate + timedelta(days=1)
        if in_force_on(following, as_of):
            break
        candidate = following
    if in_force_on(candidate, as_of):  # only at the calendar's start
        return date.min
    return candidate


def within_ingest_range(day: date) -> bool:
    """Whether ingest accepts the date (EARLIEST_DATE..LATEST_DATE)."""
    return EARLIEST_DATE <= day <= LATEST_DATE
