"""Proposed entries: the subject is notified, may state and defend, and the credit office
confirms or withdraws (Art. 24 para. 1, 28 para. 3; issue 13 item 10).

Only a confirmed entry takes effect; from when is decided in one place,
`cypher/lists/set_entry_effect.cypher`, run after every write of an entry's state. The
statement period is counted in working days as the objection workflow counts (provisional
past the holiday tables known, never refused).
"""

from __future__ import annotations

from typing import Any, Final
from uuid import uuid4

from graph_service.auth import Principal, Role
from graph_service.domain.entries import (
    ConfirmationCreate,
    ConfirmationOut,
    EntryDecision,
    NotificationOut,
    StatementCreate,
    StatementOut,
    StatementPeriod,
)
from graph_service.engine.workflows import Workflows, _invalid, _not_future, actor_of
from graph_service.errors import Conflict, Forbidden, NotFound
from graph_service.rules import clock
from graph_service.store import audit
from graph_service.store.db import Transaction
from graph_service.store.typed_queries import LockEntryRow

# Art. 28 para. 3 names no period; ten working days, as the longest period of Art. 41
# (docs/DECISIONS.md).
STATEMENT_DAYS: Final = 10
PROPOSED: Final = "proposed"
NOT_PUBLISHED: Final = frozenset({PROPOSED, "withdrawn"})  # never took effect (Art. 28)


class EntryWorkflows(Workflows):
    """Statement, confirmation and notifications of proposed entries."""

    def statement_period(self, notified_on: Any) -> StatementPeriod:
        deadline = self._citizen_deadline(notified_on, STATEMENT_DAYS, "notified_on")
        return StatementPeriod(
            working_days=STATEMENT_DAYS, deadline=deadline.day, provisional=deadline.provisional
        )

    @staticmethod
    def _lock_entry(tx: Transaction, entry_id: str) -> LockEntryRow:
        entry = tx.lock_entry(entry_id=entry_id)
        if entry is None:
            raise NotFound(f"no entry {entry_id!r}")
        return entry

    def file_statement(
        self, entry_id: str, body: StatementCreate, principal: Principal
    ) -> StatementOut:
        """The subject's statement and defence, while the entry is proposed (Art. 28)."""
        filed_on = body.filed_on or clock.today()
        _not_future(filed_on, "filed_on")
        with self.db.transaction() as tx:
            entry = self._lock_entry(tx, entry_id)
            if principal.role is Role.SUBJECT and principal.subject != entry.subject:
                raise Forbidden("a subject may state and defend only on its own entries")
            if entry.state != PROPOSED:
                raise Conflict(f"entry {entry_id!r} is {entry.state}, not proposed")
            if entry.notified_on is not None and filed_on < entry.notified_on:
                raise _invalid("filed_on", "a statement follows the notification")
            period = self.statement_period(entry.notified_on or filed_on)
            statement_id = f"STM-{uuid4().hex[:16]}"
            on_time = filed_on <= period.deadline
            tx.create_statement(
                entry_id=entry_id,
                id=statement_id,
                text=body.text,
                filed_on=filed_on,
                on_time=on_time,
                actor=actor_of(principal),
            )
        return StatementOut(
            id=statement_id, entry=entry_id, text=body.text, filed_on=filed_on, on_time=on_time
        )

    def decide_entry(
        self, entry_id: str, body: ConfirmationCreate, principal: Principal
    ) -> ConfirmationOut:
        """Confirm (once the subject was heard or its period ran out) or withdraw."""
        decided_on = body.decided_on or clock.today()
        _not_future(decided_on, "decided_on")
        confirm = body.decision is EntryDecision.CONFIRMED
        with self.db.transaction() as tx:
            entry = self._lock_entry(tx, entry_id)
            if entry.state != PROPOSED:
                raise Conflict(f"entry {entry_id!r} is {entry.state}, not proposed")
            notified_on = entry.notified_on
            if notified_on is not None and decided_on < notified_on:
                raise _invalid("decided_on", "the office decides after notifying the subject")
            if confirm and notified_on is not None and not entry.statements:
                period = self.statement_period(notified_on)
                if decided_on <= period.deadline:
                    raise Conflict(
                        f"entry {entry_id!r}: the subject may state and defend until "
                        f"{period.deadline.isoformat()} (Art. 28 para. 3)"
                        + (" (provisional)" if period.provisional else "")
                    )
            state = "in_force" if confirm else "withdrawn"
            what = "confirmed" if confirm else "withdrawn"
            changed = tx.change_entry(
                entry_id=entry_id,
                props={"confirmed_on": decided_on if confirm else None, "decision": body.reasons},
                state=state,
            )
            assert changed is not None  # the entry is locked, so it is there
            tx.set_entry_effect(ids=[entry_id])
            effective = self._lock_entry(tx, entry_id).effective_from
            change = audit.state_change(
                "ListEntry",
                entry_id,
                before=changed.before,
                after=state,
                reason=f"proposed entry {what} on {decided_on.isoformat()}: {body.reasons} "
                "(Art. 28 para. 3)",
                by=actor_of(principal),
            )
            audit.record_changes(tx, [change])  # last in the transaction (R-TIME-5)
        return ConfirmationOut(
            entry=entry_id,
            subject=entry.subject,
            state=state,
            decided_on=decided_on,
            effective_from=effective,
        )

    def notifications(self, subject_id: str) -> list[NotificationOut]:
        """What the subject was told, with the statement period of each proposal."""
        out = []
        for row in self.db.subject_notifications(subject_id=subject_id):
            proposal = row.kind == "PROPOSED_LISTING" and row.notified_on is not None
            reason = (
                f"the dishonest act recorded in {row.document} (record {row.record})"
                if row.document
                else None
            )
            out.append(
                NotificationOut(
                    kind=row.kind,
                    entry=row.entry,
                    list=row.list,
                    list_type=row.list_type,
                    notified_on=row.notified_on,
                    at=row.at,
                    basis=row.basis,
                    reason=reason,
                    remedy=row.remedy,
                    removal_conditions=row.removal_conditions,
                    record=row.record,
                    statement_period=self.statement_period(row.notified_on) if proposal else None,
                    entry_state=row.entry_state,
                    confirmed_on=row.confirmed_on,
                    statements=[StatementOut(entry=row.entry, **s) for s in row.statements],
                )
            )
        return out
