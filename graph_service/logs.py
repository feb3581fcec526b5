"""Structured key=value logs; callers pass only non-personal fields (no personal data)."""

from __future__ import annotations

import logging
import sys
from typing import Any

LOGGER_NAME = "graph_service"


class KeyValueFormatter(logging.Formatter):
    """`ts level event k=v ...`: greppable, one line per event."""

    def format(self, record: logging.LogRecord) -> str:
        fields: dict[str, Any] = getattr(record, "fields", {})
        pairs = " ".join(
            f"{k}={v!r}" if isinstance(v, str) else f"{k}={v}" for k, v in fields.items()
        )
        line = (
            f"{self.formatTime(record)} {record.levelname} {record.getMessage()} {pairs}".rstrip()
        )
        if record.exc_info:
            exc = record.exc_info[1]
            line += f" error={type(exc).__name__}"
        return line


def configure(level: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(KeyValueFormatter())
    logger = logging.getLogger(LOGGER_NAME)
    # Replace our own stream handler (apps may be created more than once); keep any other.
    logger.handlers[:] = [
        h for h in logger.handlers if not isinstance(h.formatter, KeyValueFormatter)
    ] + [handler]
    if logger.level == logging.NOTSET or logger.level > logging.getLevelName(level):
        logger.setLevel(level)
    logger.propagate = False


def event(name: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log one event with its fields (no personal data: ids of persons are pseudonyms at most)."""
    logging.getLogger(LOGGER_NAME).log(level, name, extra={"fields": fields})
