"""A subject's profile as of a date (DESIGN §6), for regulators and the subject itself.

Identity without any clear resident ID (R-SUBJ-1), the role links and holdings in force on
`as_of` in either direction (R-SUBJ-2, -3), the records the caller's role may see (R-INFO-2)
and the subject's list entries. The office (admin) sees every record with its state; the
other roles do not see records that have left the query interfaces: expired five years
after the act (R-TIME-1), revoked (R-TIME-2) or repaired (R-TIME-4). Every read is logged.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from graph_service.access import Access, log_query
from graph_service.auth import Role
from graph_service.domain.subjects import (
    EntrySummary,
    Holding,
    RecordSummary,
    RoleLink,
    SubjectProfile,
)
from graph_service.domain.vocabulary import ROLE_OF_LINK
from graph_service.errors import NotFound
from graph_service.rules.credit_time import expired_through
from graph_service.store.db import Database


def _record_state(record: dict[str, Any]) -> str:
    """The stored workflow state, or `expired` once five years have passed since the act
    ended (R-TIME-1, decided in the query as the screening decides it)."""
    if record["expired"]:
        return "expired"
    state: str = record["state"] or "in_force"
    return state


def _left_interfaces(record: dict[str, Any], state: str, as_of: date) -> bool:
    """R-TIME-1, -2, -4: expired, revoked and repaired records leave the query interfaces."""
    if state == "expired":
        return True
    return any(
        record[key] is not None and record[key] <= as_of for key in ("revoked_on", "repaired_on")
    )


def subject_profile(db: Database, access: Access, *, subject_id: str, day: date) -> SubjectProfile:
    """The subject, its roles and holdings in force, its visible records and its entries;
    a subject reads only itself (R-SEC-2)."""
    access.require_subject(subject_id)
    row = db.subject_profile(
        subject_id=subject_id,
        as_of=day,
        disclosures=access.disclosures,
        expired_through=expired_through(day),
    )
    if row is None:
        # The id is not repeated: a caller may have put a resident ID here (R-SUBJ-1).
        raise NotFound("no subject with this id (a USCC, or a person's id as returned)")
    records = []
    for record in row.records:
        state = _record_state(record)
        if access.principal.role is not Role.ADMIN and _left_interfaces(record, state, day):
            continue
        records.append(RecordSummary(**{**record, "state": state}))
    profile = SubjectProfile(
        id=row.id,
        kind=row.kind,
        name=row.name,
        region=row.region,
        masked_id=row.masked_id,
        extra=json.loads(row.extra) if row.extra else None,
        as_of=day,
        roles=sorted(
            (RoleLink(role=ROLE_OF_LINK[link.pop("type")], **link) for link in row.roles),
            key=lambda link: (link.role, link.org, link.holder, link.valid_from),
        ),
        holdings=sorted(
            (Holding(**holding) for holding in row.holdings),
            key=lambda holding: (holding.org, holding.holder, holding.valid_from),
        ),
        records=sorted(records, key=lambda record: (record.act_start, record.id)),
        entries=sorted(
            (EntrySummary(**entry) for entry in row.entries),
            key=lambda entry: (entry.listed_at, entry.id),
        ),
    )
    log_query(
        db,
        access,
        endpoint="GET /v1/subjects/{id}",
        subjects=[profile.id],
        categories=["profile", *sorted({record.catalogue_item for record in profile.records})],
    )
    return profile
