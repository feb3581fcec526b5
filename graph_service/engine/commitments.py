"""Credit commitments (Art. 33): their verification and the overdue list.

The credit office verifies any commitment; an authority verifies, and sees overdue, those
held by the authority its token is bound to (docs/DECISIONS.md, "Credit commitments").
"""

from __future__ import annotations

from datetime import date

from graph_service.auth import Principal, Role
from graph_service.domain.commitments import (
    CommitmentOut,
    OverdueCommitments,
    VerificationCreate,
    commitment_status,
)
from graph_service.engine.workflows import _invalid, _not_future
from graph_service.errors import Forbidden, NotFound
from graph_service.rules import clock
from graph_service.store import audit
from graph_service.store.db import Database
from graph_service.store.typed_queries import (
    OverdueCommitmentsRow,
    ReportCommitmentsRow,
    VerifyCommitmentRow,
)

OVERDUE_LIMIT = 10_000


CommitmentRow = VerifyCommitmentRow | OverdueCommitmentsRow | ReportCommitmentsRow


def commitment_out(row: CommitmentRow, as_of: date) -> CommitmentOut:
    """A commitment as answered, its status on `as_of`; its changes where the row has them."""
    return CommitmentOut(
        id=row.id,
        subject=row.subject,
        matter=row.matter,
        kind=row.kind,
        made_on=row.made_on,
        content=row.content,
        due_on=row.due_on,
        authority=row.authority,
        kept=row.kept,
        checked_on=row.checked_on,
        document=row.document,
        status=commitment_status(row.kept, row.checked_on, row.due_on, as_of),
        changes=row.changes if isinstance(row, ReportCommitmentsRow) else [],
    )


def verify_commitment(
    db: Database, *, commitment_id: str, body: VerificationCreate, principal: Principal
) -> CommitmentOut:
    """Record whether a commitment was kept (Art. 33: its fulfilment enters the record)."""
    commitment = db.find_commitment(id=commitment_id)
    if commitment is None:
        raise NotFound(f"no commitment {commitment_id!r}")
    if principal.role is not Role.ADMIN and (
        principal.authority is None or principal.authority != commitment.authority
    ):
        raise Forbidden("only the credit office or the authority holding it verifies it")
    _not_future(body.checked_on, "checked_on")
    today = clock.today()
    if body.checked_on < commitment.made_on:
        raise _invalid("checked_on", "checked_on must not be before the commitment was made")
    with db.transaction() as tx:
        row = tx.verify_commitment(
            id=commitment_id,
            kept=body.kept,
            checked_on=body.checked_on,
            document=body.document,
            actor=principal.actor,
        )
        assert row is not None  # found above, and verification deletes nothing
        change = audit.state_change(
            "Commitment",
            commitment_id,
            before=row.before,
            after="KEPT" if body.kept else "BROKEN",
            reason="verification",
            by=principal.actor,
        )
        audit.record_changes(tx, [change])  # last in the transaction (R-TIME-5)
    return commitment_out(row, today)


def overdue_commitments(db: Database, *, principal: Principal, as_of: date) -> OverdueCommitments:
    """Commitments past their due day and not verified: every one for the office, those held
    by the caller's authority for an authority (none when its token is bound to none)."""
    if principal.role is Role.ADMIN:
        authority: str | None = None
    elif principal.authority is None:
        return OverdueCommitments(as_of=as_of, commitments=[])
    else:
        authority = principal.authority
    rows = db.overdue_commitments(authority=authority, as_of=as_of, limit=OVERDUE_LIMIT)
    return OverdueCommitments(as_of=as_of, commitments=[commitment_out(r, as_of) for r in rows])
