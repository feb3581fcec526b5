"""PRC working days for the workflow deadlines (R-TIME-2, R-TIME-3; Art. 41, 43).

A working day follows the official calendar: Monday to Friday, except public holidays, plus
the adjusted working days (调休) on which a weekend day is worked. The data comes from
`chinese-calendar`, which knows only the years the State Council had published when it was
released. The State Council publishes each year's schedule in the November before it, often
before a new `chinese-calendar` is out, so an operator can add the following years from the
notice with a supplement file (`GRAPH_SERVICE_WORKDAY_CALENDAR`, `WorkCalendar.supplemented`).
Outside the years known, every function here fails with `CalendarNotCovered` rather than guess,
except `WorkCalendar.deadline`: a citizen's objection or statement is never refused for a
missing holiday table (Art. 40-41, 28 para. 3), so a period running past the last year known
is counted on the statutory holidays of that year (the `holidays` package computes them from
the holiday law and the lunar calendar) and marked provisional, to be settled once the notice
is loaded (`Deadline`).

A period "within N working days from day D" (自…之日起N个工作日内) does not count D itself
(the general PRC rule that the first day of a period is not counted): its last day is the
N-th working day after D. Days inside a pause (testing, inspection, quarantine, appraisal or
expert review, Art. 41 para. 3) are not counted either.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import holidays as _statutory
from chinese_calendar import constants as _calendar
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

Pause = tuple[date, date]


class CalendarNotCovered(ValueError):
    """A day outside the years for which the PRC calendar in use has official data."""


class CalendarFileError(ValueError):
    """A supplement file that cannot be used; the message names the file and the entry."""


class SupplementYear(BaseModel):
    """One year of the State Council's holiday notice (国务院办公厅关于…年部分节假日安排的通知)."""

    model_config = ConfigDict(extra="forbid")

    year: int = Field(ge=2004, le=2100)
    source: str = Field(min_length=1, description="The notice, e.g. its document number")
    holidays: list[date] = Field(description="Every day off of the year's public holidays")
    workdays: list[date] = Field(
        default_factory=list, description="Weekend days worked in lieu (调休上班)"
    )

    @model_validator(mode="after")
    def _inside_the_year(self) -> SupplementYear:
        for day in (*self.holidays, *self.workdays):
            if day.year != self.year:
                raise ValueError(f"{day.isoformat()} is not in {self.year}")
        for day in self.workdays:
            if day.weekday() < 5:
                raise ValueError(f"{day.isoformat()} is a weekday: only weekend days are worked")
        return self


@dataclass(frozen=True)
class Deadline:
    """The last day of a working-day period; `provisional` when a day the count went through
    lies after the years of the official calendar in use, so that it rests on the statutory
    holidays alone (no State Council notice yet, no adjusted working days known)."""

    day: date
    provisional: bool


@dataclass(frozen=True)
class WorkCalendar:
    """Official PRC holidays and adjusted working days, for a run of consecutive years."""

    first_year: int
    last_year: int
    holidays: frozenset[date]
    adjusted_workdays: frozenset[date]

    @classmethod
    def official(cls) -> WorkCalendar:
        """The years `chinese-calendar` knows."""
        return cls(
            first_year=min(_calendar.holidays).year,
            last_year=max(_calendar.holidays).year,
            holidays=frozenset(_calendar.holidays),
            adjusted_workdays=frozenset(_calendar.workdays),
        )

    def supplemented(self, path: Path) -> WorkCalendar:
        """This calendar and the years of a supplement file: a JSON list of `SupplementYear`
        objects, each the year right after the last one known (no gaps, no overrides)."""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CalendarFileError(f"{path}: cannot read a JSON list ({exc})") from None
        if not isinstance(raw, list):
            raise CalendarFileError(f"{path}: expected a JSON list of years")
        calendar = self
        for index, item in enumerate(raw):
            try:
                year = SupplementYear.model_validate(item)
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(part) for part in first["loc"]) or "entry"
                raise CalendarFileError(f"{path}[{index}].{where}: {first['msg']}") from None
            if year.year != calendar.last_year + 1:
                raise CalendarFileError(
                    f"{path}[{index}].year: {year.year} does not follow {calendar.last_year}, "
                    "the last year known"
                )
            calendar = WorkCalendar(
                first_year=calendar.first_year,
                last_year=year.year,
                holidays=calendar.holidays | frozenset(year.holidays),
                adjusted_workdays=calendar.adjusted_workdays | frozenset(year.workdays),
            )
        return calendar

    def covers(self, day: date) -> bool:
        return self.first_year <= day.year <= self.last_year

    def _check_covered(self, day: date) -> None:
        if not self.covers(day):
            raise CalendarNotCovered(
                f"{day.isoformat()} is outside the official PRC working-day calendar in use "
                f"({self.first_year}-{self.last_year}); add the State Council's notice for "
                f"{day.year} with GRAPH_SERVICE_WORKDAY_CALENDAR, or update chinese-calendar"
            )

    def is_working_day(self, day: date) -> bool:
        """True on an official PRC working day (adjusted working days included)."""
        self._check_covered(day)
        if day in self.adjusted_workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: date, n: int, paused: Sequence[Pause] = ()) -> date:
        """The last day of a period of `n` working days counted from the day after `start`
        (see `add_working_days`)."""
        if n < 0:
            raise ValueError(f"a period has a non-negative number of working days, not {n}")
        self._check_covered(start)
        return self._count(start, n, paused, self.is_working_day)

    def deadline(self, start: date, n: int, paused: Sequence[Pause] = ()) -> Deadline:
        """Like `add_working_days`, but a year after the last one known is counted on its
        statutory holidays (`provisional_working_day`) instead of failing: the answer is then
        marked provisional (Art. 40-41: a filing is never refused for a missing table).

        >>> OFFICIAL.deadline(date(2025, 9, 30), 3)
        Deadline(day=datetime.date(2025, 10, 11), provisional=False)
        """
        if n < 0:
            raise ValueError(f"a period has a non-negative number of working days, not {n}")
        if start.year < self.first_year:
            self._check_covered(start)
        provisional = False

        def working(day: date) -> bool:
            nonlocal provisional
            if day.year <= self.last_year:
                return self.is_working_day(day)
            provisional = True
            return provisional_working_day(day)

        day = self._count(start, n, paused, working)
        return Deadline(day=day, provisional=provisional or start.year > self.last_year)

    @staticmethod
    def _count(
        start: date, n: int, paused: Sequence[Pause], working: Callable[[date], bool]
    ) -> date:
        for first, last in paused:
            if last < first:
                raise ValueError(f"a pause ends ({last}) before it starts ({first})")
        day, counted = start, 0
        while counted < n:
            day += timedelta(days=1)
            if working(day) and not _paused(day, paused):
                counted += 1
        return day


OFFICIAL = WorkCalendar.official()


@cache
def _statutory_year(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """The statutory holidays (days off, the observed ones included) and the weekend days
    worked in lieu that the `holidays` package computes for one year of China."""
    china = _statutory.country_holidays("CN", years=year)
    worked = frozenset(day for day in china.weekend_workdays if day.year == year)
    return frozenset(china.keys()), worked


def provisional_working_day(day: date) -> bool:
    """A working day by the statutory holidays alone, for a year no notice covers yet.

    >>> provisional_working_day(date(2027, 1, 1))  # New Year's Day
    False
    >>> provisional_working_day(date(2027, 1, 4))
    True
    """
    days_off, worked = _statutory_year(day.year)
    if day in worked:
        return True
    return day.weekday() < 5 and day not in days_off


def calendar_in_use(supplement: Path | None) -> WorkCalendar:
    """The official calendar, extended by the operator's supplement file when one is set."""
    return OFFICIAL if supplement is None else OFFICIAL.supplemented(supplement)


def covered_years() -> tuple[int, int]:
    """The first and last calendar years the installed `chinese-calendar` data covers.

    >>> first, last = covered_years()
    >>> first <= 2025 <= last
    True
    """
    return OFFICIAL.first_year, OFFICIAL.last_year


def is_working_day(day: date) -> bool:
    """True on an official PRC working day (adjusted working days included).

    >>> is_working_day(date(2025, 10, 11))  # a Saturday worked for the National Day holiday
    True
    >>> is_working_day(date(2025, 10, 8))  # a Wednesday inside the holiday
    False
    """
    return OFFICIAL.is_working_day(day)


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
    return OFFICIAL.add_working_days(start, n, paused)
