"""The subject's rights in the workflows of issue 13: objections never refused for a missing
holiday table (Art. 40-41), the statement before a serious-list entry (Art. 28 para. 3, 24),
warning interviews (Art. 44, 26 item 4), and the organisation's act in the responsible
person's own record (Art. 32, 40).

The story of tests/integration/test_rules_scenarios.py, plus a recent act of A (R-RECENT,
in force until 2029) for the workflows that run in December 2026.
"""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph_service.auth import Role
from graph_service.engine import workflows as engine_workflows
from graph_service.main import create_app
from graph_service.settings import Settings
from graph_service.store.db import Database
from tests.helpers import load
from tests.integration.test_rules_scenarios import REGISTRY, A
from tests.integration.test_workflows import bearer

RECENT: dict[str, Any] = {
    **REGISTRY["records"][0],
    "id": "R-RECENT",
    "document": "津市监罚〔2024〕8号",
    "act_start": "2024-01-01",
    "act_end": "2024-06-30",
}
STORY: dict[str, list[dict[str, Any]]] = {
    **REGISTRY,
    "records": [*REGISTRY["records"], RECENT],
}


@pytest.fixture
def story(api: TestClient) -> TestClient:
    load(api, STORY)
    return api


@pytest.fixture
def december_20(monkeypatch: pytest.MonkeyPatch) -> None:
    """The workflows refuse dates after today: set the clock to Sunday 20 December 2026."""
    monkeypatch.setattr(engine_workflows, "today", lambda: date(2026, 12, 20))


def notice_2027(tmp_path: Path) -> Path:
    """A State Council notice for 2027 as the operator would load it (made up for the test:
    4 January off, so the settled deadline differs from the provisional one)."""
    path = tmp_path / "calendar-2027.json"
    notice = {
        "year": 2027,
        "source": "test notice",
        "holidays": ["2027-01-01", "2027-01-02", "2027-01-03", "2027-01-04"],
        "workdays": [],
    }
    path.write_text(json.dumps([notice]), encoding="utf-8")
    return path


# --- Art. 40-41: an objection is never refused for a missing holiday table -------------------


def objection_across_the_new_year(api: TestClient) -> dict[str, Any]:
    body = {"reason": "地址有误", "filed_on": "2026-12-20", "needs_provider_verification": True}
    response = api.post("/v1/records/R-RECENT/objections", json=body)
    assert response.status_code == 201, response.json()
    result: dict[str, Any] = response.json()
    return result


def test_art_41_an_objection_across_the_new_year_is_accepted_with_a_provisional_deadline(
    story: TestClient, db: Database, december_20: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Filed on 2026-12-20 with ten working days: the count runs into 2027, which
    chinese-calendar 1.11.0 does not know; the filing is accepted and the deadline counted on
    the statutory holidays (1 January off), marked provisional in the answer and the report."""
    filed = objection_across_the_new_year(story)
    assert (filed["deadline"], filed["provisional"]) == ("2027-01-04", True)
    subject = bearer(db, Role.SUBJECT, A)
    report = story.get(f"/v1/subjects/{A}/report", headers=subject).json()
    (recent,) = [r for r in report["records"] if r["id"] == "R-RECENT"]
    assert [(o["deadline"], o["provisional"]) for o in recent["objections"]] == [
        ("2027-01-04", True)
    ]
    # A pause is counted the same way.
    monkeypatch.setattr(engine_workflows, "today", lambda: date(2026, 12, 22))
    pause = {"kind": "TESTING", "start": "2026-12-21", "end": "2026-12-21"}
    paused = story.post(f"/v1/objections/{filed['id']}/pauses", json=pause).json()
    assert (paused["deadline"], paused["provisional"]) == ("2027-01-05", True)


def test_art_41_a_provisional_deadline_is_settled_when_the_notice_is_loaded(
    story: TestClient, settings: Settings, december_20: None, tmp_path: Path
) -> None:
    """GRAPH_SERVICE_WORKDAY_CALENDAR set: at start-up the service recounts the deadline on the
    notice (here 4 January off too) and drops the mark."""
    filed = objection_across_the_new_year(story)
    loaded = settings.model_copy(update={"workday_calendar": notice_2027(tmp_path)})
    with TestClient(create_app(loaded)) as restarted:
        wait_ready(restarted)
        settled = restarted.get(
            f"/v1/objections/{filed['id']}", headers=admin_header(settings)
        ).json()
    assert (settled["deadline"], settled["provisional"]) == ("2027-01-05", False)
    unchanged = story.get(f"/v1/objections/{filed['id']}").json()
    assert unchanged["provisional"] is False


def admin_header(settings: Settings) -> dict[str, str]:
    assert settings.admin_token is not None
    return {"Authorization": f"Bearer {settings.admin_token.get_secret_value()}"}


def wait_ready(client: TestClient) -> None:
    deadline = time.monotonic() + 30
    while client.get("/readyz").status_code != 200:
        assert time.monotonic() < deadline, "the restarted service never became ready"
        time.sleep(0.1)
