"""The credit office's statistics over a period (issue 15: count what the loop did)."""

from __future__ import annotations

from datetime import date
from typing import Final, Literal

from pydantic import BaseModel, Field

GroupBy = Literal["month", "list", "measure", "authority", "region"]

# Every count, in the order the dashboard shows them.
METRICS: Final[tuple[str, ...]] = (
    "subjects_listed",  # subjects with an entry in force on the period's last day
    "entries_in_force",  # entries in force on the period's last day
    "entries_added",
    "entries_removed",
    "hits",  # restricted or rewarded answers given to authorities (奖惩结果反馈 owed)
    "feedback_given",
    "feedback_overdue",
    "measures_applied",
    "objections_filed",
    "objections_decided",
    "objections_upheld",
    "objection_days_mean",  # calendar days from filing to decision, decided ones
    "repairs",
    "revocations",
    "commitments_made",
    "commitments_kept",
    "commitments_broken",
)


class StatisticsGroup(BaseModel):
    key: str | None = Field(
        description="The month (YYYY-MM), list, measure, authority or "
        "region; null for what has none (an objection has no measure)"
    )
    counts: dict[str, float]


class Statistics(BaseModel):
    from_date: date = Field(serialization_alias="from")
    to_date: date = Field(serialization_alias="to")
    by: GroupBy
    metrics: list[str]
    groups: list[StatisticsGroup]
    totals: dict[str, float]
