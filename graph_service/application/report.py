"""The credit report (Art. 39, R-OUT-4): what the report's reads gather, in one read
transaction, and the answer built from them while its query-log entry is written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from graph_service.access import Access, logging_alongside
from graph_service.auth import Role
from graph_service.domain.interviews import InterviewOut
from graph_service.domain.report import (
    CreditReport,
    FreeReports,
    QueryLogOut,
    ReportEntry,
    ReportRecord,
)
from graph_service.engine.commitments import commitment_out
from graph_service.engine.entries import NOT_PUBLISHED, EntryWorkflows
from graph_service.engine.responsibility import derived_entries
from graph_service.engine.screening import Engine
from graph_service.errors import Forbidden, NotFound
from graph_service.rules.clock import today
from graph_service.rules.credit_time import expired_through
from graph_service.rules.workdays import WorkCalendar
from graph_service.settings import Settings
from graph_service.store.db import Database
from graph_service.store.typed_queries import (
    ReadSubjectRow,
    ReportCommitmentsRow,
    ReportEntriesRow,
    ReportInterviewsRow,
    ReportQueryLogRow,
    ReportRecordsRow,
    Repository,
)

FREE_REPORTS_PER_YEAR: Final = 2  # R-SEC-4, Art. 38
# Art. 33: the public sees voluntary public commitments only (docs/DECISIONS.md).
PUBLIC_COMMITMENT_KINDS: Final = ("PUBLIC",)
ALL_COMMITMENT_KINDS: Final = ("PERMIT", "PUBLIC")


@dataclass(frozen=True)
class ReportRows:
    """What the report reads before it answers, from one snapshot."""

    subject: ReadSubjectRow
    records: list[ReportRecordsRow]
    entries: list[ReportEntriesRow]
    commitments: list[ReportCommitmentsRow]
    query_log: ReportQueryLogRow | None  # None: the caller does not see the log
    interviews: list[ReportInterviewsRow]


def credit_report(
    db: Database,
    settings: Settings,
    calendar: WorkCalendar,
    access: Access,
    subject_id: str,
    *,
    as_of: date | None,
    log_before: int | None,
    log_limit: int,
) -> CreditReport:
    """Records the caller may see, list memberships, measures reaching the subject and why,
    objections, sources, reasons for changes, and who queried the subject (a page of it)."""
    access.require_subject(subject_id)
    day = as_of or today()
    # The report's own reads share one read transaction (one commit, one snapshot), issue 17.
    found = db.read_transaction(
        lambda tx: _report_rows(tx, subject_id, access, day, log_before, log_limit)
    )
    records = [ReportRecord(**row._asdict()) for row in found.records]
    # Art. 28 para. 3: a proposal not (yet) confirmed is not published; only the office
    # and the subject see it (issue 13 item 10).
    sees_own = access.principal.role in {Role.ADMIN, Role.SUBJECT}
    entries = [
        ReportEntry(**row._asdict())
        for row in found.entries
        if sees_own or row.state not in NOT_PUBLISHED
    ]
    commitments = [commitment_out(row, day) for row in found.commitments]
    engine = Engine(db, settings.control_max_depth, access.disclosures)
    subject, log = found.subject, found.query_log
    # What the report shows is known now, so its query-log entry is written while the rest
    # is read (the answer still waits for it; R-SEC-3).
    with logging_alongside(
        db,
        access,
        endpoint="GET /v1/subjects/{id}/report",
        subjects=[subject_id],
        categories=[
            "report",
            *sorted({r.catalogue_item for r in records}),
            *(["commitments"] if commitments else []),
        ],
    ):
        restrictions = engine.restrictions([subject_id], day, None).get(subject_id, [])
        free = _free_reports(db, access, subject_id) if subject.kind == "NATURAL_PERSON" else None
        derived = derived_entries(engine, db, subject_id, day)
        notifications = EntryWorkflows(db, calendar).notifications(subject_id) if sees_own else []
    return CreditReport(
        subject=subject_id,
        kind=subject.kind,
        name=subject.name,
        region=subject.region,
        masked_id=subject.masked_id,
        as_of=day,
        records=records,
        entries=entries,
        restrictions=restrictions,
        commitments=commitments,
        query_log=[QueryLogOut(**row) for row in log.entries] if log else [],
        query_log_total=log.total if log else None,
        query_log_next=log.next if log else None,
        free_reports=free,
        derived_entries=derived,
        interviews=[InterviewOut(**row._asdict()) for row in found.interviews],
        notifications=notifications,
    )


def _free_reports(db: Database, access: Access, subject_id: str) -> FreeReports:
    """R-SEC-4: count this report if the person asked for its own (two free a year)."""
    by_subject = access.principal.role is Role.SUBJECT
    # Art. 39: counted in the year the report is issued, whatever day it reports as of.
    year = today().year
    row = db.issue_report(subject_id=subject_id, year=year, by_subject=by_subject)
    issued = row.issued if row is not None else 0
    return FreeReports(
        year=year, issued=issued, free_remaining=max(0, FREE_REPORTS_PER_YEAR - issued)
    )


def _report_rows(
    repo: Repository,
    subject_id: str,
    access: Access,
    day: date,
    log_before: int | None,
    log_limit: int,
) -> ReportRows:
    """The report's own reads: 404 for no subject, 403 for the public on a natural person
    before anything else is read."""
    subject = repo.read_subject(subject_id=subject_id)
    if subject is None:
        raise NotFound(f"no subject {subject_id!r}")
    if subject.kind == "NATURAL_PERSON" and not access.sees_person_names:
        raise Forbidden("the public sees no natural person's information (R-INFO-2)")
    # Art. 42 para 2, 43, 45 para 2: what the law removed stays with the credit office and the
    # subject itself (marked `removed`); nobody else is offered it.
    full_history = access.principal.role in {Role.ADMIN, Role.SUBJECT}
    horizon = expired_through(day)
    kinds = (
        PUBLIC_COMMITMENT_KINDS if access.principal.role is Role.PUBLIC else ALL_COMMITMENT_KINDS
    )
    # The office and the subject itself see who queried it (Art. 39), a page at a time.
    log = (
        repo.report_query_log(subject_id=subject_id, before=log_before, limit=log_limit)
        if full_history
        else None
    )
    return ReportRows(
        subject=subject,
        records=repo.report_records(
            subject_id=subject_id,
            disclosures=access.disclosures,
            as_of=day,
            expired_through=horizon,
            full_history=full_history,
        ),
        entries=repo.report_entries(
            subject_id=subject_id, as_of=day, expired_through=horizon, full_history=full_history
        ),
        commitments=repo.report_commitments(subject_id=subject_id, kinds=kinds),
        query_log=log,
        interviews=repo.report_interviews(subject_id=subject_id, disclosures=access.disclosures),
    )
