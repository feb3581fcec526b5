"""A regulator looks a person up by the 18-character resident ID number (issue 14, R-SUBJ-1):
the service validates it, derives the pseudonym and finds the person; no answer, problem or
query-log entry carries the clear number back (every log line of the suite is scanned too,
tests/conftest.py)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from graph_service.auth import Role, create_token
from graph_service.store.db import Database
from tests.helpers import AUTHORITY_CODE, load, person_id
from tests.integration.test_graph_api import GROUP
from tests.integration.test_rules_scenarios import OWNER, A

pytestmark = pytest.mark.integration


@pytest.fixture
def group(api: TestClient) -> TestClient:
    load(api, GROUP)
    return api


def _wrong_check_digit(resident_id: str) -> str:
    last = resident_id[-1]
    return resident_id[:-1] + ("1" if last != "1" else "2")


def test_r_subj_1_search_by_resident_id_finds_the_person_without_echoing_it(
    group: TestClient, db: Database
) -> None:
    response = group.get("/v1/subjects", params={"q": f"  {OWNER.lower()}  "})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["q"] == person_id(OWNER)  # the pseudonym, not what was typed
    assert [hit["id"] for hit in body["results"]] == [person_id(OWNER)]
    assert OWNER not in response.text and OWNER.lower() not in response.text
    with db.driver.session(database=db.database) as session:
        logged = [r["p"] for r in session.run("MATCH (q:QueryLog) RETURN properties(q) AS p")]
    assert logged and all(OWNER not in json.dumps(entry, default=str) for entry in logged)


def test_r_subj_1_an_authority_finds_a_person_by_resident_id_with_its_purpose(
    group: TestClient, db: Database
) -> None:
    token = create_token(db, role=Role.AUTHORITY, subject=None, label="t", authority=AUTHORITY_CODE)
    response = group.get(
        "/v1/subjects",
        params={"q": OWNER, "purpose": "ADMINISTRATIVE_PERMIT"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    (hit,) = response.json()["results"]
    assert hit["id"] == person_id(OWNER) and "*" in hit["name"]  # masked for an authority
    assert OWNER not in response.text


def test_r_subj_1_an_invalid_resident_id_is_a_422_that_does_not_repeat_it(
    group: TestClient,
) -> None:
    typo = _wrong_check_digit(OWNER)
    response = group.get("/v1/subjects", params={"q": typo})
    assert response.status_code == 422
    problem = response.json()
    assert problem["errors"][0]["field"] == "q"
    assert "check digit" in problem["errors"][0]["message"]
    assert typo not in response.text and "?q=" not in response.text


def test_r_subj_1_a_uscc_and_names_are_still_searched_as_typed(group: TestClient) -> None:
    body = group.get("/v1/subjects", params={"q": A}).json()
    assert body["q"] == A and body["results"][0]["id"] == A
