"""Statistics over a period, grouped by month, list, measure, authority or region.

Each family of counts is one aggregating statement (cypher/statistics/); the totals are the
same statements grouped by nothing, since distinct subjects and means do not add up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from typing import Protocol

from graph_service.domain.statistics import METRICS, GroupBy, Statistics, StatisticsGroup
from graph_service.errors import ValidationFailed
from graph_service.store.db import Database
from graph_service.store.typed_queries import Repository


class Count(Protocol):
    """A row of any `count_*` statement: a metric's value (and `extra`) for one key."""

    @property
    def key(self) -> str | None: ...
    @property
    def metric(self) -> str: ...
    @property
    def value(self) -> int: ...
    @property
    def extra(self) -> int: ...


def _families(
    repo: Repository, from_date: date, to_date: date, today: date
) -> list[Callable[[str], Sequence[Count]]]:
    """Each family's statement over the period, grouped by its argument."""
    return [
        lambda by: repo.count_entries(from_=from_date, to=to_date, by=by),
        lambda by: repo.count_hits(from_=from_date, to=to_date, today=today, by=by),
        lambda by: repo.count_workflows(from_=from_date, to=to_date, by=by),
        lambda by: repo.count_commitments(from_=from_date, to=to_date, by=by),
    ]


def _counts(rows: Sequence[Count]) -> dict[str | None, dict[str, float]]:
    """Rows of (key, metric, value, extra) into counts per key; `extra` carries the distinct
    subjects of entries in force and the days taken by decided objections."""
    days: dict[str | None, float] = defaultdict(float)
    groups: dict[str | None, dict[str, float]] = defaultdict(lambda: dict.fromkeys(METRICS, 0))
    for row in rows:
        counts = groups[row.key]
        counts[row.metric] += row.value
        if row.metric == "entries_in_force":
            counts["subjects_listed"] += row.extra
        elif row.metric == "objections_decided":
            days[row.key] += row.extra
    for key, counts in groups.items():
        decided = counts["objections_decided"]
        counts["objection_days_mean"] = round(days[key] / decided, 1) if decided else 0
    return groups


def statistics(db: Database, *, from_date: date, to_date: date, by: GroupBy) -> Statistics:
    """The counts of the period [from_date, to_date], both days included."""
    if from_date > to_date:
        message = "the period's last day (to) is not before its first (from)"
        raise ValidationFailed(message, errors=[{"field": "to", "message": message}])
    today = date.today()

    def read(repo: Repository) -> tuple[list[Count], list[Count]]:
        grouped: list[Count] = []
        total: list[Count] = []
        for family in _families(repo, from_date, to_date, today):
            grouped += family(by)
            total += family("all")
        return grouped, total

    grouped, total = db.read_transaction(read)
    groups = _counts(grouped)
    return Statistics(
        from_date=from_date,
        to_date=to_date,
        by=by,
        metrics=list(METRICS),
        groups=[
            StatisticsGroup(key=key, counts=counts)
            for key, counts in sorted(groups.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))
        ],
        totals=_counts(total).get("all", dict.fromkeys(METRICS, 0)),
    )
