"""Bearer tokens bound to a role (and, for `subject`, to the subject it speaks for; for
`authority`, to the authority it acts for), with an expiry, a revocation and a last use."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from graph_service.errors import BadRequest, NotFound, Unauthenticated
from graph_service.settings import DEFAULT_TOKEN_TTL_DAYS
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
    authority: str | None = None  # the authority an `authority` token acts for (Art. 21)
    remit: frozenset[str] | None = None  # the Art. 19 purposes of its holder; None: not stated

    @property
    def actor(self) -> str:
        """Role and token id: who did something, in logs and histories (never a name)."""
        return f"{self.role.value}:{self.token_id}"

    @property
    def holder(self) -> str:
        """Who owes feedback and holds commitments: the bound authority code, else the token."""
        return self.authority or self.actor


# The id that lists, revocations and the query log's `actor` name a token by.
TOKEN_ID_LENGTH = 12
# A token's last use is written at most this often: a write per request would cost more than
# the reads it records, and "used in the last minute" is as precise as an audit needs.
LAST_USE_EVERY = timedelta(minutes=1)
_AUTHORITY_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_id(digest: str) -> str:
    return digest[:TOKEN_ID_LENGTH]


def create_token(
    db: Database,
    *,
    role: Role,
    subject: str | None,
    label: str,
    authority: str | None = None,
    purposes: Iterable[str] | None = None,
    expires_in: timedelta = timedelta(days=DEFAULT_TOKEN_TTL_DAYS),
) -> str:
    """Store a new token's hash and return the token; it is shown once and never again.

    An `authority` token names the authority whose staff holds it (Art. 21-22): the query log
    then says which authority read what, and `purposes` (the holder's remit, Art. 21 para 2)
    lets the log flag a purpose outside it (docs/DECISIONS.md)."""
    if role is Role.SUBJECT and not subject:
        raise BadRequest("a subject token needs --subject")
    if role is not Role.SUBJECT and subject:
        raise BadRequest("only a subject token is bound to a subject")
    if role is Role.AUTHORITY and not authority:
        raise BadRequest("an authority token names its authority (--authority CODE; Art. 21)")
    if role is not Role.AUTHORITY and (authority or purposes):
        raise BadRequest("only an authority token is bound to an authority and its purposes")
    if authority is not None and not _AUTHORITY_CODE.fullmatch(authority):
        raise BadRequest("an authority code is 1-64 letters, digits, '.', '_' or '-'")
    if expires_in <= timedelta(0):
        raise BadRequest("a token's lifetime must be positive (--expires-in)")
    token = secrets.token_urlsafe(32)
    digest = hash_token(token)
    db.create_token(
        hash=digest,
        id=token_id(digest),
        role=role.value,
        subject=subject,
        authority=authority,
        purposes=sorted(set(purposes)) if purposes is not None else None,
        label=label,
        expires_at=datetime.now(UTC) + expires_in,
    )
    return token


def admin_principal(token: str, admin_token: str | None) -> Principal | None:
    """The admin when `token` is the configured admin token (compared in constant time)."""
    digest = hash_token(token)
    if admin_token is not None and hmac.compare_digest(digest, hash_token(admin_token)):
        return Principal(Role.ADMIN, None, token_id(digest))
    return None


class _LastUse:
    """When this process last wrote each token's last use: at most one write a minute each."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._written: dict[str, float] = {}

    def due(self, digest: str, stored: datetime | None, now: datetime) -> bool:
        if stored is not None and now - stored < LAST_USE_EVERY:
            return False
        moment = time.monotonic()
        with self._lock:
            if moment - self._written.get(digest, -1e18) < LAST_USE_EVERY.total_seconds():
                return False
            if len(self._written) > 100_000:  # forget old tokens; a write more, at worst
                self._written.clear()
            self._written[digest] = moment
        return True


_last_use = _LastUse()


# How long a verified token is taken on trust before it is looked up again (issue 17).
TOKEN_CACHE_SECONDS = 1.0


class _Verified:
    """Tokens this process verified in the last `TOKEN_CACHE_SECONDS` (issue 17): a client
    sending many requests a second costs one look-up a second, not one a request, and a hit
    is answered on the event loop with no trip to the thread pool. Expiry is still checked
    at every request; a revocation through this process (API or CLI) empties the cache at
    once, one through another process (another worker) takes effect within the window."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._found: dict[str, tuple[float, Principal, datetime | None]] = {}

    def get(self, digest: str) -> Principal | None:
        with self._lock:
            found = self._found.get(digest)
        if found is None or time.monotonic() - found[0] > TOKEN_CACHE_SECONDS:
            return None
        _, principal, expires_at = found
        if expires_at is not None and expires_at <= datetime.now(UTC):
            return None
        return principal

    def put(self, digest: str, principal: Principal, expires_at: datetime | None) -> None:
        with self._lock:
            if len(self._found) > 10_000:  # forget them all; a look-up more each, at worst
                self._found.clear()
            self._found[digest] = (time.monotonic(), principal, expires_at)

    def forget(self) -> None:
        with self._lock:
            self._found.clear()


_verified = _Verified()


def verified_principal(token: str) -> Principal | None:
    """The principal of a token verified within the last `TOKEN_CACHE_SECONDS`, if any: no
    I/O, so the event loop may call it."""
    return _verified.get(hash_token(token))


def authenticate(db: Database, token: str) -> Principal:
    """Resolve a presented token to its stored principal: unknown, revoked and expired tokens
    are 401 from the next request on, or, for a revocation through another process, within
    `TOKEN_CACHE_SECONDS` (`_Verified`)."""
    digest = hash_token(token)
    row = db.find_token(hash=digest)
    if row is None:
        raise Unauthenticated("unknown bearer token")
    now = datetime.now(UTC)
    if row.revoked_at is not None:
        raise Unauthenticated("this bearer token has been revoked")
    if row.expires_at is not None and row.expires_at <= now:
        raise Unauthenticated("this bearer token has expired; ask for a new one")
    if _last_use.due(digest, row.last_used, now):
        db.touch_token(hash=digest)
    principal = Principal(
        Role(row.role),
        row.subject,
        token_id(digest),
        authority=row.authority,
        remit=frozenset(row.purposes) if row.purposes is not None else None,
    )
    _verified.put(digest, principal, row.expires_at)
    return principal


def list_tokens(db: Database) -> list[dict[str, Any]]:
    """Every token's id, binding, dates and state; never the token nor its hash."""
    return [row._asdict() for row in db.list_tokens()]


def revoke_token(db: Database, id_: str) -> dict[str, Any]:
    """Revoke a token by its id (404 when there is none)."""
    rows = db.revoke_token(id=id_)
    _verified.forget()  # this process stops taking it at once
    if not rows:
        raise NotFound("no token with this id")
    return rows[0]._asdict()


def token_state(row: dict[str, Any], now: datetime) -> str:
    """`revoked`, `expired` or `active`: what a listed token does if presented now."""
    if row["revoked_at"] is not None:
        return "revoked"
    if row["expires_at"] is not None and row["expires_at"] <= now:
        return "expired"
    return "active"
