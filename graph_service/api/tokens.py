"""The credit office reviews and revokes API tokens (issue 14; Art. 21 para 2: who may query
what): a token is listed by its id, never in clear nor by its hash."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from graph_service.api.deps import AdminDep, DbDep
from graph_service.auth import list_tokens, revoke_token, token_state

router = APIRouter(prefix="/v1", tags=["tokens"])


class TokenOut(BaseModel):
    id: str = Field(
        description="The first 12 hex digits of the token's hash (the query log's actor)"
    )
    label: str | None
    role: str
    subject: str | None
    authority: str | None = Field(description="The authority an authority token acts for")
    purposes: list[str] | None = Field(description="The holder's Art. 19 remit, if stated")
    created_at: datetime | None
    expires_at: datetime | None
    last_used: datetime | None = Field(description="Written at most once a minute")
    revoked_at: datetime | None
    state: str = Field(description="active, expired or revoked")


class TokenList(BaseModel):
    tokens: list[TokenOut]


def _out(row: dict[str, Any], now: datetime) -> TokenOut:
    return TokenOut(**row, state=token_state(row, now))


@router.get("/tokens", response_model=TokenList)
async def tokens(principal: AdminDep, db: DbDep) -> TokenList:
    """Every token with its binding, expiry, last use and state."""
    rows = await run_in_threadpool(list_tokens, db)
    now = datetime.now(UTC)
    return TokenList(tokens=[_out(row, now) for row in rows])


@router.delete("/tokens/{id}", response_model=TokenOut)
async def revoke(id: str, principal: AdminDep, db: DbDep) -> TokenOut:
    """Revoke a token: its next request is a 401. Revoking again changes nothing."""
    row = await run_in_threadpool(revoke_token, db, id)
    return _out(row, datetime.now(UTC))
