"""POST /v1/screen: one or many subjects × a matter → restricted / allowed / rewarded."""

from __future__ import annotations

from fastapi import APIRouter

from graph_service.access import logging_alongside
from graph_service.api.deps import CalendarDep, DbDep, RegulatorAccessDep, SettingsDep
from graph_service.auth import Role
from graph_service.domain.ingest import resolve_ref
from graph_service.domain.screening import ScreenAnswer, ScreenRequest
from graph_service.engine.feedback import open_hits
from graph_service.engine.screening import Engine

router = APIRouter(prefix="/v1", tags=["screening"])


@router.post("/screen", response_model=ScreenAnswer)
def screen(
    body: ScreenRequest,
    access: RegulatorAccessDep,
    db: DbDep,
    settings: SettingsDep,
    calendar: CalendarDep,
) -> ScreenAnswer:
    """Decide for each subject, with every restriction's explanation (R-OUT-2, R-PROP-6).

    An authority given a restricted or rewarded answer owes feedback on it (奖惩结果反馈):
    the hits open in one write after the read, while the query log's write completes."""
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
