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


def derived_entries(engine: Engine, subject_id: str, as_of: date) -> list[DerivedEntry]:
    """The entries of organisations that put their act into `subject_id`'s record."""
    rows = [
        row
        for row in engine.reach([subject_id], as_of, ART_32_LIST_TYPES)
        if row["role"] != SELF_ROLE
    ]
    names = {
        row["subject"]: row["name"]
        for row in engine.db.read("subject_summaries", ids=sorted({r["via"] for r in rows}))
    }
    found = {
        (row["entry"], row["role"], row["via"]): DerivedEntry(
            organisation=row["via"],
            organisation_name=names.get(row["via"]),
            role=row["role"],
            entry=row["entry"],
            list=row["list"],
            record=row["record"],
            document=row["document"],
            act_start=row["act_start"],
            act_end=row["act_end"],
            until=row["until"],
            objection=row["objection"],
            path=row["path"],
        )
        for row in rows
    }
    return [found[key] for key in sorted(found)]


def is_responsible_for(engine: Engine, subject_id: str, record_id: str, as_of: date) -> bool:
    """Whether the record enters `subject_id`'s own record under Art. 32 on `as_of`, so that
    the person may object to it (Art. 40)."""
    return any(entry.record == record_id for entry in derived_entries(engine, subject_id, as_of))
