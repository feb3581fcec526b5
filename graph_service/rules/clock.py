"""The service's today, in one function so that tests can set the clock: the workflows
refuse dates after it, and a notification carries the day it was sent."""

from __future__ import annotations

from datetime import date


def today() -> date:
    """Today's date where the service runs."""
    return date.today()
