"""POST /v1/screen: one or many subjects × a matter → restricted / allowed / rewarded."""

from __future__ import annotations

from fastapi import APIRouter, Response

from graph_service.api.answers import answer_json
from graph_service.api.deps import CalendarDep, DbDep, RegulatorAccessDep, SettingsDep
from graph_service.application import screening
from graph_service.domain.screening import ScreenAnswer, ScreenRequest

router = APIRouter(prefix="/v1", tags=["screening"])


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
    return await answer_json(lambda: screening.screen(db, settings, calendar, access, body))
