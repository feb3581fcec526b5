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


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(db: Database, *, role: Role, subject: str | None, label: str) -> str:
    """Store a new token's hash and return the token; it is shown once and never again."""
    if role is Role.SUBJECT and not subject:
        raise BadRequest("a subject token needs --subject")
    if role is not Role.SUBJECT and subject:
        raise BadRequest("only a subject token is bound to a subject")
    token = secrets.token_urlsafe(32)
    db.write("create_token", hash=hash_token(token), role=role.value, subject=subject, label=label)
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
    return Principal(Role(rows[0]["role"]), rows[0]["subject"], digest[:12])
