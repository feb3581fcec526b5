"""Every error leaves as application/problem+json (RFC 9457) with a stable `type`."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_service import logs
from graph_service.errors import (
    PROBLEM_BASE,
    Forbidden,
    GraphServiceError,
    NotFound,
    Unauthenticated,
    ValidationFailed,
)

PROBLEM_MEDIA_TYPE = "application/problem+json"

_BY_STATUS: dict[int, type[GraphServiceError]] = {
    401: Unauthenticated,
    403: Forbidden,
    404: NotFound,
}


def _instance(request: Request) -> str:
    """The route template, never the raw path: a path may carry a resident ID (R-SUBJ-1)."""
    route = request.scope.get("route")
    return str(getattr(route, "path", "about:blank"))


def problem(
    status: int, type_: str, title: str, detail: str, instance: str, **extra: Any
) -> JSONResponse:
    body = {"type": type_, "title": title, "status": status, "detail": detail, "instance": instance}
    body.update(extra)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    if status == 429 and "retry_after" in extra:
        headers["Retry-After"] = str(extra["retry_after"])
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def _field_of(loc: tuple[Any, ...]) -> tuple[str, int | None]:
    """`('body', 'items', 3, 'ratio')` → ('ratio', 3); `('query', 'as_of')` → ('as_of', None)."""
    parts = list(loc[1:]) if loc and loc[0] in {"body", "query", "path", "header"} else list(loc)
    row = None
    if len(parts) >= 2 and parts[0] == "items" and isinstance(parts[1], int):
        row, parts = parts[1], parts[2:]
    return ".".join(str(part) for part in parts), row


async def _service_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, GraphServiceError)
    if exc.status >= 500:
        # A driver failure is a warning, with its code (e.g. Neo.TransientError.…), which holds
        # no data; a 503 of its own (not ready yet) is not.
        cause = exc.__cause__
        logs.event(
            "request_failed",
            logging.INFO if cause is None else logging.WARNING,
            status=exc.status,
            problem=exc.slug,
            route=_instance(request),
            cause=None if cause is None else getattr(cause, "code", None) or type(cause).__name__,
        )
    return problem(
        exc.status, exc.problem_type(), exc.title, exc.detail, _instance(request), **exc.extensions
    )


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = []
    for error in exc.errors():
        field, row = _field_of(tuple(error.get("loc", ())))
        entry: dict[str, Any] = {"field": field, "message": error.get("msg", "invalid")}
        if row is not None:
            entry["row"] = row
        errors.append(entry)
    fields = ", ".join(sorted({e["field"] for e in errors})) or "the request"
    return problem(
        422,
        ValidationFailed.problem_type(),
        ValidationFailed.title,
        f"invalid value for {fields}",
        _instance(request),
        errors=errors,
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    known = _BY_STATUS.get(exc.status_code)
    type_ = known.problem_type() if known else f"{PROBLEM_BASE}http-{exc.status_code}"
    title = known.title if known else "HTTP error"
    return problem(exc.status_code, type_, title, str(exc.detail), _instance(request))


class UnhandledErrorMiddleware:
    """Answers an unhandled exception with the 500 problem, and the exception ends there.

    Starlette's last-resort handler (an `Exception` handler) answers and then re-raises, and
    uvicorn, seeing the exception after the answer, closes the keep-alive connection without a
    word: the client's next request on it fails with a reset (issue 14). Caught here, inside the
    edge, the 500 carries the security headers and the connection stays open. An exception in
    the middle of an answer already sent still propagates: only closing tells the client.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = finished = False

        async def watching_send(message: Message) -> None:
            nonlocal started, finished
            if message["type"] == "http.response.start":
                started = True
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                finished = True
            await send(message)

        try:
            await self.app(scope, receive, watching_send)
        except Exception as exc:
            route = str(getattr(scope.get("route"), "path", "about:blank"))
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            logs.event(
                "unhandled_error",
                logging.ERROR,
                status=500,
                route=route,
                error=type(exc).__name__,
                where=f"{Path(frame.filename).name}:{frame.lineno}",  # never the message: data
            )
            if started and not finished:
                raise
            if finished:
                return
            answer = problem(
                500,
                GraphServiceError.problem_type(),
                GraphServiceError.title,
                "an unexpected error occurred; it has been logged",
                route,
            )
            await answer(scope, receive, send)


def install(app: FastAPI) -> None:
    app.add_exception_handler(GraphServiceError, _service_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_middleware(UnhandledErrorMiddleware)  # innermost: inside the edge's headers
