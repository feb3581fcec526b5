"""The installed package carries everything it needs (issue 16 item 5): the wheel is built,
installed into a clean virtual environment, and the service started from there answers with
its full query registry and its web assets, far from the source tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest

from graph_service.store.db import Database
from graph_service.store.queries import QueryRegistry
from tests.helpers import free_port

REPOSITORY = Path(__file__).resolve().parents[2]


def _venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean virtual environment holding the built wheel. Its dependencies come from the
    test run's own environment by a path line (no download), never the source tree: the
    development install's editable hook is a `.pth` of that folder, which a path line does
    not run."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-w",
            str(work),
            str(REPOSITORY),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(work.glob("credit_graph-*.whl"))
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = Path(
        subprocess.run(
            [_venv_python(venv), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (site / "test-dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(_venv_python(venv)),
            "install",
            "--no-deps",
            "--quiet",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    return venv


def test_the_installed_package_holds_its_queries_and_assets(installed: Path) -> None:
    probe = (
        "import json, graph_service, graph_service.store.queries as q; "
        "from pathlib import Path; "
        "web = Path(graph_service.__file__).parent / 'web'; "
        "print(json.dumps({'package': graph_service.__file__, "
        "'queries': len(q.QueryRegistry.load()), 'explorer': (web / 'index.html').exists()}))"
    )
    found = json.loads(
        subprocess.run(
            [_venv_python(installed), "-c", probe],
            check=True,
            capture_output=True,
            text=True,
            cwd=installed,
        ).stdout
    )
    assert str(installed) in found["package"], "imported from the source tree"
    assert found["queries"] == len(QueryRegistry.load())
    assert found["explorer"]


def test_the_service_starts_from_the_installed_package(installed: Path, db: Database) -> None:
    port = free_port()
    env = {**os.environ, "GRAPH_SERVICE_ADMIN_TOKEN": "wheel-test-admin-token-0123456789"}
    server = subprocess.Popen(
        [installed / "bin" / "graph-service", "serve", "--port", str(port)],
        cwd=installed,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        ready = _wait_ready(f"http://127.0.0.1:{port}/readyz")
        assert ready["queries"] == len(QueryRegistry.load())
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/explorer") as page:
            assert page.status == 200
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_ready(url: str) -> dict[str, object]:
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(url) as answer:  # noqa: S310
                body: dict[str, object] = json.loads(answer.read())
                return body
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
