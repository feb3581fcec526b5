"""Prompt and warning interviews (约谈) enter the subject's credit record (Art. 44, 26 item 4;
issue 13 item 11)."""

from __future__ import annotations

from uuid import uuid4

from graph_service.auth import Principal
from graph_service.domain.interviews import InterviewCreate, InterviewOut
from graph_service.engine.workflows import _expired_on, _invalid, _not_future, actor_of
from graph_service.errors import Forbidden, NotFound
from graph_service.store.db import Database


def record_interview(
    db: Database, subject_id: str, body: InterviewCreate, principal: Principal
) -> InterviewOut:
    """Check the interview against the graph and enter it in the subject's record."""
    _not_future(body.held_on, "held_on")
    # Art. 21, 44: an authority token records the interviews of its own authority.
    if principal.authority is not None and body.authority != principal.authority:
        raise Forbidden(
            f"a token of authority {principal.authority!r} records its own interviews, "
            f"not {body.authority!r}"
        )
    refs = db.interview_refs(subject_id=subject_id, authority=body.authority, record_id=body.record)
    assert refs is not None  # optional matches only: always one row
    if not refs.subject_known:
        raise NotFound(f"no subject {subject_id!r}")
    if not refs.authority_known:
        raise _invalid("authority", f"unknown authority {body.authority!r}")
    if body.record is not None:
        if refs.record_subject != subject_id or refs.record_type != "DISHONESTY":
            raise _invalid(
                "record", "Art. 44: the interview concerns a dishonesty record of the subject"
            )
        if _expired_on(refs.act_end, body.held_on):
            raise _invalid(
                "held_on", "Art. 44: an interview is held within the record's query period"
            )
    row = db.create_interview(
        subject_id=subject_id,
        id=f"INT-{uuid4().hex[:16]}",
        kind=body.kind.value,
        held_on=body.held_on,
        authority=body.authority,
        reason=body.reason,
        document=body.document,
        record_id=body.record,
        actor=actor_of(principal),
    )
    assert row is not None  # the subject and authority are known: the interview is written
    return InterviewOut(**row._asdict())
