"""Collects every log line the suite produces, to prove no personal data is logged (R-SUBJ-1)."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

RESIDENT_ID = re.compile(r"(?<!\d)\d{6}(19|20)\d{2}(0[1-9]|1[0-2])\d{2}\d{3}[\dXx](?![\dA-Za-z])")
WATCHED_LOGGERS = ("graph_service", "uvicorn", "uvicorn.error", "uvicorn.access", "neo4j")
DEMO_SUBJECTS = Path(__file__).resolve().parents[1] / "loaders" / "demo" / "subjects.jsonl"


class Collector(logging.Handler):
    """Keeps the formatted text of every record it sees, at every level."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        fields = getattr(record, "fields", {})
        self.lines.append(f"{record.getMessage()} {fields}")


def person_names() -> set[str]:
    """Names of natural persons the tests and the demo use."""
    from tests.integration.test_rules_scenarios import REGISTRY

    names = {s["name"] for s in REGISTRY["subjects"] if s["kind"] == "NATURAL_PERSON"}
    for line in DEMO_SUBJECTS.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if item["kind"] == "NATURAL_PERSON":
            names.add(item["name"])
    return names


def leaks(lines: list[str]) -> list[str]:
    """The lines that carry a resident ID or a natural person's name."""
    names = person_names()
    return [
        line for line in lines if RESIDENT_ID.search(line) or any(name in line for name in names)
    ]
