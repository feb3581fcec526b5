"""What an export is (issue 8, R-OUT-1, R-OUT-3): its format and the file it answers."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class ExportFormat(StrEnum):
    """FollowTheMoney entities or BODS 0.4 statements."""

    FTM = "ftm"
    BODS = "bods"


class Export(NamedTuple):
    """An export's bytes, media type and the file name it is offered under."""

    body: bytes
    media_type: str
    filename: str
