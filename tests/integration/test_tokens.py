"""Tokens that can be taken back, and bounded use (issue 14); authority tokens bound to an
authority, the query log naming it and flagging a purpose outside its remit (Art. 19, 21, 22;
issue 13)."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from graph_service.auth import TOKEN_CACHE_SECONDS, Role, create_token, hash_token, token_id
from graph_service.cli import app as cli
from graph_service.errors import BadRequest
from graph_service.main import create_app
from graph_service.settings import Settings, get_settings
from graph_service.store.db import Database
from tests.browser.live_server import serve
from tests.conftest import ADMIN_TOKEN
from tests.helpers import AUTHORITY_CODE, load
from tests.integration.test_rules_scenarios import REGISTRY, A

pytestmark = pytest.mark.integration


@pytest.fixture
def world(api: TestClient) -> TestClient:
    load(api, REGISTRY)
    return api


def _as(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _query_log(db: Database) -> list[dict[str, Any]]:
    with db.driver.session(database=db.database) as session:
        return [
            r["q"]
            for r in session.run("MATCH (q:QueryLog) RETURN properties(q) AS q ORDER BY q.at")
        ]


# ------------------------------------------------------------------------ list and revoke


def test_issue_14_tokens_are_listed_by_id_never_in_clear_and_revoked_at_once(
    world: TestClient, db: Database
) -> None:
    token = create_token(db, role=Role.INVESTIGATOR, subject=None, label="官员甲")
    digest = hash_token(token)
    assert world.get("/v1/subjects", params={"q": A}, headers=_as(token)).status_code == 200

    listed = world.get("/v1/tokens")
    assert listed.status_code == 200
    assert token not in listed.text and digest not in listed.text
    (mine,) = [t for t in listed.json()["tokens"] if t["id"] == token_id(digest)]
    assert mine["label"] == "官员甲" and mine["role"] == "investigator"
    assert mine["state"] == "active" and mine["revoked_at"] is None
    assert mine["created_at"] and mine["expires_at"] and mine["last_used"]  # use recorded
    assert world.get("/v1/tokens", headers=_as(token)).status_code == 403  # admin only

    revoked = world.delete(f"/v1/tokens/{mine['id']}")
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    refused = world.get("/v1/subjects", params={"q": A}, headers=_as(token))
    assert refused.status_code == 401 and "revoked" in refused.json()["detail"]
    again = world.delete(f"/v1/tokens/{mine['id']}").json()
    assert again["revoked_at"] == revoked.json()["revoked_at"]  # the first revocation holds
    assert world.delete("/v1/tokens/000000000000").status_code == 404


def test_issue_14_an_expired_token_is_a_401(world: TestClient, db: Database) -> None:
    token = create_token(
        db, role=Role.INVESTIGATOR, subject=None, label="t", expires_in=timedelta(days=1)
    )
    assert world.get("/v1/subjects", params={"q": A}, headers=_as(token)).status_code == 200
    with db.driver.session(database=db.database) as session:
        session.run(
            "MATCH (t:ApiToken {hash: $hash}) SET t.expires_at = datetime() - duration('PT1S')",
            hash=hash_token(token),
        ).consume()
    time.sleep(TOKEN_CACHE_SECONDS)  # an edit in the database is seen once the cache lapses
    refused = world.get("/v1/subjects", params={"q": A}, headers=_as(token))
    assert refused.status_code == 401 and "expired" in refused.json()["detail"]
    listed = {t["id"]: t for t in world.get("/v1/tokens").json()["tokens"]}
    assert listed[token_id(hash_token(token))]["state"] == "expired"


def test_issue_14_last_use_is_written_at_most_once_a_minute(
    world: TestClient, db: Database
) -> None:
    token = create_token(db, role=Role.INVESTIGATOR, subject=None, label="t")
    ident = token_id(hash_token(token))

    def last_used() -> str:
        rows = world.get("/v1/tokens").json()["tokens"]
        value: str = next(t for t in rows if t["id"] == ident)["last_used"]
        return value

    world.get("/v1/subjects", params={"q": A}, headers=_as(token))
    first = last_used()
    for _ in range(5):
        world.get("/v1/subjects", params={"q": A}, headers=_as(token))
    assert first is not None and last_used() == first


@pytest.fixture
def cli_runner(
    world: TestClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[CliRunner]:
    monkeypatch.setenv("GRAPH_SERVICE_PSEUDONYM_KEY", settings.pseudonym_secret())
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_issue_14_cli_token_create_list_revoke(cli_runner: CliRunner, world: TestClient) -> None:
    refused = cli_runner.invoke(cli, ["token", "create", "--role", "authority"])
    assert refused.exit_code == 1 and "--authority" in refused.output  # Art. 21
    unknown = cli_runner.invoke(
        cli, ["token", "create", "--role", "authority", "--authority", "NOPE"]
    )
    assert unknown.exit_code == 1 and "NOPE" in unknown.output
    made = cli_runner.invoke(
        cli,
        [
            "token",
            "create",
            "--role",
            "authority",
            "--authority",
            AUTHORITY_CODE,
            "--purpose",
            "ADMINISTRATIVE_PERMIT",
            "--label",
            "市场监管局窗口",
            "--expires-in",
            "30",
        ],
    )
    assert made.exit_code == 0, made.output
    token = made.stdout.strip().splitlines()[-1]
    ident = token_id(hash_token(token))
    query = {"q": A, "purpose": "ADMINISTRATIVE_PERMIT"}
    assert world.get("/v1/subjects", params=query, headers=_as(token)).status_code == 200

    listed = cli_runner.invoke(cli, ["token", "list"])
    assert listed.exit_code == 0, listed.output
    assert ident in listed.stdout and AUTHORITY_CODE in listed.stdout and token not in listed.stdout
    api_view = next(t for t in world.get("/v1/tokens").json()["tokens"] if t["id"] == ident)
    assert api_view["authority"] == AUTHORITY_CODE
    assert api_view["purposes"] == ["ADMINISTRATIVE_PERMIT"]
    days = (
        json.loads(json.dumps(api_view))["expires_at"][:10],
        api_view["created_at"][:10],
    )
    assert days[0] > days[1]

    revoked = cli_runner.invoke(cli, ["token", "revoke", ident])
    assert revoked.exit_code == 0, revoked.output
    assert world.get("/v1/subjects", params=query, headers=_as(token)).status_code == 401
    assert cli_runner.invoke(cli, ["token", "revoke", "000000000000"]).exit_code == 1


# ------------------------------------------------------------- authorities (Art. 19, 21, 22)


def test_art_21_an_authority_token_names_its_authority(db: Database) -> None:
    with pytest.raises(BadRequest, match="authority"):
        create_token(db, role=Role.AUTHORITY, subject=None, label="t")
    with pytest.raises(BadRequest, match="authority"):
        create_token(db, role=Role.INVESTIGATOR, subject=None, label="t", authority="TJ-SAMR")
    with pytest.raises(BadRequest, match="authority code"):
        create_token(db, role=Role.AUTHORITY, subject=None, label="t", authority="a b")


def test_art_22_the_query_log_names_the_authority_and_flags_a_purpose_outside_its_remit(
    world: TestClient, db: Database
) -> None:
    token = create_token(
        db,
        role=Role.AUTHORITY,
        subject=None,
        label="t",
        authority=AUTHORITY_CODE,
        purposes=["ADMINISTRATIVE_PERMIT", "SUPERVISION_SPOT_CHECK"],
    )
    for purpose in ("ADMINISTRATIVE_PERMIT", "BIDDING", "SUPERVISION_SPOT_CHECK"):
        answer = world.get("/v1/subjects", params={"q": A, "purpose": purpose}, headers=_as(token))
        assert answer.status_code == 200, answer.json()  # allowed, and logged as such
    entries = [e for e in _query_log(db) if e["role"] == "authority"]
    assert [(e["purpose"], e["authority"], e["purpose_outside_remit"]) for e in entries] == [
        ("ADMINISTRATIVE_PERMIT", AUTHORITY_CODE, False),
        ("BIDDING", AUTHORITY_CODE, True),
        ("SUPERVISION_SPOT_CHECK", AUTHORITY_CODE, False),
    ]
    report = world.get(f"/v1/subjects/{A}/report").json()  # the subject sees which authority
    assert {e["authority"] for e in report["query_log"] if e["role"] == "authority"} == {
        AUTHORITY_CODE
    }


def test_art_19_supervision_spot_check_is_a_purpose(world: TestClient, db: Database) -> None:
    token = create_token(db, role=Role.AUTHORITY, subject=None, label="t", authority=AUTHORITY_CODE)
    spot = world.get(
        "/v1/subjects", params={"q": A, "purpose": "SUPERVISION_SPOT_CHECK"}, headers=_as(token)
    )
    assert spot.status_code == 200
    refused = world.get("/v1/subjects", params={"q": A}, headers=_as(token))
    assert "SUPERVISION_SPOT_CHECK" in refused.json()["allowed_purposes"]
    (entry,) = [e for e in _query_log(db) if e["role"] == "authority"]
    assert entry["purpose_outside_remit"] is False  # no remit stated: nothing to flag


# ---------------------------------------------------------------------------- request limits


def test_issue_14_a_token_over_its_limit_gets_a_429_with_retry_after(
    settings: Settings, db: Database
) -> None:
    tight = settings.model_copy(update={"token_rate_limit": 2.0, "admin_rate_limit": 1000.0})
    token = create_token(db, role=Role.INVESTIGATOR, subject=None, label="t")
    with TestClient(create_app(tight), raise_server_exceptions=False) as client:
        statuses = [
            client.get("/v1/subjects", params={"q": A}, headers=_as(token)) for _ in range(8)
        ]
        limited = [r for r in statuses if r.status_code == 429]
        assert limited and all(r.status_code in (200, 429) for r in statuses)
        assert limited[0].headers["content-type"] == "application/problem+json"
        assert limited[0].json()["type"] == "urn:credit-graph:problem:too-many-requests"
        assert int(limited[0].headers["retry-after"]) >= 1
        # The admin token of the settings has a bucket (and a rate) of its own.
        admin = [
            client.get("/v1/subjects", params={"q": A}, headers=_as(ADMIN_TOKEN)) for _ in range(8)
        ]
        assert all(r.status_code == 200 for r in admin)


FLOOD = """
import http.client, json, sys, threading, time
host, port, token, seconds = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
counts = {}
lock = threading.Lock()
def flood():
    conn = http.client.HTTPConnection(host, port, timeout=10)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        conn.request("GET", "/v1/subjects?q=x", headers={"Authorization": "Bearer " + token})
        response = conn.getresponse(); response.read()
        with lock:
            counts[response.status] = counts.get(response.status, 0) + 1
threads = [threading.Thread(target=flood) for _ in range(8)]
[t.start() for t in threads]; [t.join() for t in threads]
print(json.dumps(counts))
"""


def _timed_get(url: str, token: str) -> float:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        response.read()
        assert response.status == 200
    return time.perf_counter() - started


def test_issue_14_a_flood_from_one_token_does_not_slow_another_token(
    world: TestClient, settings: Settings, db: Database
) -> None:
    limited = settings.model_copy(update={"token_rate_limit": 10.0})
    flooder = create_token(db, role=Role.INVESTIGATOR, subject=None, label="flood")
    other = create_token(db, role=Role.INVESTIGATOR, subject=None, label="calm")
    with serve(create_app(limited)) as base:
        url = f"{base}/v1/subjects?q={A}"
        baseline = [_timed_get(url, other) for _ in range(15)]
        time.sleep(1.0)  # the calm token's bucket refills
        host, port = base.removeprefix("http://").split(":")
        flood = subprocess.Popen(  # another process: the flood does not share our GIL
            [sys.executable, "-c", FLOOD, host, port, flooder, "4"],
            stdout=subprocess.PIPE,
            text=True,
        )
        time.sleep(0.5)
        during: list[float] = []
        while flood.poll() is None and len(during) < 15:
            during.append(_timed_get(url, other))
            time.sleep(0.1)
        out, _ = flood.communicate(timeout=30)
    counts = {int(k): v for k, v in json.loads(out).items()}
    # The flood got its burst and its rate (10 a second for 4 s, 20 at once), no more.
    assert counts.get(429, 0) > 0 and counts.get(200, 0) <= 20 + 10 * 5, counts
    assert len(during) >= 10
    slow, calm = statistics.median(during), statistics.median(baseline)
    assert slow < 3 * calm + 0.05, (slow, calm, counts)
