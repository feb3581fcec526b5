"""What the exporters read: a subject and a link as stored, masked for the reader's role, and
the identifier schemes an export names (BODS, FollowTheMoney)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

SYNTHETIC_USCC_SCHEME_NAME: Final = "credit-graph synthetic USCC"
USCC_SCHEME: Final = "CN-SAIC"


@dataclass(frozen=True)
class ExportSubject:
    """A subject as the exporters see it (names already masked for the reader's role)."""

    id: str
    kind: str | None
    name: str | None
    region: str | None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def record_id(self) -> str:
        """The id an export gives the subject: its source key when its id is synthetic (so
        that importing the export again gives the same id), else its own id."""
        return str(self.extra.get("source_key") or self.id)

    @property
    def is_person(self) -> bool:
        return self.kind == "NATURAL_PERSON"

    @property
    def synthetic(self) -> bool:
        return bool(self.extra.get("synthetic_uscc") or self.extra.get("synthetic_id"))


@dataclass(frozen=True)
class ExportLink:
    """A stored link, holder → organisation, with its share and validity."""

    type: str
    source: str
    target: str
    ratio: float | None = None
    valid_from: date | None = None
    valid_to: date | None = None


def link_key(*parts: object) -> str:
    """A stable 24-hex id for a link or statement made of its parts."""
    text = "|".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def parse_extra(value: Any) -> dict[str, Any]:
    """`extra` as stored (a JSON object in a string) back to a dict."""
    if isinstance(value, dict):
        return value
    if not value:
        return {}
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        return {}
    return parsed if isinstance(parsed, dict) else {}
