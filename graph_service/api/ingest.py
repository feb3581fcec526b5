"""POST /v1/ingest/{kind}: batched, validated, all-or-nothing upserts (credit office only)."""

from __future__ import annotations

from fastapi import APIRouter

from graph_service.api.deps import AdminDep, DbDep, MonitorDep, SettingsDep
from graph_service.domain.enums import IngestKind
from graph_service.domain.ingest import IngestRequest, IngestResponse
from graph_service.store.ingest import Ingestor

router = APIRouter(prefix="/v1", tags=["ingest"])


@router.post(
    "/ingest/{kind}",
    response_model=IngestResponse,
    response_model_exclude_none=True,
    responses={422: {"description": "Bad rows; nothing written"}, 413: {"description": "Too big"}},
)
def ingest(
    kind: IngestKind,
    body: IngestRequest,
    principal: AdminDep,
    db: DbDep,
    settings: SettingsDep,
    monitor: MonitorDep,
) -> IngestResponse:
    """Upsert a batch; a bad row refuses the whole batch, a retried batch is `unchanged`.
    A batch that changed something leaves the watches it can reach to be re-screened."""
    ingestor = Ingestor(db, settings.pseudonym_secret(), settings.max_batch_rows, observer=monitor)
    actor = f"{principal.role.value}:{principal.token_id}"
    result = ingestor.ingest(kind, body.items, actor)
    monitor.wake.set()  # after the commit: the worker finds the batch's task at once
    return IngestResponse(**vars(result))
