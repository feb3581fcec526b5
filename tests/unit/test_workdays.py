"""PRC working days (R-TIME-2, R-TIME-3): holidays, adjusted working days and pauses."""

from __future__ import annotations

import doctest
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph_service.main import create_app
from graph_service.rules import workdays
from graph_service.rules.workdays import (
    OFFICIAL,
    CalendarFileError,
    CalendarNotCovered,
    add_working_days,
    covered_years,
    is_working_day,
)
from graph_service.settings import Settings

NATIONAL_DAY_2025 = [date(2025, 10, day) for day in range(1, 9)]


def test_the_docstring_examples_hold() -> None:
    result = doctest.testmod(workdays)
    assert result.failed == 0 and result.attempted > 0


def test_national_day_2025_holidays_and_adjusted_working_days() -> None:
    assert not any(is_working_day(day) for day in NATIONAL_DAY_2025)
    assert is_working_day(date(2025, 9, 28)), "Sunday worked in lieu"
    assert is_working_day(date(2025, 10, 11)), "Saturday worked in lieu"
    assert not is_working_day(date(2025, 9, 27)), "an ordinary Saturday"
    assert not is_working_day(date(2025, 10, 12)), "an ordinary Sunday"


@pytest.mark.parametrize(
    ("start", "n", "deadline"),
    [
        # R-TIME-3: the day of receipt is not counted; the Sunday 28 Sept is worked.
        (date(2025, 9, 26), 3, date(2025, 9, 30)),
        # Across the holiday: 9, 10 and the Saturday 11 October.
        (date(2025, 9, 30), 3, date(2025, 10, 11)),
        (date(2025, 9, 29), 3, date(2025, 10, 10)),
        # Filed inside the holiday: the count starts on 9 October.
        (date(2025, 10, 3), 3, date(2025, 10, 11)),
        # Ten working days where the provider verifies (Art. 41).
        (date(2025, 9, 25), 10, date(2025, 10, 15)),
        (date(2025, 9, 30), 0, date(2025, 9, 30)),
    ],
)
def test_deadlines_across_national_day_2025(start: date, n: int, deadline: date) -> None:
    assert add_working_days(start, n) == deadline


def test_paused_days_do_not_count() -> None:
    # R-TIME-3 (Art. 41 para. 3): an appraisal on 9-10 October stops the clock.
    pause = (date(2025, 10, 9), date(2025, 10, 10))
    assert add_working_days(date(2025, 9, 30), 3, [pause]) == date(2025, 10, 14)
    # A pause over holidays and weekends only changes nothing.
    holiday = (date(2025, 10, 1), date(2025, 10, 8))
    assert add_working_days(date(2025, 9, 30), 3, [holiday]) == date(2025, 10, 11)
    # Overlapping pauses count each day once.
    overlapping = [pause, (date(2025, 10, 10), date(2025, 10, 11))]
    assert add_working_days(date(2025, 9, 30), 3, overlapping) == date(2025, 10, 15)


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        add_working_days(date(2025, 9, 30), -1)
    with pytest.raises(ValueError, match="before it starts"):
        add_working_days(date(2025, 9, 30), 3, [(date(2025, 10, 9), date(2025, 10, 8))])


def test_years_outside_the_installed_calendar_fail_clearly() -> None:
    first, last = covered_years()
    assert first <= 2021 and last >= 2025
    with pytest.raises(CalendarNotCovered, match=f"in use \\({first}-{last}\\)"):
        is_working_day(date(last + 1, 3, 2))
    with pytest.raises(CalendarNotCovered):
        add_working_days(date(first - 1, 6, 1), 3)
    # A period that runs past the last covered year fails too, rather than guess.
    with pytest.raises(CalendarNotCovered):
        add_working_days(date(last, 12, 30), 10)


@given(
    start=st.dates(min_value=date(2005, 1, 1), max_value=date(2024, 12, 31)),
    n=st.integers(min_value=0, max_value=15),
    pause_start=st.integers(min_value=0, max_value=20),
    pause_len=st.integers(min_value=0, max_value=10),
)
def test_the_deadline_counts_exactly_n_unpaused_working_days(
    start: date, n: int, pause_start: int, pause_len: int
) -> None:
    first = start + timedelta(days=pause_start)
    pause = (first, first + timedelta(days=pause_len))
    deadline = add_working_days(start, n, [pause])
    days = [start + timedelta(days=k) for k in range(1, (deadline - start).days + 1)]
    counted = [d for d in days if is_working_day(d) and not pause[0] <= d <= pause[1]]
    assert len(counted) == n
    assert n == 0 or counted[-1] == deadline
    assert add_working_days(start, n, [pause]) >= add_working_days(start, n)


def next_year_notice(year: int) -> dict[str, Any]:
    """A made-up notice for a test year: New Year's Day off, the Sunday before worked."""
    new_year = date(year, 1, 1)
    worked = next(date(year, 1, d) for d in range(2, 9) if date(year, 1, d).weekday() == 6)
    return {
        "year": year,
        "source": "test notice",
        "holidays": [new_year.isoformat(), date(year, 1, 2).isoformat()],
        "workdays": [worked.isoformat()],
    }


def write(tmp_path: Path, content: Any) -> Path:
    path = tmp_path / "calendar.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    return path


def test_r_time_3_a_supplement_extends_the_calendar_by_the_next_years_notice(
    tmp_path: Path,
) -> None:
    """docs/DECISIONS.md: the State Council's notice for a year not yet in chinese-calendar
    is added by the operator, never guessed."""
    last = OFFICIAL.last_year
    notice = next_year_notice(last + 1)
    calendar = OFFICIAL.supplemented(write(tmp_path, [notice]))
    assert calendar.last_year == last + 1
    worked = date.fromisoformat(notice["workdays"][0])
    assert calendar.is_working_day(worked), "a Sunday worked in lieu"
    assert not calendar.is_working_day(date(last + 1, 1, 1))
    # A period across the new year now has an end, and skips the new holidays.
    end = calendar.add_working_days(date(last, 12, 30), 10)
    assert end.year == last + 1
    assert calendar.is_working_day(end) and end > date(last + 1, 1, 2)
    with pytest.raises(CalendarNotCovered, match="GRAPH_SERVICE_WORKDAY_CALENDAR"):
        calendar.is_working_day(date(last + 2, 3, 2))


@pytest.mark.parametrize(
    ("content", "where"),
    [
        ({"year": 2099}, "expected a JSON list"),
        ([{"year": 2099, "source": "n", "holidays": []}], "does not follow"),
        ([{"source": "n", "holidays": []}], "[0].year"),
        ([{"year": "LAST", "source": "n", "holidays": ["2020-01-01"]}], "is not in"),
        ([{"year": "LAST", "source": "n", "holidays": [], "workdays": ["MONDAY"]}], "weekday"),
        ([{"year": "LAST", "source": "n", "holidays": [], "extra": 1}], "[0].extra"),
    ],
)
def test_a_bad_supplement_is_refused_naming_the_entry(
    tmp_path: Path, content: Any, where: str
) -> None:
    text = json.dumps(content).replace('"LAST"', str(OFFICIAL.last_year + 1))
    monday = next(
        date(OFFICIAL.last_year + 1, 1, d)
        for d in range(1, 8)
        if date(OFFICIAL.last_year + 1, 1, d).weekday() == 0
    )
    text = text.replace("MONDAY", monday.isoformat())
    path = tmp_path / "calendar.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CalendarFileError) as refused:
        OFFICIAL.supplemented(path)
    assert where in str(refused.value) and str(path) in str(refused.value)


def test_the_service_reads_its_supplement_at_start_up(tmp_path: Path) -> None:
    """GRAPH_SERVICE_WORKDAY_CALENDAR: the workflows count with it; a bad file stops start-up
    naming the entry, rather than surfacing as wrong deadlines later."""
    good = write(tmp_path, [next_year_notice(OFFICIAL.last_year + 1)])
    app = create_app(Settings(workday_calendar=good, pseudonym_key="k"))
    assert app.state.calendar.last_year == OFFICIAL.last_year + 1
    assert create_app(Settings(pseudonym_key="k")).state.calendar is OFFICIAL
    bad = write(tmp_path, [{"year": OFFICIAL.last_year + 2, "source": "n", "holidays": []}])
    with pytest.raises(CalendarFileError, match="does not follow"):
        create_app(Settings(workday_calendar=bad, pseudonym_key="k"))


def test_art_41_a_period_past_the_known_years_is_provisional_on_the_statutory_holidays(
    tmp_path: Path,
) -> None:
    """Art. 40-41 (docs/DECISIONS.md): filed on Sunday 2026-12-20, ten working days end on
    4 January 2027 (New Year's Day off by the holiday law), provisional until the notice for
    2027 is loaded; with the notice the count is official."""
    assert OFFICIAL.last_year == 2026
    provisional = OFFICIAL.deadline(date(2026, 12, 20), 10)
    assert (provisional.day, provisional.provisional) == (date(2027, 1, 4), True)
    inside = OFFICIAL.deadline(date(2026, 12, 1), 3)
    assert (inside.day, inside.provisional) == (date(2026, 12, 4), False)
    # Spring Festival 2027 (6-8 February by the lunar calendar, with the eve) is off.
    festival = OFFICIAL.deadline(date(2027, 2, 4), 1)
    assert festival.day == date(2027, 2, 11) and festival.provisional
    calendar = OFFICIAL.supplemented(write(tmp_path, [next_year_notice(2027)]))
    official = calendar.deadline(date(2026, 12, 20), 10)
    assert official.provisional is False and official.day == calendar.add_working_days(
        date(2026, 12, 20), 10
    )
    with pytest.raises(CalendarNotCovered):
        OFFICIAL.deadline(date(2003, 6, 2), 3)
