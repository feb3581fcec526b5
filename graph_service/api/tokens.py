"""The credit office reviews and revokes API tokens (issue 14; Art. 21 para 2: who may query
what): a token is listed by its id, never in clear nor by its hash."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

from graph_service.api.deps import AdminDep, DbDep
from graph_service.auth import list_tokens, revoke_token, token_state
from graph_service.domain.tokens import TokenList, TokenOut

router = APIRouter(prefix="/v1", tags=["tokens"])


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
