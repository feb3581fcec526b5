"""Objection, repair, revocation, deletion on request and history (R-TIME-2..5).

Every workflow runs in one transaction that first takes the record's lock (`lock_record`),
then checks the record's type and state, then writes the change together with its
StateChange (who, when, why), so two workflows on one record never interleave and nothing
changes without its trace. The screening engine reads only the dates these workflows set:
`repaired_on` and `revoked_on` on records, `removed_on` on entries (DESIGN §5), and the mark
`objection_open`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any, Final
from uuid import uuid4

from graph_service.auth import Principal, Role
from graph_service.domain.enums import PositiveKind, RecordType
from graph_service.domain.vocabulary import SANCTION_LIST_TYPES
from graph_service.domain.workflows import (
    DELETABLE_ON_REQUEST,
    DecisionCreate,
    DeletionOut,
    NotificationOut,
    ObjectionCreate,
    ObjectionOut,
    ObjectionOutcome,
    PauseCreate,
    PauseOut,
    RecordCorrection,
    RecordHistory,
    RecordState,
    RepairCreate,
    RepairOut,
    RevocationCreate,
    RevocationKind,
    RevocationOut,
    StateChangeOut,
)
from graph_service.engine.responsibility import is_responsible_for
from graph_service.engine.screening import Engine
from graph_service.errors import Conflict, Forbidden, NotFound, ValidationFailed
from graph_service.rules import clock
from graph_service.rules.credit_time import expires_on, in_force_on
from graph_service.rules.workdays import OFFICIAL, CalendarNotCovered, Deadline, WorkCalendar
from graph_service.store import audit
from graph_service.store.db import Database, Transaction
from graph_service.store.typed_queries import (
    FindObjectionsRow,
    LockRecordRow,
    Repository,
)

OBJECTION_DAYS: Final = 3  # Art. 41: decided within three working days
VERIFIED_OBJECTION_DAYS: Final = 10  # ... or ten where the provider verifies
REVOCATION_DAYS: Final = 3  # Art. 43 para. 2: the provider tells, then the office acts
CONNECTED_AUTHORITIES: Final = "connected authorities"  # Art. 45 para. 2


def actor_of(principal: Principal) -> str:
    """Who acts, as the history keeps it: the role and the token's id, never a secret."""
    return principal.actor


def _new_id(prefix: str) -> str:
    return f"{prefix}-{uuid4().hex[:16]}"


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, errors=[{"field": field, "message": message}])


def _not_future(day: date, field: str) -> None:
    """Workflow dates record what has happened; a day after today is a typing error."""
    if day > clock.today():
        raise _invalid(field, f"{field} must not be after today")


def _expired_on(act_end: date | None, day: date) -> bool:
    """Five years after the act ended (R-TIME-1, the one rule in rules/credit_time.py)."""
    return not in_force_on(act_end, day)


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _check_owner(principal: Principal, record: LockRecordRow) -> None:
    """A subject acts on its own records only (R-SEC-2); the office acts on any."""
    if principal.role is Role.SUBJECT and principal.subject != record.subject:
        raise Forbidden("a subject may act only on its own records")


def _corrections(
    record: LockRecordRow, correction: RecordCorrection, prefix: str
) -> tuple[dict[str, Any], str]:
    """The new values of the corrected fields, checked against the record's type, and the
    JSON of their old and new values for the StateChange (R-TIME-5)."""
    given = correction.model_fields_set
    if not given:
        raise _invalid(prefix, "name at least one field to correct")
    dishonesty = record.type == RecordType.DISHONESTY
    errors: list[dict[str, str]] = []
    props: dict[str, Any] = {}

    def error(field: str, message: str) -> None:
        errors.append({"field": f"{prefix}.{field}", "message": message})

    for field in sorted(given):
        value = getattr(correction, field)
        if field == "document":
            if value is None and dishonesty:
                error(field, "R-INFO-3 (Art. 12): a dishonesty record cites its document")
        elif field == "category":
            value = _category(value, dishonesty)
            if value is None:
                allowed = "1 to 5 (Art. 12)" if dishonesty else ", ".join(PositiveKind)
                error(field, f"the category of this record is one of {allowed}")
        elif field == "serious":
            if value is None:
                error(field, "serious is true or false")
            elif value and not dishonesty:
                error(field, "R-INFO-6 (Art. 27): only a dishonest act can be serious")
        elif field == "act_start" and value is None:
            error(field, "a record's act has a start")
        props[field] = value
    start = props.get("act_start", record.act_start)
    end = props.get("act_end", record.act_end)
    if start is not None and end is not None and end < start:
        error("act_end" if "act_end" in given else "act_start", "act_end is before act_start")
    if errors:
        raise ValidationFailed("invalid correction", errors=errors)
    changes = {
        field: {"from": _json_value(getattr(record, field)), "to": _json_value(value)}
        for field, value in props.items()
    }
    return props, json.dumps(changes, ensure_ascii=False, sort_keys=True)


def _category(value: object, dishonesty: bool) -> str | None:
    """The stored form of a category (text, as at ingestion), or None when invalid."""
    if dishonesty:
        if isinstance(value, str) and value.strip() in {"1", "2", "3", "4", "5"}:
            return value.strip()
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
            return str(value)
        return None
    if isinstance(value, str) and value in set(PositiveKind):
        return value
    return None


def _objection(row: FindObjectionsRow) -> ObjectionOut:
    pauses = [PauseOut(**p) for p in row.pauses]
    return ObjectionOut(**{**row._asdict(), "pauses": pauses})


class Workflows:
    """The credit office's workflows over the graph (R-TIME-2..5)."""

    def __init__(
        self,
        db: Database,
        calendar: WorkCalendar = OFFICIAL,
        control_max_depth: int | None = None,
    ) -> None:
        self.db = db
        self.calendar = calendar
        # The control-chain bound of the Art. 32 check on objections (None: own records only).
        self.control_max_depth = control_max_depth

    def _check_objector(
        self, repo: Repository, principal: Principal, record: LockRecordRow, day: date
    ) -> None:
        """A subject objects to its own records, and to an organisation's record that Art. 32
        enters in its own record as a responsible person (Art. 40; issue 13 item 9): read in
        the filing's transaction, so the check and the objection see one graph."""
        if principal.role is not Role.SUBJECT or principal.subject == record.subject:
            return
        if self.control_max_depth is not None and principal.subject is not None:
            engine = Engine(self.db, self.control_max_depth)
            if is_responsible_for(engine, repo, principal.subject, record.id, day):
                return
        _check_owner(principal, record)

    def _deadline(
        self, start: date, days: int, field: str, paused: Sequence[tuple[date, date]] = ()
    ) -> date:
        try:
            return self.calendar.add_working_days(start, days, paused)
        except CalendarNotCovered as exc:
            raise _invalid(field, str(exc)) from None

    def _citizen_deadline(
        self, start: date, days: int, field: str, paused: Sequence[tuple[date, date]] = ()
    ) -> Deadline:
        """A period a citizen's filing starts (objection, statement): never refused for a
        missing holiday table, provisional past it (Art. 40-41; docs/DECISIONS.md)."""
        try:
            return self.calendar.deadline(start, days, paused)
        except CalendarNotCovered as exc:
            raise _invalid(field, str(exc)) from None

    def settle_provisional_deadlines(self) -> int:
        """Recount every provisional objection deadline with the calendar in use, once it
        covers the period (a notice loaded, a newer package); return how many were settled."""
        settled = 0
        for row in self.db.find_provisional_objections():
            pauses = [(p["start"], p["end"]) for p in row.pauses]
            deadline = self.calendar.deadline(row.filed_on, row.working_days, pauses)
            if not deadline.provisional:
                self.db.settle_objection_deadline(objection_id=row.id, deadline=deadline.day)
                settled += 1
        return settled

    # --- shared steps -----------------------------------------------------------------------

    @staticmethod
    def _lock(tx: Transaction, record_id: str) -> LockRecordRow:
        record = tx.lock_record(record_id=record_id)
        if record is None:
            raise NotFound(f"no record {record_id!r}")
        return record

    @staticmethod
    def _find_objection(tx: Transaction, objection_id: str) -> FindObjectionsRow:
        rows = tx.find_objections(
            ids=[objection_id], status=None, overdue=None, as_of=clock.today()
        )
        if not rows:
            raise NotFound(f"no objection {objection_id!r}")
        return rows[0]

    def _lock_objection(
        self, tx: Transaction, objection_id: str
    ) -> tuple[FindObjectionsRow, LockRecordRow]:
        """The objection, read again once its record is locked, and the record."""
        record = self._lock(tx, self._find_objection(tx, objection_id).record)
        return self._find_objection(tx, objection_id), record

    @staticmethod
    def _change(
        tx: Transaction,
        record_id: str,
        *,
        state: str,
        reason: str,
        actor: str,
        props: dict[str, Any] | None = None,
        changes: str | None = None,
    ) -> audit.Change:
        """Change the record; return its StateChange, which the workflow chains as its
        transaction's last step (`audit.record_changes`, R-TIME-5)."""
        changed = tx.change_record(record_id=record_id, props=props or {}, state=state)
        assert changed is not None  # the record is locked, so it is there
        return audit.state_change(
            "Record",
            record_id,
            before=changed.before,
            after=state,
            reason=reason,
            by=actor,
            changes=changes,
        )

    # --- objections (R-TIME-3, Art. 41) -----------------------------------------------------

    def file_objection(
        self, record_id: str, body: ObjectionCreate, principal: Principal
    ) -> ObjectionOut:
        """Put the objection mark on at once and start the working-day clock."""
        filed_on = body.filed_on or clock.today()
        _not_future(filed_on, "filed_on")
        days = VERIFIED_OBJECTION_DAYS if body.needs_provider_verification else OBJECTION_DAYS
        deadline = self._citizen_deadline(filed_on, days, "filed_on")
        objection_id = _new_id("OBJ")
        actor = actor_of(principal)
        with self.db.transaction() as tx:
            record = self._lock(tx, record_id)
            self._check_objector(tx, principal, record, filed_on)
            if record.open_objections or record.objection_open:
                open_ids = record.open_objections
                raise Conflict(
                    f"record {record_id!r} already has an open objection", objections=open_ids
                )
            if record.state in (RecordState.REPAIRED, RecordState.REVOKED):
                raise Conflict(
                    f"record {record_id!r} is {record.state}: it is no longer shown or used"
                )
            if _expired_on(record.act_end, filed_on):
                raise Conflict(
                    f"record {record_id!r} left the query interfaces on "
                    f"{expires_on(record.act_end)} (Art. 42)"
                )
            tx.create_objection(
                record_id=record_id,
                id=objection_id,
                filed_on=filed_on,
                reason=body.reason,
                needs_verification=body.needs_provider_verification,
                working_days=days,
                deadline=deadline.day,
                provisional=deadline.provisional,
                record_state=record.state,
                filed_by=principal.subject if principal.role is Role.SUBJECT else None,
                actor=actor,
            )
            change = self._change(
                tx,
                record_id,
                state=RecordState.OBJECTED,
                props={"objection_open": True},
                reason=f"objection {objection_id} filed: objection mark on (Art. 41)",
                actor=actor,
            )
            audit.record_changes(tx, [change])
        return self.objection(objection_id)

    def add_pause(self, objection_id: str, body: PauseCreate, principal: Principal) -> ObjectionOut:
        """Time spent on testing, inspection, ... does not count (Art. 41 para. 3)."""
        _not_future(body.start, "start")
        with self.db.transaction() as tx:
            objection, _ = self._lock_objection(tx, objection_id)
            if objection.status != "open":
                raise Conflict(f"objection {objection_id!r} is {objection.status}")
            if body.start < objection.filed_on:
                raise _invalid(
                    "start", "a pause starts on or after the day the objection was filed"
                )
            pauses = [(p["start"], p["end"]) for p in objection.pauses]
            pauses.append((body.start, body.end))
            deadline = self._citizen_deadline(
                objection.filed_on, objection.working_days, "end", pauses
            )
            tx.add_objection_pause(
                objection_id=objection_id,
                kind=body.kind.value,
                first=body.start,
                last=body.end,
                deadline=deadline.day,
                provisional=deadline.provisional,
                actor=actor_of(principal),
            )
        return self.objection(objection_id)

    def decide(self, objection_id: str, body: DecisionCreate, principal: Principal) -> ObjectionOut:
        """Decide an objection and remove the mark; an upheld one corrects or deletes."""
        decided_on = body.decided_on or clock.today()
        _not_future(decided_on, "decided_on")
        upheld = body.outcome is ObjectionOutcome.UPHELD
        if upheld and (body.correction is None) == (not body.delete):
            raise _invalid("correction", "an upheld objection gives a correction or delete: true")
        if not upheld and (body.correction is not None or body.delete):
            raise _invalid("outcome", "a rejected objection neither corrects nor deletes")
        actor = actor_of(principal)
        with self.db.transaction() as tx:
            objection, record = self._lock_objection(tx, objection_id)
            if objection.status != "open":
                raise Conflict(f"objection {objection_id!r} is already {objection.status}")
            if decided_on < objection.filed_on:
                raise _invalid("decided_on", "an objection is decided on or after it was filed")
            props: dict[str, Any] = {}
            changes = None
            if body.correction is not None:
                props, changes = _corrections(record, body.correction, "correction")
                state: str = RecordState.CORRECTED
                reason = f"objection {objection_id} upheld: record corrected (Art. 41)"
            elif body.delete:
                props = {"revoked_on": decided_on}
                state = RecordState.REVOKED
                reason = f"objection {objection_id} upheld: record deleted as erroneous (Art. 41)"
            else:
                before = objection.record_state or RecordState.IN_FORCE
                state = before if record.state == RecordState.OBJECTED else record.state
                reason = f"objection {objection_id} rejected: record kept (Art. 41)"
            tx.decide_objection(
                objection_id=objection_id,
                outcome=body.outcome.value,
                reasons=body.reasons,
                decided_on=decided_on,
                actor=actor,
            )
            change = self._change(
                tx,
                record.id,
                state=state,
                props={**props, "objection_open": False},
                reason=reason,
                actor=actor,
                changes=changes,
            )
            audit.record_changes(tx, [change])
        return self.objection(objection_id)

    def objections(
        self,
        *,
        as_of: date,
        overdue: bool | None = None,
        status: str | None = None,
        ids: list[str] | None = None,
    ) -> list[ObjectionOut]:
        rows = self.db.find_objections(ids=ids, status=status, overdue=overdue, as_of=as_of)
        return [_objection(row) for row in rows]

    def objection(self, objection_id: str, as_of: date | None = None) -> ObjectionOut:
        found = self.objections(as_of=as_of or clock.today(), ids=[objection_id])
        if not found:
            raise NotFound(f"no objection {objection_id!r}")
        return found[0]

    # --- repair (R-TIME-4, Art. 45, 46) -----------------------------------------------------

    def repair(self, record_id: str, body: RepairCreate, principal: Principal) -> RepairOut:
        """A completed repair, or a grace period for one (only `grace_until`)."""
        if body.method is None and body.grace_until is None:
            raise _invalid(
                "method",
                "a repair names its Art. 45 method (or only grace_until for a grace period)",
            )
        if body.method is not None and body.grace_until is not None:
            raise _invalid("grace_until", "a grace period is granted before a repair, not with it")
        if body.method is not None and body.evidence is None:
            raise _invalid("evidence", "a repair gives its evidence")
        if body.grace_until is not None:
            if body.repaired_on is not None:
                raise _invalid("repaired_on", "a grace period has no repair date")
            day = body.granted_on or clock.today()
            _not_future(day, "granted_on")
            if body.grace_until <= day:
                raise _invalid("grace_until", "a grace period ends after the day it is granted")
        else:
            if body.granted_on is not None:
                raise _invalid("granted_on", "only a grace period has a grant date")
            day = body.repaired_on or clock.today()
            _not_future(day, "repaired_on")
        actor = actor_of(principal)
        with self.db.transaction() as tx:
            record = self._lock(tx, record_id)
            state = record.state
            if record.type != RecordType.DISHONESTY:
                raise Conflict("only dishonesty information is repaired (Art. 45)")
            if state in (RecordState.REPAIRED, RecordState.REVOKED):
                raise Conflict(f"record {record_id!r} is already {state}")
            if record.objection_open:
                raise Conflict(
                    f"record {record_id!r} carries an objection mark: decide the objection first",
                    objections=record.open_objections,
                )
            if _expired_on(record.act_end, day):
                raise Conflict(
                    f"record {record_id!r} left the query interfaces on "
                    f"{expires_on(record.act_end)}: repair applies within the query "
                    "period (Art. 45)"
                )
            repair_id = _new_id("REP")
            if body.grace_until is not None:
                return self._grace(tx, record, repair_id, body, day, actor)
            assert body.method is not None  # checked above
            if day < record.act_start:
                raise _invalid("repaired_on", "a repair follows the act's start")
            changes = [
                self._change(
                    tx,
                    record_id,
                    state=RecordState.REPAIRED,
                    props={"repaired_on": day},
                    reason=f"repaired ({body.method.value}, {repair_id}) (Art. 45)",
                    actor=actor,
                )
            ]
            rows = tx.remove_entries(
                record_id=record_id, list_types=list(SANCTION_LIST_TYPES), removed_on=day
            )
            removed = [row.entry for row in rows]
            changes.extend(
                audit.state_change(
                    "ListEntry",
                    row.entry,
                    before=row.before,
                    after="removed",
                    reason=f"record {record_id} repaired ({repair_id}): off the list (Art. 46)",
                    by=actor,
                )
                for row in rows
            )
            entries = ", ".join(removed) or "none"
            what = (
                f"record {record_id} repaired on {day.isoformat()}: removed from the public and "
                f"query interfaces and from the serious and joint sanction lists (entries: "
                f"{entries}) (Art. 45 para. 2, Art. 46)"
            )
            repaired = tx.create_repair(
                record_id=record_id,
                id=repair_id,
                kind="REPAIR",
                method=body.method.value,
                evidence=body.evidence,
                repaired_on=day,
                grace_until=None,
                granted_on=None,
                notify_to=CONNECTED_AUTHORITIES,
                notify_what=what,
                actor=actor,
            )
            assert repaired is not None and repaired.notification is not None  # a repair notifies
            audit.record_changes(tx, changes)
        return RepairOut(
            id=repair_id,
            record=record_id,
            kind="REPAIR",
            method=body.method,
            evidence=body.evidence,
            repaired_on=day,
            state=RecordState.REPAIRED,
            removed_entries=removed,
            notification=NotificationOut(**repaired.notification),
        )

    def _grace(
        self,
        tx: Transaction,
        record: LockRecordRow,
        repair_id: str,
        body: RepairCreate,
        granted_on: date,
        actor: str,
    ) -> RepairOut:
        """Art. 45 para. 1: a grace period is recorded; the record's state does not change."""
        assert body.grace_until is not None
        until = body.grace_until.isoformat()
        change = self._change(
            tx,
            record.id,
            state=record.state,
            props={"repair_grace_until": body.grace_until},
            reason=f"grace period for repair granted on {granted_on.isoformat()} until {until} "
            f"({repair_id}) (Art. 45)",
            actor=actor,
        )
        tx.create_repair(
            record_id=record.id,
            id=repair_id,
            kind="GRACE",
            method=None,
            evidence=body.evidence,
            repaired_on=None,
            grace_until=body.grace_until,
            granted_on=granted_on,
            notify_to=None,
            notify_what=None,
            actor=actor,
        )
        audit.record_changes(tx, [change])
        return RepairOut(
            id=repair_id,
            record=record.id,
            kind="GRACE",
            evidence=body.evidence,
            grace_until=body.grace_until,
            granted_on=granted_on,
            state=record.state,
        )

    # --- revocation or change of the decision (R-TIME-2, Art. 43 para. 2) -------------------

    def revoke(self, record_id: str, body: RevocationCreate, principal: Principal) -> RevocationOut:
        """Delete or change a record whose decision was revoked or changed, tracking both
        three-working-day deadlines (the provider's notice, then the office's action)."""
        if body.kind is RevocationKind.REVOKED and body.changes is not None:
            raise _invalid("changes", "a revoked decision deletes the record; give no changes")
        if body.kind is RevocationKind.CHANGED and body.changes is None:
            raise _invalid("changes", "a changed decision gives the changed fields")
        acted_on = body.acted_on or clock.today()
        for field, day in (
            ("decided_on", body.decided_on),
            ("provider_notified_on", body.provider_notified_on),
            ("acted_on", acted_on),
        ):
            _not_future(day, field)
        if body.provider_notified_on < body.decided_on:
            raise _invalid("provider_notified_on", "the provider tells after the decision")
        if acted_on < body.provider_notified_on:
            raise _invalid("acted_on", "the office acts on or after the provider's notice")
        provider_deadline = self._deadline(body.decided_on, REVOCATION_DAYS, "decided_on")
        office_deadline = self._deadline(
            body.provider_notified_on, REVOCATION_DAYS, "provider_notified_on"
        )
        revocation_id = _new_id("REV")
        actor = actor_of(principal)
        with self.db.transaction() as tx:
            record = self._lock(tx, record_id)
            if record.state == RecordState.REVOKED:
                raise Conflict(f"record {record_id!r} is already revoked")
            superseded = tx.supersede_objections(
                record_id=record_id,
                day=acted_on,
                reasons=f"superseded: the decision behind the record was "
                f"{body.kind.value.lower()} by {body.decision_document}",
                actor=actor,
            )
            what = "revoked" if body.kind is RevocationKind.REVOKED else "changed"
            reason = f"decision {what} by {body.decision_document} ({revocation_id}) (Art. 43)"
            if body.kind is RevocationKind.REVOKED:
                props: dict[str, Any] = {"revoked_on": body.decided_on}
                changes = None
                state: str = RecordState.REVOKED
            else:
                assert body.changes is not None
                props, changes = _corrections(record, body.changes, "changes")
                keep = record.state == RecordState.REPAIRED
                state = RecordState.REPAIRED if keep else RecordState.CORRECTED
            change = self._change(
                tx,
                record_id,
                state=state,
                props={**props, "objection_open": False},
                reason=reason,
                actor=actor,
                changes=changes,
            )
            provider_on_time = body.provider_notified_on <= provider_deadline
            office_on_time = acted_on <= office_deadline
            tx.create_revocation(
                record_id=record_id,
                id=revocation_id,
                kind=body.kind.value,
                decision_document=body.decision_document,
                decided_on=body.decided_on,
                provider_notified_on=body.provider_notified_on,
                provider_deadline=provider_deadline,
                provider_on_time=provider_on_time,
                acted_on=acted_on,
                office_deadline=office_deadline,
                office_on_time=office_on_time,
                actor=actor,
            )
            audit.record_changes(tx, [change])
        return RevocationOut(
            id=revocation_id,
            record=record_id,
            kind=body.kind,
            decision_document=body.decision_document,
            decided_on=body.decided_on,
            provider_notified_on=body.provider_notified_on,
            provider_deadline=provider_deadline,
            provider_on_time=provider_on_time,
            acted_on=acted_on,
            office_deadline=office_deadline,
            office_on_time=office_on_time,
            state=state,
            superseded_objection=superseded[0].id if superseded else None,
        )

    # --- deletion on request (R-TIME-2, Art. 43 para. 1) ------------------------------------

    def delete_positive(self, record_id: str, principal: Principal) -> DeletionOut:
        """Physically remove a commendation, volunteering or donation record; log only ids."""
        with self.db.transaction() as tx:
            record = self._lock(tx, record_id)
            _check_owner(principal, record)
            if record.type != RecordType.POSITIVE or record.category not in (DELETABLE_ON_REQUEST):
                raise Conflict(
                    "only commendation, volunteering and donation records are deleted on "
                    "request (Art. 43); other records change through the workflows"
                )
            deletion_id, actor = _new_id("DEL"), actor_of(principal)
            reason = "deleted at the subject's request (Art. 43 para. 1)"
            # The history keeps its place in the chain, emptied (R-TIME-5); the deletion's own
            # state change names the entries it emptied, which tells this from tampering.
            redacted = audit.redact_changes(tx, record_id, deletion_id)
            row = tx.delete_positive_record(
                record_id=record_id,
                id=deletion_id,
                reason=reason,
                what=f"record {record_id} deleted at the subject's request (Art. 43 para. 1)",
                actor=actor,
            )
            assert row is not None  # the record is locked, so it is there
            deleted = audit.Change(
                "Deletion",
                deletion_id,
                {
                    "node": record_id,
                    "node_type": "record",
                    "from": record.state,
                    "to": "deleted",
                    "reason": reason,
                    "by": actor,
                    "redacted": redacted,
                },
            )
            audit.record_changes(tx, [deleted])
        return DeletionOut(**row._asdict())

    # --- history (R-TIME-5) -----------------------------------------------------------------

    def history(self, record_id: str) -> tuple[RecordHistory, str | None]:
        """Every state change of the record and its entries, oldest first, and its subject."""
        deletions = self.db.find_deletions(record_id=record_id)
        deletion = DeletionOut(**deletions[0]._asdict()) if deletions else None
        row = self.db.record_history(record_id=record_id)
        if row is None:
            if deletion is None:
                raise NotFound(f"no record {record_id!r}")
            return RecordHistory(record=record_id, state=None, changes=[], deletion=deletion), None
        changes = sorted(
            row.changes,
            key=lambda c: (c["at"], c["node_type"] != "record", c["node"]),
        )
        out = [
            StateChangeOut.model_validate(
                {**c, "changes": json.loads(c["changes"]) if c.get("changes") else None}
            )
            for c in changes
        ]
        history = RecordHistory(record=record_id, state=row.state, changes=out, deletion=deletion)
        return history, row.subject
