"""Answers computed and serialized in one trip to the thread pool (issue 17).

A plain `def` route costs two hops to the thread pool: FastAPI runs the route there, then
validates the returned model there again before serializing it on the event loop. A route
that is `async def` and hands its blocking work (the sync Neo4j driver) to `answer_json`
makes one hop, and the answer comes back as the bytes FastAPI would have written (the
response model's own JSON serializer, by alias), so nothing is validated or serialized twice.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel
from starlette.responses import Response


def _serialized(work: Callable[[], BaseModel]) -> bytes:
    answer = work()
    return type(answer).__pydantic_serializer__.to_json(answer, by_alias=True)


async def answer_json(work: Callable[[], BaseModel]) -> Response:
    """Run `work` in the thread pool and answer its model as JSON, byte for byte what the
    route's `response_model` would have produced."""
    body = await run_in_threadpool(_serialized, work)
    return Response(content=body, media_type="application/json")
