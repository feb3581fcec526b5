"""POST /v1/screen: one or many subjects × a matter → restricted / allowed / rewarded."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from graph_service.access import Access, logging_alongside
from graph_service.api.answers import answer_json
from graph_service.api.deps import CalendarDep, DbDep, RegulatorAccessDep, SettingsDep
from graph_service.auth import Role
from graph_service.domain.ingest import ResidentIdRef, resolve_ref
from graph_service.domain.screening import ScreenAnswer
from graph_service.engine.feedback import open_hits
from graph_service.engine.screening import Engine
from graph_service.rules.workdays import WorkCalendar
from graph_service.settings import Settings
from graph_service.store.db import Database

router = APIRouter(prefix="/v1", tags=["screening"])


class ScreenRequest(BaseModel):
    subjects: list[str | ResidentIdRef] = Field(min_length=1, max_length=1000)
    matter: str = Field(min_length=1, max_length=200)
    as_of: date = Field(default_factory=date.today)


@router.post("/screen", response_model=ScreenAnswer)
async def screen(
    body: ScreenRequest,
    access: RegulatorAccessDep,
    db: DbDep,
    settings: SettingsDep,
    calendar: CalendarDep,
) -> Response:
    """Decide for each subject, with every restriction's explanation (R-OUT-2, R-PROP-6).

    An authority given a restricted or rewarded answer owes feedback on it (奖惩结果反馈):
    the hits open in one write after the read, while the query log's write completes."""
    return await answer_json(lambda: screen_answer(body, access, db, settings, calendar))


def screen_answer(
    body: ScreenRequest,
    access: Access,
    db: Database,
    settings: Settings,
    calendar: WorkCalendar,
) -> ScreenAnswer:
    """The screening answer, in the thread pool (the driver blocks)."""
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
