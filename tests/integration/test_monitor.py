"""Watches and events (issue 15, item 1): exactly the watched subjects a change reaches are
re-screened, one event per change of decision or restriction keys, never twice."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from graph_service.auth import Role, create_token
from graph_service.cli import app
from graph_service.engine.feedback import hits_for_events
from graph_service.engine.monitor import Monitor
from graph_service.rules.workdays import OFFICIAL
from graph_service.settings import get_settings
from graph_service.store.db import Database
from tests.factories import (
    item_authority,
    item_catalogue,
    item_domain,
    item_entry,
    item_list,
    item_matter,
    item_measure,
    item_organisation,
    item_person,
    item_record,
    item_role,
    resident_id,
    uscc,
)
from tests.helpers import load, person_id

PERSON = resident_id(1)


def settle(db: Database) -> None:
    """Do the monitor's work now, as its background loop would (off in the suite's service:
    tests/conftest.py), and check the outbox is empty."""
    Monitor(db, max_depth=10).process_pending()
    records, _, _ = db.driver.execute_query(
        "MATCH (t:MonitorTask) RETURN count(t) AS n", database_=db.database
    )
    assert records[0]["n"] == 0


def events(api: TestClient, after: int = 0, **params: Any) -> list[dict[str, Any]]:
    response = api.get("/v1/events", params={"after": after, **params})
    assert response.status_code == 200, response.json()
    found: list[dict[str, Any]] = response.json()["events"]
    return found


def registry() -> dict[str, list[dict[str, Any]]]:
    """Company 1 with person 1 as its legal representative since 2020, company 2 unrelated;
    both have a record of 2023 in DOM-1, and MEA-1 reaches SELF and the legal representative
    for MAT-1. Nobody is listed yet."""
    return {
        "domains": [item_domain(1)],
        "matters": [item_matter(1)],
        "authorities": [item_authority(1)],
        "catalogue": [item_catalogue(1)],
        "subjects": [item_organisation(1), item_organisation(2), item_person(1)],
        "roles": [item_role(1)],
        "records": [
            item_record(1),
            item_record(
                2, subject=uscc(2), provider="AUTH-1", domain="DOM-1", catalogue_item="CAT-1"
            ),
        ],
        "lists": [item_list(1)],
        "measures": [item_measure(1)],
    }


@pytest.fixture
def watched(api: TestClient, clean_db: Database) -> str:
    load(api, registry())
    settle(clean_db)
    response = api.post(
        "/v1/watches",
        json={
            "subject": {"resident_id": PERSON},
            "matter": "MAT-1",
            "label": "licence",
            "reference": "津许字〔2026〕1号",
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["decision"] == "allowed"
    return str(response.json()["id"])


def test_r_prop_1_watched_representative_gets_one_event_on_listing_and_one_on_repair(
    api: TestClient, clean_db: Database, watched: str
) -> None:
    """Issue 15 acceptance: listing an unrelated company emits nothing; listing the company
    the person represented during the act emits exactly one `restricted` event; re-ingesting
    the same entry emits nothing; the repair emits one more (R-PROP-1, R-TIME-4)."""
    unrelated = item_entry(2, list="LIST-1", subject=uscc(2), record="REC-2")
    assert api.post("/v1/ingest/entries", json={"items": [unrelated]}).status_code == 200
    settle(clean_db)
    assert events(api) == []

    entry = item_entry(1)
    assert api.post("/v1/ingest/entries", json={"items": [entry]}).status_code == 200
    settle(clean_db)
    found = events(api)
    assert len(found) == 1
    listed = found[0]
    assert (listed["watch"], listed["subject"], listed["matter"]) == (
        watched,
        person_id(PERSON),
        "MAT-1",
    )
    assert (listed["before"], listed["after"], listed["cause"]) == (
        "allowed",
        "restricted",
        "ingest:entries",
    )
    assert listed["restrictions"] == [
        {
            "measure": "MEA-1",
            "entry": "ENT-1",
            "role": "LEGAL_REPRESENTATIVE",
            "via": uscc(1),
            "list": "LIST-1",
            "record": "REC-1",
        }
    ]

    again = api.post("/v1/ingest/entries", json={"items": [entry]})
    assert again.json()["unchanged"] == 1
    settle(clean_db)
    assert events(api, after=listed["id"]) == []

    repaired = api.post(
        "/v1/records/REC-1/repair",
        json={"method": "CORRECTION", "evidence": "Corrected and fined."},
    )
    assert repaired.status_code == 201, repaired.json()
    settle(clean_db)
    page = api.get("/v1/events", params={"after": listed["id"]}).json()
    assert [(e["before"], e["after"], e["cause"]) for e in page["events"]] == [
        ("restricted", "allowed", "workflow:repair")
    ]
    assert page["next"] == page["events"][0]["id"] > listed["id"]
    assert api.get("/v1/watches").json()["watches"][0]["decision"] == "allowed"


def test_issue_15_an_event_is_never_appended_twice(
    api: TestClient, clean_db: Database, watched: str
) -> None:
    """Two monitors re-screening the same change append one event: the second finds the
    watch already at the new state (version check and unique event key)."""
    assert api.post("/v1/ingest/entries", json={"items": [item_entry(1)]}).status_code == 200
    settle(clean_db)
    other = Monitor(clean_db, max_depth=10)
    assert other.rescreen([watched], "reconcile", date.today()) == []
    assert other.reconcile() == 0
    assert len(events(api)) == 1


def test_issue_15_the_daily_sweep_sees_a_listing_day_come(
    api: TestClient, clean_db: Database, watched: str
) -> None:
    """An entry listed from tomorrow changes nothing today; the sweep of tomorrow emits the
    event (cause time:listing), and sweeping the same day again emits nothing."""
    tomorrow = date.today() + timedelta(days=1)
    entry = item_entry(1, listed_at=tomorrow.isoformat())
    assert api.post("/v1/ingest/entries", json={"items": [entry]}).status_code == 200
    settle(clean_db)
    assert events(api) == []
    monitor = Monitor(clean_db, max_depth=10)
    clean_db.set_sweep_day(day=date.today())
    assert monitor.sweep(today=tomorrow) == 1
    assert monitor.sweep(today=tomorrow) == 0
    found = events(api)
    assert [(e["after"], e["cause"]) for e in found] == [("restricted", "time:listing")]


def test_issue_15_the_sweep_sees_a_record_expire_after_five_years(
    api: TestClient, clean_db: Database, watched: str
) -> None:
    """R-TIME-1: REC-1's act ended 2023-06-30, so it stops counting on 2028-06-30."""
    assert api.post("/v1/ingest/entries", json={"items": [item_entry(1)]}).status_code == 200
    settle(clean_db)
    monitor = Monitor(clean_db, max_depth=10)
    clean_db.set_sweep_day(day=date(2028, 6, 28))
    assert monitor.sweep(today=date(2028, 6, 29)) == 0
    assert monitor.sweep(today=date(2028, 6, 30)) == 1
    last = events(api)[-1]
    assert (last["before"], last["after"], last["cause"]) == (
        "restricted",
        "allowed",
        "time:expiry",
    )


def test_issue_15_watches_belong_to_their_caller(
    api: TestClient, clean_db: Database, watched: str
) -> None:
    """An authority sees only its watches and events, states a purpose, and cannot delete
    another's watch; a retried POST finds the same watch."""
    token = create_token(
        clean_db, role=Role.AUTHORITY, subject=None, label="grantor", authority="AUTH-1"
    )
    headers = {"Authorization": f"Bearer {token}"}
    assert api.get("/v1/watches", headers=headers).status_code == 403  # no purpose
    params = {"purpose": "ADMINISTRATIVE_PERMIT"}
    assert api.get("/v1/watches", headers=headers, params=params).json()["watches"] == []
    body = {"subject": uscc(1), "matter": "MAT-1", "reference": "P-1"}
    first = api.post("/v1/watches", json=body, headers=headers, params=params)
    second = api.post("/v1/watches", json=body, headers=headers, params=params)
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert api.delete(f"/v1/watches/{watched}", headers=headers, params=params).status_code == 404
    assert api.post("/v1/ingest/entries", json={"items": [item_entry(1)]}).status_code == 200
    settle(clean_db)
    mine = api.get("/v1/events", headers=headers, params=params).json()["events"]
    assert [e["watch"] for e in mine] == [first.json()["id"]]
    assert len(events(api)) == 2  # the office sees both
    assert (
        api.delete(f"/v1/watches/{first.json()['id']}", headers=headers, params=params).status_code
        == 204
    )
    unknown = api.post(
        "/v1/watches", json={**body, "matter": "NOPE"}, headers=headers, params=params
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "matter"


def test_issue_15_graph_service_monitor_run_sweeps_and_reconciles(
    api: TestClient, clean_db: Database, watched: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`graph-service monitor run --today D` sweeps up to D outside the service; `--all`
    re-screens every watch and, nothing having changed, appends nothing."""
    tomorrow = date.today() + timedelta(days=1)
    entry = item_entry(1, listed_at=tomorrow.isoformat())
    assert api.post("/v1/ingest/entries", json={"items": [entry]}).status_code == 200
    settle(clean_db)
    clean_db.set_sweep_day(day=date.today())
    monkeypatch.setenv("GRAPH_SERVICE_PSEUDONYM_KEY", "test-pseudonym-key")
    get_settings.cache_clear()
    runner = CliRunner()
    result = runner.invoke(app, ["monitor", "run", "--today", tomorrow.isoformat(), "--all"])
    assert result.exit_code == 0, result.output
    assert "1 from the sweep" in result.output
    assert "0 from re-screening every watch" in result.output
    assert [e["cause"] for e in events(api)] == ["time:listing"]


def test_r_out_2_an_authoritys_restricted_watch_event_opens_a_hit_owing_feedback(
    api: TestClient, clean_db: Database
) -> None:
    """Issue 15 items 1 and 3 together: the authority that granted watches; the listing
    reaches its watched person; the event opens a hit the authority owes feedback on."""
    load(api, registry())
    token = create_token(
        clean_db, role=Role.AUTHORITY, subject=None, label="grantor", authority="AUTH-1"
    )
    grantor = {"Authorization": f"Bearer {token}"}
    purpose = {"purpose": "ADMINISTRATIVE_PERMIT"}
    body = {"subject": {"resident_id": PERSON}, "matter": "MAT-1", "reference": "津许字〔2026〕2号"}
    watch = api.post("/v1/watches", json=body, params=purpose, headers=grantor)
    assert watch.status_code == 201, watch.json()
    assert api.post("/v1/ingest/entries", json={"items": [item_entry(1)]}).status_code == 200
    hits = hits_for_events(clean_db, OFFICIAL, 5)
    Monitor(clean_db, max_depth=10, hooks=[hits]).process_pending()
    pending = api.get("/v1/feedback/pending", params=purpose, headers=grantor)
    assert pending.status_code == 200, pending.json()
    owed = pending.json()["pending"]
    assert [(h["subject"], h["measure"], h["entry"]) for h in owed] == [
        (person_id(PERSON), "MEA-1", "ENT-1")
    ]


def test_art_28_confirming_a_proposed_entry_emits_one_event(
    api: TestClient, clean_db: Database, watched: str
) -> None:
    """A proposed entry changes nothing until the office confirms it; the confirmation is a
    change that reaches the watch (issue 13 item 10, issue 15 item 1)."""
    proposed = item_entry(1, state="proposed")
    assert api.post("/v1/ingest/entries", json={"items": [proposed]}).status_code == 200
    settle(clean_db)
    assert events(api) == []
    stated = api.post("/v1/entries/ENT-1/statements", json={"text": "陈述申辩"})
    assert stated.status_code == 201, stated.json()
    confirmed = api.post(
        "/v1/entries/ENT-1/confirmation", json={"decision": "CONFIRMED", "reasons": "核实"}
    )
    assert confirmed.status_code == 200, confirmed.json()
    settle(clean_db)
    assert [(e["before"], e["after"], e["cause"]) for e in events(api)] == [
        ("allowed", "restricted", "workflow:confirmation")
    ]


def test_r_list_4_a_measure_published_tomorrow_moves_the_watch_on_its_day(
    api: TestClient, clean_db: Database, watched: str
) -> None:
    """R-LIST-4: a measure counts from its publication day; the sweep of that day emits the
    event (cause time:publication)."""
    tomorrow = date.today() + timedelta(days=1)
    measure = item_measure(1, published_at=tomorrow.isoformat())
    assert api.post("/v1/ingest/measures", json={"items": [measure]}).status_code == 200
    assert api.post("/v1/ingest/entries", json={"items": [item_entry(1)]}).status_code == 200
    settle(clean_db)
    assert events(api) == []
    clean_db.set_sweep_day(day=date.today())
    assert Monitor(clean_db, max_depth=10).sweep(today=tomorrow) == 1
    assert [e["cause"] for e in events(api)] == ["time:publication"]


def test_r_list_5_a_measure_that_stops_targeting_a_list_frees_its_subjects(
    api: TestClient, clean_db: Database, watched: str
) -> None:
    """The lists a measure targeted before the batch are reached too: moving MEA-1 from
    LIST-1 to LIST-2 lifts the restriction of LIST-1's subjects (R-LIST-5)."""
    assert api.post("/v1/ingest/entries", json={"items": [item_entry(1)]}).status_code == 200
    load(api, {"lists": [item_list(2, issuer="AUTH-1")]})
    settle(clean_db)
    moved = item_measure(1, lists=["LIST-2"])
    assert api.post("/v1/ingest/measures", json={"items": [moved]}).status_code == 200
    settle(clean_db)
    assert [(e["after"], e["cause"]) for e in events(api)] == [
        ("restricted", "ingest:entries"),
        ("allowed", "ingest:measures"),
    ]
