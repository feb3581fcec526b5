"""`graph-service screen` and `graph-service lists generate` give the API's answers (R-OUT-1/2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from graph_service.cli import app
from graph_service.settings import Settings, get_settings
from tests.helpers import load, person_id
from tests.integration.test_rules_scenarios import IN_OFFICE, OWNER, REGISTRY, A


@pytest.fixture
def cli_env(api: TestClient, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    load(api, REGISTRY)
    monkeypatch.setenv("GRAPH_SERVICE_PSEUDONYM_KEY", settings.pseudonym_secret())
    get_settings.cache_clear()
    return CliRunner()


def test_cli_screening_answers_like_the_api(cli_env: CliRunner, api: TestClient) -> None:
    subjects = [A, person_id(IN_OFFICE), person_id(OWNER)]
    result = cli_env.invoke(
        app, ["screen", *subjects, "--matter", "FOOD_PERMIT", "--as-of", "2024-01-01"]
    )
    assert result.exit_code == 0, result.output
    via_api = api.post(
        "/v1/screen", json={"subjects": subjects, "matter": "FOOD_PERMIT", "as_of": "2024-01-01"}
    ).json()
    assert json.loads(result.stdout) == via_api


def test_cli_screening_refuses_an_unknown_matter(cli_env: CliRunner) -> None:
    result = cli_env.invoke(app, ["screen", A, "--matter", "NOPE"])
    assert result.exit_code == 1
    assert "matter" in result.output


def test_cli_lists_equal_the_api_csv(cli_env: CliRunner, api: TestClient, tmp_path: Path) -> None:
    out = tmp_path / "list.csv"
    result = cli_env.invoke(
        app,
        [
            "lists",
            "generate",
            "--type",
            "JOINT_SANCTION",
            "--as-of",
            "2024-01-01",
            "--matter",
            "FOOD_PERMIT",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    via_api = api.get(
        "/v1/lists/JOINT_SANCTION/generated",
        params={"as_of": "2024-01-01", "matter": "FOOD_PERMIT", "format": "csv"},
    )
    assert out.read_bytes() == via_api.content
