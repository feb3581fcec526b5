"""GET /v1/subjects/{id}/report: the credit report (Art. 39, R-OUT-4)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from graph_service.access import Access, logging_alongside
from graph_service.api.answers import answer_json
from graph_service.api.deps import AnyAccessDep, CalendarDep, DbDep, SettingsDep
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
from graph_service.rules.credit_time import expired_through
from graph_service.rules.workdays import WorkCalendar
from graph_service.settings import Settings
from graph_service.store.db import Database, Transaction

router = APIRouter(prefix="/v1/subjects", tags=["subjects"])

FREE_REPORTS_PER_YEAR = 2  # R-SEC-4, Art. 38
# The query log is paged, newest first (issue 17): a long log costs one page, not all of it.
QUERY_LOG_PAGE = 50
QUERY_LOG_MAX_PAGE = 500


@router.get("/{subject_id}/report", response_model=CreditReport, response_model_by_alias=True)
async def report(
    subject_id: str,
    access: AnyAccessDep,
    db: DbDep,
    settings: SettingsDep,
    calendar: CalendarDep,
    as_of: Annotated[date | None, Query(description="Default: today")] = None,
    log_before: Annotated[
        int | None,
        Query(ge=1, description="The query log's page cursor: `query_log_next` of the page before"),
    ] = None,
    log_limit: Annotated[
        int, Query(ge=1, le=QUERY_LOG_MAX_PAGE, description="Query-log entries in this page")
    ] = QUERY_LOG_PAGE,
) -> Response:
    """Records the caller may see, list memberships, measures reaching the subject and why,
    objections, sources, reasons for changes, and who queried the subject (Art. 39)."""
    return await answer_json(
        lambda: credit_report(
            subject_id, access, db, settings, calendar, as_of, log_before, log_limit
        )
    )


def credit_report(
    subject_id: str,
    access: Access,
    db: Database,
    settings: Settings,
    calendar: WorkCalendar,
    as_of: date | None,
    log_before: int | None,
    log_limit: int,
) -> CreditReport:
    """The report, in the thread pool (the driver blocks)."""
    access.require_subject(subject_id)
    day = as_of or date.today()
    # The report's own reads share one read transaction (one commit, one snapshot), issue 17.
    found = db.read_transaction(
        lambda tx: _report_rows(tx, subject_id, access, day, log_before, log_limit)
    )
    subject = found["subject"]
    records = [ReportRecord(**row) for row in found["records"]]
    # Art. 28 para. 3: a proposal not (yet) confirmed is not published; only the office
    # and the subject see it (issue 13 item 10).
    sees_own = access.principal.role in {Role.ADMIN, Role.SUBJECT}
    entries = [
        ReportEntry(**row)
        for row in found["entries"]
        if sees_own or row["state"] not in NOT_PUBLISHED
    ]
    commitments = [commitment_out(row, day) for row in found["commitments"]]
    engine = Engine(db, settings.control_max_depth, access.disclosures)
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
        free = (
            _free_reports(db, access, subject_id) if subject["kind"] == "NATURAL_PERSON" else None
        )
        derived = derived_entries(engine, subject_id, day)
        notifications = EntryWorkflows(db, calendar).notifications(subject_id) if sees_own else []
    log_page = found["query_log"]
    return CreditReport(
        subject=subject_id,
        kind=subject["kind"],
        name=subject["name"],
        region=subject["region"],
        masked_id=subject["masked_id"],
        as_of=day,
        records=records,
        entries=entries,
        restrictions=restrictions,
        commitments=commitments,
        query_log=[QueryLogOut(**row) for row in log_page["entries"]],
        query_log_total=log_page["total"],
        query_log_next=log_page["next"],
        free_reports=free,
        derived_entries=derived,
        interviews=[InterviewOut(**row) for row in found["interviews"]],
        notifications=notifications,
    )


def _free_reports(db: Database, access: Access, subject_id: str) -> FreeReports:
    """R-SEC-4: count this report if the person asked for its own (two free a year)."""
    by_subject = access.principal.role is Role.SUBJECT
    # Art. 39: counted in the year the report is issued, whatever day it reports as of.
    year = date.today().year
    issued = db.write("issue_report", subject_id=subject_id, year=year, by_subject=by_subject)[0][
        "issued"
    ]
    return FreeReports(
        year=year, issued=issued, free_remaining=max(0, FREE_REPORTS_PER_YEAR - issued)
    )


def _report_rows(
    tx: Transaction,
    subject_id: str,
    access: Access,
    day: date,
    log_before: int | None,
    log_limit: int,
) -> dict[str, Any]:
    """The report's own reads, in one read transaction: 404 for no subject, 403 for the public
    on a natural person before anything else is read."""
    found = tx.read("read_subject", subject_id=subject_id)
    if not found:
        raise NotFound(f"no subject {subject_id!r}")
    subject = found[0]
    if subject["kind"] == "NATURAL_PERSON" and not access.sees_person_names:
        raise Forbidden("the public sees no natural person's information (R-INFO-2)")
    # Art. 42 para 2, 43, 45 para 2: what the law removed stays with the credit office and the
    # subject itself (marked `removed`); nobody else is offered it.
    full_history = access.principal.role in {Role.ADMIN, Role.SUBJECT}
    horizon = expired_through(day)
    # Art. 33: commitments and whether they were kept are part of the credit record; the
    # public sees voluntary public commitments only (docs/DECISIONS.md).
    kinds = ["PUBLIC"] if access.principal.role is Role.PUBLIC else ["PERMIT", "PUBLIC"]
    return {
        "subject": subject,
        "records": tx.read(
            "report_records",
            subject_id=subject_id,
            disclosures=access.disclosures,
            as_of=day,
            expired_through=horizon,
            full_history=full_history,
        ),
        "entries": tx.read(
            "report_entries",
            subject_id=subject_id,
            as_of=day,
            expired_through=horizon,
            full_history=full_history,
        ),
        "commitments": tx.read("report_commitments", subject_id=subject_id, kinds=kinds),
        # The office and the subject itself see who queried it (Art. 39), a page at a time.
        "query_log": (
            tx.read("report_query_log", subject_id=subject_id, before=log_before, limit=log_limit)[
                0
            ]
            if full_history
            else {"entries": [], "total": None, "next": None}
        ),
        "interviews": tx.read(
            "report_interviews", subject_id=subject_id, disclosures=access.disclosures
        ),
    }
