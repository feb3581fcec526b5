"""Ultimate controllers, beneficial owners and cycles above an organisation (R-SUBJ-3)."""

from __future__ import annotations

from datetime import date

from graph_service.access import Access, logging_alongside
from graph_service.analytics.control import ultimate_controllers
from graph_service.domain.control import BeneficialOwnerOut, ControllerOut, ControllersAnswer
from graph_service.engine.control import load_control_graph
from graph_service.errors import NotFound
from graph_service.store.db import Database


def controllers(
    db: Database, access: Access, *, subject_id: str, day: date, depth: int
) -> ControllersAnswer:
    """The control chain above an organisation, at most `depth` links up, terminating on
    cycles; the read is written to the query log alongside (R-SEC-3)."""
    if not db.find_subjects(keys=[subject_id]):
        raise NotFound(f"no subject {subject_id!r}")
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
