"""Feedback on measures (奖惩结果反馈): hits opened by answers given to authorities, and the
feedback they owe.

`open_hits` is the one way a hit is opened: screening calls it, and so can any other path
that tells an authority a subject is restricted or rewarded (a watch's event).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from graph_service.domain.feedback import FeedbackCreate, HitOut, Outcome, PendingFeedback
from graph_service.domain.screening import SubjectDecision
from graph_service.engine.monitor import AppendedEvent, EventHook
from graph_service.engine.workflows import _invalid, _not_future
from graph_service.errors import NotFound
from graph_service.rules import clock
from graph_service.rules.workdays import CalendarNotCovered, WorkCalendar
from graph_service.store import audit
from graph_service.store.db import Database
from graph_service.store.typed_queries import Repository

PENDING_LIMIT = 10_000


def hit_key(holder: str, subject: str, matter: str, measure: str, entry: str) -> str:
    """One hit per authority × subject × matter × measure × entry."""
    return "\x1f".join((holder, subject, matter, measure, entry))


def feedback_due(calendar: WorkCalendar, opened_on: date, working_days: int) -> date | None:
    """The last day of the feedback period; None (never overdue) outside the calendar's years."""
    try:
        return calendar.add_working_days(opened_on, working_days)
    except CalendarNotCovered:
        return None


def hits_of(
    holder: str,
    matter: str,
    results: Iterable[SubjectDecision],
    opened_on: date,
    due_on: date | None,
) -> list[dict[str, Any]]:
    """The hits that answers open: each measure × entry of a restricted answer's restrictions,
    or of a rewarded answer's rewards (withheld rewards and allowed answers open none)."""
    hits: dict[str, dict[str, Any]] = {}
    for result in results:
        if result.decision == "restricted":
            pairs = {(r.measure, r.entry, r.list) for r in result.restrictions}
        elif result.decision == "rewarded":
            pairs = {(r.measure, r.entry, r.list) for r in result.rewards}
        else:
            continue
        for measure, entry, list_id in sorted(pairs):
            key = hit_key(holder, result.subject, matter, measure, entry)
            hits[key] = {
                "key": key,
                "props": {
                    "holder": holder,
                    "subject": result.subject,
                    "matter": matter,
                    "measure": measure,
                    "entry": entry,
                    "list": list_id,
                    "decision": result.decision,
                    "opened_on": opened_on,
                    "due_on": due_on,
                },
            }
    return list(hits.values())


def open_hits(
    repo: Repository,
    *,
    holder: str,
    matter: str,
    results: Sequence[SubjectDecision],
    calendar: WorkCalendar,
    working_days: int,
    today: date | None = None,
) -> int:
    """Open a hit owing feedback for every restricted or rewarded answer given to `holder`
    (an authority) for `matter`; hits already open or answered stay as they are. One write
    statement, and none when nothing was restricted or rewarded. Returns the hits asked for."""
    opened_on = today or date.today()
    hits = hits_of(
        holder, matter, results, opened_on, feedback_due(calendar, opened_on, working_days)
    )
    if hits:
        repo.open_hits(hits=hits)
    return len(hits)


def hits_for_events(db: Database, calendar: WorkCalendar, working_days: int) -> EventHook:
    """The monitor's hook: an authority's watch event that says `restricted` or `rewarded`
    opens hits owing feedback, as the same answer to its screening would (issue 15 item 3)."""

    def open_for(appended: Sequence[AppendedEvent]) -> None:
        for event in appended:
            if event.role == "authority":
                open_hits(
                    db,
                    holder=event.owner,
                    matter=event.event.matter,
                    results=[event.decision],
                    calendar=calendar,
                    working_days=working_days,
                )

    return open_for


def _hit(hit: dict[str, Any], today: date) -> HitOut:
    """A hit (a map: the node's properties as stored) and whether it is overdue on `today`."""
    due = hit.get("due_on")
    return HitOut(**hit, overdue=hit["status"] == "open" and due is not None and due < today)


def record_feedback(
    db: Database, *, holder: str, subject: str, body: FeedbackCreate, actor: str
) -> HitOut:
    """Record what `holder` did with its hit; 404 when it was given no such answer."""
    _not_future(body.decided_on, "decided_on")
    today = clock.today()
    if body.outcome is Outcome.NOT_APPLIED and body.note is None:
        # docs/DECISIONS.md "Feedback on measures": a measure not applied says why.
        raise _invalid("note", "a NOT_APPLIED outcome states why in note")
    key = hit_key(holder, subject, body.matter, body.measure, body.entry)
    with db.transaction() as tx:
        row = tx.record_feedback(
            key=key,
            outcome=body.outcome.value,
            decided_on=body.decided_on,
            case_ref=body.case_ref,
            note=body.note,
            today=today,
            actor=actor,
        )
        if row is not None and row.replaced is not None:
            replaced = audit.state_change(
                "Hit",
                key,
                before=row.replaced,
                after=body.outcome.value,
                reason="feedback replaced",
                by=actor,
            )
            audit.record_changes(tx, [replaced])  # last in the transaction (R-TIME-5)
    if row is None:
        raise NotFound(
            "no hit for this subject, matter, measure and entry was answered to the caller"
        )
    return _hit(row.hit, today)


def pending_feedback(
    db: Database, *, holder: str | None, as_of: date, working_days: int
) -> PendingFeedback:
    """Hits owed feedback (of `holder`, or of every authority) and those overdue on `as_of`."""
    hits = [_hit(row.hit, as_of) for row in db.pending_hits(holder=holder, limit=PENDING_LIMIT)]
    return PendingFeedback(
        as_of=as_of,
        working_days=working_days,
        pending=hits,
        overdue=[hit for hit in hits if hit.overdue],
    )
