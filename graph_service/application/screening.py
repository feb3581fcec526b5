"""Screening (R-OUT-2, R-PROP-6): each subject × a matter → restricted / allowed / rewarded,
logged alongside the read (R-SEC-3), and the feedback an authority owes on a hit opened."""

from __future__ import annotations

from graph_service.access import Access, logging_alongside
from graph_service.auth import Role
from graph_service.domain.ingest import resolve_ref
from graph_service.domain.screening import ScreenAnswer, ScreenRequest
from graph_service.engine.feedback import open_hits
from graph_service.engine.screening import Engine
from graph_service.rules.workdays import WorkCalendar
from graph_service.settings import Settings
from graph_service.store.db import Database


def screen(
    db: Database,
    settings: Settings,
    calendar: WorkCalendar,
    access: Access,
    body: ScreenRequest,
) -> ScreenAnswer:
    """Decide for each subject, with every restriction's explanation. An authority given a
    restricted or rewarded answer owes feedback on it (奖惩结果反馈): the hits open in one
    write after the read, while the query log's write completes."""
    secret = settings.pseudonym_secret()
    ids = [resolve_ref(ref, secret) for ref in body.subjects]
    engine = Engine(db, settings.control_max_depth, access.disclosures)
    with logging_alongside(
        db, access, endpoint="POST /v1/screen", subjects=ids, categories=["restrictions", "rewards"]
    ):
        results = engine.screen(ids, body.matter, body.as_of, check=True)
        if access.principal.role is Role.AUTHORITY:
            open_hits(
                db,
                holder=access.principal.holder,
                matter=body.matter,
                results=results,
                calendar=calendar,
                working_days=settings.feedback_working_days,
            )
    return ScreenAnswer(as_of=body.as_of, matter=body.matter, results=results)
