"""The explorer's search box takes a person's resident ID number (issue 14, R-SUBJ-1): the
person is found through the pseudonym, and neither the page nor any answer the page receives
shows the clear number afterwards."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Response, expect

from tests.browser.test_explorer import Explorer, explorer, story  # noqa: F401 - fixtures
from tests.helpers import person_id
from tests.integration.test_rules_scenarios import OWNER

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def test_r_subj_1_the_explorer_finds_a_person_by_resident_id(
    story: TestClient,  # noqa: F811
    explorer: Explorer,  # noqa: F811
) -> None:
    page = explorer.page
    answers: list[str] = []

    def keep(response: Response) -> None:
        if "/v1/" in response.url:
            answers.append(response.text())

    page.on("response", keep)
    explorer.start()
    explorer.search_and_open(OWNER, person_id(OWNER))
    expect(page.locator("#search-input")).to_have_value(person_id(OWNER))
    explorer.shot("resident-id-search")
    shown = page.evaluate(
        "() => document.body.innerText + [...document.querySelectorAll('input')]"
        ".map(i => i.value).join(' ')"
    )
    assert OWNER not in shown
    assert answers and not any(OWNER in answer for answer in answers)
    assert explorer.tab.errors == []
