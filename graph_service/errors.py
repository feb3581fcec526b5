"""Domain errors; each maps to one application/problem+json `type` at the API edge."""

from __future__ import annotations

from typing import Any, ClassVar

PROBLEM_BASE = "urn:credit-graph:problem:"


class GraphServiceError(Exception):
    """Root of the service's errors: a stable problem type, a title and an HTTP status."""

    slug: ClassVar[str] = "internal"
    title: ClassVar[str] = "Internal error"
    status: ClassVar[int] = 500

    def __init__(self, detail: str, **extensions: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extensions = extensions

    @classmethod
    def problem_type(cls) -> str:
        return PROBLEM_BASE + cls.slug


class BadRequest(GraphServiceError):
    slug, title, status = "bad-request", "Bad request", 400


class ValidationFailed(GraphServiceError):
    """Input refused; `errors` lists every bad row and field."""

    slug, title, status = "validation", "Invalid input", 422


class Unauthenticated(GraphServiceError):
    slug, title, status = "unauthenticated", "Authentication required", 401


class Forbidden(GraphServiceError):
    slug, title, status = "forbidden", "Not allowed for this role", 403


class NotFound(GraphServiceError):
    slug, title, status = "not-found", "Not found", 404


class Conflict(GraphServiceError):
    slug, title, status = "conflict", "Conflicts with the current state", 409


class PayloadTooLarge(GraphServiceError):
    slug, title, status = "too-large", "Request too large", 413


class TooManyRequests(GraphServiceError):
    """A token over its request limit (issue 14); `retry_after` seconds go in `Retry-After`."""

    slug, title, status = "too-many-requests", "Too many requests", 429

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail, retry_after=retry_after)
        self.retry_after = retry_after


class StoreUnavailable(GraphServiceError):
    """Neo4j does not answer (down, starting, or too slow)."""

    slug, title, status = "store-unavailable", "Graph store unavailable", 503


class QueryFileError(GraphServiceError):
    """A .cypher file whose header does not match its text (raised at start-up)."""

    slug, title = "query-file", "Invalid query file"


class Neo4jProvisionError(GraphServiceError):
    """The local Neo4j could not be provisioned, started or reached."""

    slug, title = "neo4j-provision", "Neo4j provisioning failed"
