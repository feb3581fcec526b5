"""Per-token request limits (issue 14): a token bucket per presented token, checked at the
edge before routing and before the token is even looked up, so a flood from one token is
refused cheaply on the event loop (a 429 problem with `Retry-After`) and never queues in front
of another token's answers. The 429 itself is held back a moment (`HOLD_SECONDS`, an idle
sleep): a client that ignores `Retry-After` sends at most a few requests a second per
connection instead of keeping the event loop busy.

Buckets live in the process: with several workers each enforces the limit on its share.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import OrderedDict
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from graph_service.api.problems import problem
from graph_service.auth import hash_token
from graph_service.errors import TooManyRequests

# Buckets kept at most; the least recently used go first (a bucket forgotten refills).
MAX_BUCKETS = 50_000
# A bucket holds this many seconds of its rate: the burst a client may send at once.
BURST_SECONDS = 2.0
# How long a 429 waits before it leaves (never longer than its Retry-After).
HOLD_SECONDS = 0.25


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RequestLimiter:
    """Token buckets keyed by the token's hash: `rate` requests a second, `rate ×
    BURST_SECONDS` at once; the admin token of the settings has a rate of its own."""

    def __init__(self, rate: float, admin_rate: float, admin_digest: str | None) -> None:
        self.rate = rate
        self.admin_rate = admin_rate
        self.admin_digest = admin_digest
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def check(self, digest: str) -> None:
        """Take one request from the token's bucket, or raise a 429 saying when to retry.
        Called on the event loop only, so no lock is needed."""
        rate = self.admin_rate if digest == self.admin_digest else self.rate
        capacity = max(1.0, rate * BURST_SECONDS)
        now = time.monotonic()
        bucket = self._buckets.pop(digest, None) or _Bucket(capacity, now)
        bucket.tokens = min(capacity, bucket.tokens + (now - bucket.updated) * rate)
        bucket.updated = now
        self._buckets[digest] = bucket
        if len(self._buckets) > MAX_BUCKETS:
            self._buckets.popitem(last=False)
        if bucket.tokens < 1.0:
            retry = max(1, math.ceil((1.0 - bucket.tokens) / rate))
            raise TooManyRequests(
                f"too many requests from this token: at most {rate:g} a second",
                retry_after=retry,
            )
        bucket.tokens -= 1.0


class RequestLimitMiddleware:
    """Applies `RequestLimiter` to every /v1 request that presents a bearer token; requests
    without one go on to the 401 of the route's dependency."""

    def __init__(self, app: ASGIApp, limiter: RequestLimiter) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/v1/"):
            token = _bearer(scope)
            if token:
                try:
                    self.limiter.check(hash_token(token))
                except TooManyRequests as refused:
                    await asyncio.sleep(min(HOLD_SECONDS, refused.retry_after))
                    answer = problem(
                        refused.status,
                        refused.problem_type(),
                        refused.title,
                        refused.detail,
                        "about:blank",  # before routing: the path may carry an id
                        **refused.extensions,
                    )
                    await answer(scope, receive, send)
                    return
        await self.app(scope, receive, send)


def _bearer(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"authorization":
            scheme, _, credentials = value.decode("latin-1").partition(" ")
            return credentials.strip() if scheme.lower() == "bearer" else None
    return None
