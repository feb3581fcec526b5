"""The API documentation page, served from the package (issue 14): Swagger UI's assets are
vendored under graph_service/web/ (VENDORED.md), so `/docs` loads nothing from the internet
and works on a government intranet, under the same strict CSP as the explorer."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from graph_service.api.graph import WEB_DIR
from graph_service.errors import NotFound

router = APIRouter(include_in_schema=False)

_ASSETS: dict[str, str] = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "docs.js": "text/javascript",
}
_PAGE_HEADERS = {"Cache-Control": "no-cache"}


@router.get("/docs")
def docs_page() -> FileResponse:
    """Swagger UI on /openapi.json."""
    return FileResponse(WEB_DIR / "docs.html", media_type="text/html", headers=_PAGE_HEADERS)


@router.get("/docs/assets/{name}")
def docs_asset(name: str) -> FileResponse:
    """Swagger UI's script and style, and the page's own start-up script."""
    media_type = _ASSETS.get(name)
    if media_type is None:
        raise NotFound(f"no documentation asset {name!r}")
    return FileResponse(WEB_DIR / name, media_type=media_type, headers=_PAGE_HEADERS)
