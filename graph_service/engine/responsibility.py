"""The organisation's act in the responsible person's own record (Art. 32; issue 13 item 9).

When an organisation has an entry in force on a joint sanction list, its legal representative,
principal and actual controller (declared, or ultimate through the control chain) during the
act have that act entered in their own credit record, whether or not a measure reaches them
(DESIGN §5 rule 3 decides who they are; the engine's `reach` already walks exactly that).
"""

from __future__ import annotations

from datetime import date

from graph_service.domain.report import DerivedEntry
from graph_service.domain.vocabulary import ART_32_LIST_TYPES, SELF_ROLE
from graph_service.engine.screening import Engine
from graph_service.store.typed_queries import Repository


def derived_entries(
    engine: Engine, repo: Repository, subject_id: str, as_of: date
) -> list[DerivedEntry]:
    """The entries of organisations that put their act into `subject_id`'s record, read
    through the caller's unit of work."""
    reached = [
        (reach, reach.row.via)
        for reach in engine.reach(repo, [subject_id], as_of, ART_32_LIST_TYPES)
        if reach.row.role != SELF_ROLE and reach.row.via is not None
    ]
    names = {
        row.subject: row.name
        for row in repo.subject_summaries(ids=sorted({via for _, via in reached}))
    }
    found = {
        (reach.row.entry, reach.row.role, via): DerivedEntry(
            organisation=via,
            organisation_name=names.get(via),
            role=reach.row.role,
            entry=reach.row.entry,
            list=reach.row.list,
            record=reach.row.record,
            document=reach.row.document,
            act_start=reach.row.act_start,
            act_end=reach.row.act_end,
            until=reach.until,
            objection=reach.row.objection,
            path=reach.path,
        )
        for reach, via in reached
    }
    return [found[key] for key in sorted(found)]


def is_responsible_for(
    engine: Engine, repo: Repository, subject_id: str, record_id: str, as_of: date
) -> bool:
    """Whether the record enters `subject_id`'s own record under Art. 32 on `as_of`, so that
    the person may object to it (Art. 40)."""
    return any(
        entry.record == record_id for entry in derived_entries(engine, repo, subject_id, as_of)
    )
