"""/docs in headless Chromium (issue 14): Swagger UI comes from the package, renders every
operation, under the strict CSP, and no request leaves the service (an intranet without
internet sees the same page)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Request, expect

from graph_service.api.security import CONTENT_SECURITY_POLICY
from tests.browser.conftest import ARTIFACTS, Tab

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def test_issue_14_docs_render_from_the_package_with_no_outside_request(
    tab: Tab, live_url: str, app_client: TestClient
) -> None:
    requested: list[str] = []

    def note(request: Request) -> None:
        requested.append(request.url)

    tab.page.on("request", note)
    response = tab.page.goto(f"{live_url}/docs")
    assert response is not None and response.status == 200
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    # A 1.7 MB bundle to parse on a busy 2-core machine: more than expect's default 5 s.
    expect(tab.page.locator(".swagger-ui .info .title")).to_contain_text(
        "credit-graph", timeout=30_000
    )
    operations = tab.page.locator(".opblock-summary-path")
    expect(operations.first).to_be_visible()
    shown = set(operations.all_inner_texts())
    paths = app_client.get("/openapi.json").json()["paths"]
    assert {"/v1/screen", "/v1/tokens", "/v1/subjects"} <= {p.replace("\u200b", "") for p in shown}
    assert operations.count() == sum(len(methods) for methods in paths.values())
    tab.page.screenshot(path=str(ARTIFACTS / "docs.png"))
    outside = [url for url in requested if not url.startswith((live_url, "data:", "blob:"))]
    assert outside == [], outside
    assert tab.errors == [], tab.errors
