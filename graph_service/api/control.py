"""GET /v1/subjects/{id}/controllers: ultimate controllers, beneficial owners, cycles."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from graph_service.api.deps import DbDep, RegulatorAccessDep, SettingsDep
from graph_service.application import control
from graph_service.domain.control import ControllersAnswer

router = APIRouter(prefix="/v1/subjects", tags=["subjects"])


@router.get("/{subject_id}/controllers", response_model=ControllersAnswer)
def controllers(
    subject_id: str,
    access: RegulatorAccessDep,
    db: DbDep,
    settings: SettingsDep,
    as_of: Annotated[date | None, Query(description="Default: today")] = None,
) -> ControllersAnswer:
    """The control chain above an organisation (R-SUBJ-3), terminating on cycles."""
    return control.controllers(
        db,
        access,
        subject_id=subject_id,
        day=as_of or date.today(),
        depth=settings.control_max_depth,
    )
