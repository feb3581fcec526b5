"""API tokens as the credit office reviews them (issue 14): by id, never in clear nor by hash."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


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
