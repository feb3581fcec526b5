"""GET /v1/subjects/{id}/controllers: ultimate controllers, beneficial owners, cycles."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from graph_service.access import logging_alongside
from graph_service.analytics.control import ultimate_controllers
from graph_service.api.deps import DbDep, RegulatorAccessDep, SettingsDep
from graph_service.domain.control import BeneficialOwnerOut, ControllerOut, ControllersAnswer
from graph_service.engine.control import load_control_graph
from graph_service.errors import NotFound

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
    found = db.read("find_subjects", keys=[subject_id])
    if not found:
        raise NotFound(f"no subject {subject_id!r}")
    day = as_of or date.today()
    depth = settings.control_max_depth
    with logging_alongside(
        db,
        access,
        endpoint="GET /v1/subjects/{id}/controllers",
        subjects=[subject_id],
        categories=["control"],
    ):
        graph = load_control_graph(db, [subject_id], depth)
    holdings, declared = graph.upward(subject_id, depth)
    persons = {s for s, kind in graph.kinds.items() if kind == "NATURAL_PERSON"}
    answer = ultimate_controllers(
        subject_id, holdings, declared, day, depth, natural_persons=persons
    )
    return ControllersAnswer(
        org=subject_id,
        as_of=day,
        ultimate_controllers=[
            ControllerOut(
                subject=c.subject,
                path=c.path,
                control_share=round(c.control_share, 6),
                effective_share=round(c.effective_share, 6),
                declared=c.declared,
            )
            for c in answer.ultimate_controllers
        ],
        declared_controllers=answer.declared_controllers,
        controllers=answer.controllers,
        beneficial_owners=[
            BeneficialOwnerOut(subject=s, effective_share=round(share, 6))
            for s, share in sorted(answer.beneficial_owners.items())
        ],
        cycles=answer.cycles,
        control_cycles=answer.control_cycles,
        max_depth=depth,
        truncated=graph.truncated or answer.truncated,
    )
