"""GET /v1/subjects/{id}: a subject's profile as of a date (DESIGN §6), for regulators.

Identity without any clear resident ID (R-SUBJ-1), the role links and holdings in force on
`as_of` in either direction (R-SUBJ-2, -3), the records the caller's role may see (R-INFO-2)
and the subject's list entries. The office (admin) sees every record with its state; the
other roles do not see records that have left the query interfaces: expired five years
after the act (R-TIME-1), revoked (R-TIME-2) or repaired (R-TIME-4). Every read is logged.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from graph_service.access import Access, log_query
from graph_service.api.deps import DbDep, access_for
from graph_service.auth import Role
from graph_service.domain.vocabulary import ROLE_OF_LINK
from graph_service.errors import NotFound
from graph_service.rules.credit_time import expired_through

router = APIRouter(prefix="/v1/subjects", tags=["subjects"])


class RoleLink(BaseModel):
    """A role held in an organisation (R-SUBJ-2); the subject is the holder or the org."""

    role: Literal["LEGAL_REPRESENTATIVE", "PRINCIPAL", "ACTUAL_CONTROLLER"]
    holder: str
    holder_name: str | None
    org: str
    org_name: str | None
    valid_from: date
    valid_to: date | None


class Holding(BaseModel):
    """A shareholding (R-SUBJ-3); the subject is the holder or the organisation held."""

    holder: str
    holder_name: str | None
    org: str
    org_name: str | None
    ratio: float
    valid_from: date
    valid_to: date | None


class RecordSummary(BaseModel):
    """A credit record about the subject; `state` is its workflow state, or `expired`."""

    id: str
    type: str
    category: str
    serious: bool
    document: str | None
    domain: str | None
    catalogue_item: str
    act_start: date
    act_end: date | None
    state: str


class EntrySummary(BaseModel):
    """An entry naming the subject on a list (R-LIST-1), listed on or before `as_of`."""

    id: str
    list: str
    list_type: str
    record: str | None
    listed_at: date
    removed_on: date | None
    state: str | None


class SubjectProfile(BaseModel):
    id: str = Field(description="USCC of an organisation, or a person's pseudonymous id")
    kind: str
    name: str
    region: str
    masked_id: str | None = Field(description="A person's masked resident ID (R-SUBJ-1)")
    extra: dict[str, Any] | None
    as_of: date
    roles: list[RoleLink]
    holdings: list[Holding]
    records: list[RecordSummary]
    entries: list[EntrySummary]


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


ProfileAccessDep = Annotated[
    Access, Depends(access_for(Role.ADMIN, Role.AUTHORITY, Role.INVESTIGATOR, Role.SUBJECT))
]


@router.get("/{subject_id}", response_model=SubjectProfile)
def subject_profile(
    subject_id: str,
    access: ProfileAccessDep,
    db: DbDep,
    as_of: Annotated[date | None, Query(description="Default: today")] = None,
) -> SubjectProfile:
    """The subject, its roles and holdings in force, its visible records and its entries.

    Regulators and investigators read any subject; a subject reads only itself (R-SEC-2).
    """
    access.require_subject(subject_id)
    day = as_of or date.today()
    found = db.read(
        "subject_profile",
        subject_id=subject_id,
        as_of=day,
        disclosures=access.disclosures,
        expired_through=expired_through(day),
    )
    if not found:
        # The id is not repeated: a caller may have put a resident ID here (R-SUBJ-1).
        raise NotFound("no subject with this id (a USCC, or a person's id as returned)")
    row = found[0]
    records = []
    for record in row["records"]:
        state = _record_state(record)
        if access.principal.role is not Role.ADMIN and _left_interfaces(record, state, day):
            continue
        records.append(RecordSummary(**{**record, "state": state}))
    profile = SubjectProfile(
        id=row["id"],
        kind=row["kind"],
        name=row["name"],
        region=row["region"],
        masked_id=row["masked_id"],
        extra=json.loads(row["extra"]) if row["extra"] else None,
        as_of=day,
        roles=sorted(
            (RoleLink(role=ROLE_OF_LINK[link.pop("type")], **link) for link in row["roles"]),
            key=lambda link: (link.role, link.org, link.holder, link.valid_from),
        ),
        holdings=sorted(
            (Holding(**holding) for holding in row["holdings"]),
            key=lambda holding: (holding.org, holding.holder, holding.valid_from),
        ),
        records=sorted(records, key=lambda record: (record.act_start, record.id)),
        entries=sorted(
            (EntrySummary(**entry) for entry in row["entries"]),
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
