"""Browser fixtures: the service under uvicorn on a free port, Debian's headless Chromium
driven by Playwright, and a page that records console errors (CSP refusals included)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from graph_service.main import create_app
from graph_service.settings import Settings
from graph_service.store.db import Database
from tests.browser.live_server import CHROMIUM, CHROMIUM_ARGS, serve

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def live_url(settings: Settings, db: Database) -> Iterator[str]:
    """A real server in a thread, with the test settings (admin token of tests/conftest.py)."""
    with serve(create_app(settings)) as url:
        yield url


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: run `make chromium`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@dataclass
class Tab:
    """A page and what its console said: errors fail a test unless it expects them."""

    page: Page
    errors: list[str] = field(default_factory=list)

    def record(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)


@pytest.fixture
def tab(chromium: Browser) -> Iterator[Tab]:
    ARTIFACTS.mkdir(exist_ok=True)
    context = chromium.new_context(
        viewport={"width": 1440, "height": 900}, accept_downloads=True, locale="zh-CN"
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    opened = Tab(page)
    page.on("console", opened.record)
    page.on("pageerror", lambda error: opened.errors.append(f"pageerror: {error}"))
    yield opened
    context.close()
