"""API tokens issued from the command line (issue 14; Art. 21: who may query what)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from graph_service.auth import Role, create_token
from graph_service.errors import BadRequest
from graph_service.store.db import Database


def issue_token(
    db: Database,
    *,
    role: Role,
    subject: str | None,
    label: str,
    authority: str | None,
    purposes: Sequence[str] | None,
    expires_in: timedelta,
) -> str:
    """A new token, shown once; an authority token names an authority of the registry."""
    if authority is not None and not db.find_authorities(keys=[authority]):
        raise BadRequest(f"no authority {authority!r} in the registry: ingest it first (Art. 21)")
    return create_token(
        db,
        role=role,
        subject=subject,
        label=label,
        authority=authority,
        purposes=purposes,
        expires_in=expires_in,
    )
