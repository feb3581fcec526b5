"""Bearer tokens bound to a role (and, for `subject`, to the subject it speaks for)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from enum import StrEnum

from graph_service.errors import BadRequest, Unauthenticated
from graph_service.store.db import Database


class Role(StrEnum):
    ADMIN = "admin"
    AUTHORITY = "authority"
    INVESTIGATOR = "investigator"
    SUBJECT = "subject"
    PUBLIC = "public"


@dataclass(frozen=True)
class Principal:
    """Who is calling: the role decides every permission server-side (R-SEC-2)."""

    role: Role
    subject: str | None
    token_id: str  # first hex digits of the token's hash: enough to audit, useless to replay
    # The authority code an `authority` token acts for (its hits, feedback and the
    # commitments it holds); None for other roles and for tokens not bound to one.
    authority: str | None = None

    @property
    def actor(self) -> str:
        """Role and token id: who did something, in logs and histories (never a name)."""
        return f"{self.role.value}:{self.token_id}"

    @property
    def holder(self) -> str:
        """Who owes feedback and holds commitments: the bound authority code, else the token."""
        return self.authority or self.actor


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(
    db: Database, *, role: Role, subject: str | None, label: str, authority: str | None = None
) -> str:
    """Store a new token's hash and return the token; it is shown once and never again."""
    if role is Role.SUBJECT and not subject:
        raise BadRequest("a subject token needs --subject")
    if role is not Role.SUBJECT and subject:
        raise BadRequest("only a subject token is bound to a subject")
    if role is not Role.AUTHORITY and authority:
        raise BadRequest("only an authority token is bound to an authority")
    token = secrets.token_urlsafe(32)
    db.write(
        "create_token",
        hash=hash_token(token),
        role=role.value,
        subject=subject,
        label=label,
        authority=authority,
    )
    return token


def admin_principal(token: str, admin_token: str | None) -> Principal | None:
    """The admin when `token` is the configured admin token (compared in constant time)."""
    digest = hash_token(token)
    if admin_token is not None and hmac.compare_digest(digest, hash_token(admin_token)):
        return Principal(Role.ADMIN, None, digest[:12])
    return None


def authenticate(db: Database, token: str) -> Principal:
    """Resolve a presented token to its stored principal; unknown tokens are 401."""
    digest = hash_token(token)
    rows = db.read("find_token", hash=digest)
    if not rows:
        raise Unauthenticated("unknown bearer token")
    row = rows[0]
    return Principal(Role(row["role"]), row["subject"], digest[:12], row["authority"])
