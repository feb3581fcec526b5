"""One log line per request: method, route template, status and time, never the path itself.

A plain ASGI middleware: Starlette's `BaseHTTPMiddleware` (what `@app.middleware("http")`
builds) runs the app in a task and streams the response through a queue, which costs more
than the rest of the edge on a short request.
"""

from __future__ import annotations

import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_service import logs


class RequestLogMiddleware:
    """Logs the route template only: paths and query strings may carry names or IDs
    (R-INFO-4, R-SUBJ-1)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def noting_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, noting_send)
        finally:
            route = scope.get("route")
            logs.event(
                "request",
                method=scope["method"],
                route=getattr(route, "path", "unmatched"),
                status=status,
                ms=round((time.perf_counter() - started) * 1000, 1),
            )
