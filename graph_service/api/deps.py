"""Named dependencies: the store, the settings and the authenticated principal.

Dependencies that do no I/O are `async def`: FastAPI runs a plain `def` dependency in the
thread pool, and that hop costs more than the work. Only the token lookup in Neo4j blocks.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from graph_service.access import Access, Purpose, require_purpose
from graph_service.auth import (
    Principal,
    Role,
    admin_principal,
    authenticate,
    verified_principal,
)
from graph_service.engine.monitor import Monitor
from graph_service.errors import Forbidden, StoreUnavailable, Unauthenticated
from graph_service.rules.workdays import WorkCalendar
from graph_service.settings import Settings
from graph_service.store.db import Database

_bearer = HTTPBearer(auto_error=False, description="A token from `graph-service token create`")


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_db(request: Request) -> Database:
    db: Database | None = request.app.state.db
    if db is None:
        raise StoreUnavailable("the service is starting; the graph store is not ready yet")
    return db


async def get_calendar(request: Request) -> WorkCalendar:
    """The PRC working-day calendar in use (official years and the operator's supplement)."""
    calendar: WorkCalendar = request.app.state.calendar
    return calendar


async def get_monitor(request: Request) -> Monitor:
    monitor: Monitor | None = request.app.state.monitor
    if monitor is None:
        raise StoreUnavailable("the service is starting; the graph store is not ready yet")
    return monitor


SettingsDep = Annotated[Settings, Depends(get_settings)]
CalendarDep = Annotated[WorkCalendar, Depends(get_calendar)]
DbDep = Annotated[Database, Depends(get_db)]
MonitorDep = Annotated[Monitor, Depends(get_monitor)]


async def get_principal(
    db: DbDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """Every /v1 route needs a bearer token (R-SEC-2); missing, unknown, revoked or expired is
    401 (a token over its request limit was refused at the edge, api/limits.py)."""
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise Unauthenticated("a bearer token is required (Authorization: Bearer <token>)")
    admin = settings.admin_token.get_secret_value() if settings.admin_token else None
    principal = admin_principal(credentials.credentials, admin) or verified_principal(
        credentials.credentials
    )
    if principal is not None:
        return principal
    return await run_in_threadpool(authenticate, db, credentials.credentials)


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def _allow(principal: Principal, roles: tuple[Role, ...]) -> Principal:
    if principal.role not in roles:
        allowed = ", ".join(role.value for role in roles)
        raise Forbidden(f"role {principal.role.value!r} may not do this; allowed: {allowed}")
    return principal


def require_roles(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that lets only the given roles through (403 otherwise)."""

    async def check(principal: PrincipalDep) -> Principal:
        return _allow(principal, roles)

    return check


AdminDep = Annotated[Principal, Depends(require_roles(Role.ADMIN))]


def access_for(*roles: Role) -> Callable[[Principal, Purpose | None], Awaitable[Access]]:
    """A dependency: one of `roles`, and an Art. 19 purpose when the caller is an authority."""

    async def dependency(
        principal: PrincipalDep,
        purpose: Annotated[
            Purpose | None, Query(description="Why an authority queries (Art. 19); required for it")
        ] = None,
    ) -> Access:
        return require_purpose(_allow(principal, roles), purpose)

    return dependency


# Reads of a subject's credit information: the regulators, investigators and the office.
RegulatorAccessDep = Annotated[
    Access, Depends(access_for(Role.ADMIN, Role.AUTHORITY, Role.INVESTIGATOR))
]
# Watches, events and webhooks: the authorities that grant and the credit office (issue 15).
GrantorAccessDep = Annotated[Access, Depends(access_for(Role.ADMIN, Role.AUTHORITY))]
# Reads that a subject may make about itself, and the public about public information.
AnyAccessDep = Annotated[Access, Depends(access_for(*Role))]
