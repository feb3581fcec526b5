"""PRC working days for the workflow deadlines (R-TIME-2, R-TIME-3; Art. 41, 43).

A working day follows the official calendar: Monday to Friday, except public holidays, plus
the adjusted working days (调休) on which a weekend day is worked. The data comes from
`chinese-calendar`, which knows only the years the State Council had published when it was
released: outside them every function here fails with `CalendarNotCovered` rather than guess.

A period "within N working days from day D" (自…之日起N个工作日内) does not count D itself
(the general PRC rule that the first day of a period is not counted): its last day is the
N-th working day after D. Days inside a pause (testing, inspection, quarantine, appraisal or
expert review, Art. 41 para. 3) are not counted either.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Final

from chinese_calendar import constants as _calendar

_FIRST_YEAR: Final[int] = min(_calendar.holidays).year
_LAST_YEAR: Final[int] = max(_calendar.holidays).year
_HOLIDAYS: Final[frozenset[date]] = frozenset(_calendar.holidays)
_ADJUSTED_WORKDAYS: Final[frozenset[date]] = frozenset(_calendar.workdays)

Pause = tuple[date, date]


class CalendarNotCovered(ValueError):
    """A day outside the years for which the installed PRC calendar has official data."""


def covered_years() -> tuple[int, int]:
    """The first and last calendar years the installed `chinese-calendar` data covers.

    >>> first, last = covered_years()
    >>> first <= 2025 <= last
    True
    """
    return _FIRST_YEAR, _LAST_YEAR


def _check_covered(day: date) -> None:
    if not _FIRST_YEAR <= day.year <= _LAST_YEAR:
        raise CalendarNotCovered(
            f"{day.isoformat()} is outside the official PRC working-day calendar installed "
            f"(chinese-calendar covers {_FIRST_YEAR}-{_LAST_YEAR}); update chinese-calendar"
        )


def is_working_day(day: date) -> bool:
    """True on an official PRC working day (adjusted working days included).

    >>> is_working_day(date(2025, 10, 11))  # a Saturday worked for the National Day holiday
    True
    >>> is_working_day(date(2025, 10, 8))  # a Wednesday inside the holiday
    False
    """
    _check_covered(day)
    if day in _ADJUSTED_WORKDAYS:
        return True
    return day.weekday() < 5 and day not in _HOLIDAYS


def _paused(day: date, paused: Sequence[Pause]) -> bool:
    return any(start <= day <= end for start, end in paused)


def add_working_days(start: date, n: int, paused: Sequence[Pause] = ()) -> date:
    """The last day of a period of `n` working days counted from the day after `start`.

    Parameters
    ----------
    start : date
        The day the period starts from (not counted), e.g. the day an objection is received.
    n : int
        How many working days the period lasts; 0 gives `start` itself.
    paused : sequence of (first, last) date pairs
        Intervals, both ends included, whose days do not count (Art. 41 para. 3).

    Raises
    ------
    ValueError
        When `n` is negative or a pause ends before it starts.
    CalendarNotCovered
        When a day the count needs is outside the installed calendar's years.

    Examples
    --------
    An objection received on the Tuesday before National Day 2025 is decided within three
    working days: 9, 10 and 11 October (a Saturday worked in lieu).

    >>> add_working_days(date(2025, 9, 30), 3)
    datetime.date(2025, 10, 11)
    >>> add_working_days(date(2025, 9, 30), 3, paused=[(date(2025, 10, 9), date(2025, 10, 9))])
    datetime.date(2025, 10, 13)
    """
    if n < 0:
        raise ValueError(f"a period has a non-negative number of working days, not {n}")
    for first, last in paused:
        if last < first:
            raise ValueError(f"a pause ends ({last}) before it starts ({first})")
    _check_covered(start)
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        if is_working_day(day) and not _paused(day, paused):
            counted += 1
    return day
