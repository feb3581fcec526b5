"""The credit office's dashboard in headless Chromium (issue 15 item 4): charts of
/v1/statistics drawn by the vendored Chart.js, Chinese by default and English on the toggle,
CSV export, no request leaving the page and nothing refused by the CSP.

Screenshots land in test-artifacts/ and are copied to docs/screenshots/.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect

from graph_service.auth import Role, create_token
from graph_service.store.db import Database
from tests.browser.conftest import ARTIFACTS, Tab
from tests.conftest import ADMIN_TOKEN
from tests.integration.test_statistics import run_the_loop

pytestmark = [pytest.mark.browser, pytest.mark.integration]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _shot(page: Page, name: str) -> None:
    path = ARTIFACTS / f"dashboard-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    SCREENSHOTS.mkdir(exist_ok=True)
    shutil.copyfile(path, SCREENSHOTS / path.name)


def _open(page: Page, base: str, token: str) -> None:
    page.goto(f"{base}/dashboard")
    expect(page.locator("#token-dialog")).to_be_visible()
    page.fill("#token-input", token)
    page.click("#token-save")
    expect(page.locator("#token-dialog")).to_be_hidden()


def test_the_office_reads_the_loop_as_charts_and_exports_csv(
    api: TestClient, clean_db: Database, tab: Tab, live_url: str
) -> None:
    run_the_loop(api, clean_db)
    page = tab.page
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    _open(page, live_url, ADMIN_TOKEN)

    # this year by month, in Chinese: totals, four charts, the table
    page.wait_for_function("() => dashboard.state.answer && dashboard.state.answer.by === 'month'")
    expect(page.locator("h1")).to_have_text("信用联合奖惩统计")
    expect(page.locator('#totals [data-metric="hits"] dt')).to_have_text("命中")
    expect(page.locator('#totals [data-metric="hits"] dd')).to_have_text("2")
    expect(page.locator('#totals [data-metric="commitments_broken"] dd')).to_have_text("1")
    assert page.evaluate("() => Object.keys(dashboard.state.charts).length") == 4
    labels = page.evaluate(
        "() => dashboard.state.charts['chart-feedback'].data.datasets.map(d => d.label)"
    )
    assert labels == ["命中", "已反馈", "反馈逾期", "已实施措施"]
    _shot(page, "01-month")

    # 2021 by list: the lists' subjects and entries
    page.fill("#from", "2021-01-01")
    page.fill("#to", "2021-12-31")
    page.select_option("#by", "list")
    page.wait_for_function("() => dashboard.state.answer.by === 'list'")
    expect(page.locator("#stats-table tbody tr")).to_have_count(2)
    expect(page.locator("#stats-table thead th").first).to_have_text("分组")
    added = page.evaluate(
        "() => dashboard.state.charts['chart-lists'].data.datasets[2].data"
    )  # entries_added for JR, JS
    assert added == [2, 1]
    _shot(page, "02-by-list")

    # CSV export: built in the page, saved from a blob
    with page.expect_download() as download:
        page.click("#export-csv")
    saved = download.value.path()
    assert saved is not None
    rows = list(csv.reader(io.StringIO(Path(saved).read_text(encoding="utf-8-sig"))))
    assert rows[0][:3] == ["分组", "名单内主体", "在列条目"]
    assert [row[0] for row in rows[1:]] == ["JR", "JS", "期间合计"]
    assert rows[1][rows[0].index("新增列入")] == "2"

    # English on the toggle
    page.click("#lang-toggle")
    expect(page.locator("h1")).to_have_text("Joint reward and sanction statistics")
    expect(page.locator("figcaption").nth(1)).to_have_text("Hits and feedback")
    assert (
        page.evaluate("() => dashboard.state.charts['chart-lists'].data.datasets[0].label")
        == "Subjects listed"
    )
    _shot(page, "03-english")
    page.click("#lang-toggle")  # back to Chinese for the next visitor of this tab

    # nothing left the page, nothing was refused
    assert requests and all(
        url.startswith(live_url) or url.startswith(("data:", "blob:")) for url in requests
    ), requests
    assert tab.errors == []


def test_the_dashboard_refuses_a_non_office_token_readably(
    clean_db: Database, tab: Tab, live_url: str
) -> None:
    token = create_token(
        clean_db, role=Role.AUTHORITY, subject=None, label="t", authority="TJ-SAMR"
    )
    page = tab.page
    _open(page, live_url, token)
    expect(page.locator("#error")).to_contain_text("403")
    tab.errors.clear()  # the browser logs the refused fetch itself
