"""The service's background work (issue 15): the monitor's outbox and daily sweep in one
thread, webhook deliveries in another (a slow receiver never delays a re-screen).

Both loops survive a store that does not answer (they wait and try again) and stop when the
application's lifespan ends. With several workers (`serve --workers N`, issue 17) every
worker starts the loops but only the one holding the database's background lock works
(`MachineLock`); the others look again at each poll and take over when its holder exits.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from graph_service import logs
from graph_service.engine.monitor import Monitor
from graph_service.engine.webhooks import Deliverer
from graph_service.errors import GraphServiceError
from graph_service.machine_lock import MachineLock


class Background:
    """Starts and stops the monitor and delivery loops."""

    def __init__(
        self, monitor: Monitor, deliverer: Deliverer, poll: float, lock: MachineLock
    ) -> None:
        self.monitor = monitor
        self.deliverer = deliverer
        self.poll = poll
        self.lock = lock  # one leader among the workers sharing the state folder
        self.leading = False
        self.stopping = threading.Event()
        # Set when events were appended, so that their deliveries start at once.
        self.delivery_wake = threading.Event()
        self._ready: Callable[[], bool] = lambda: False
        self.threads = [
            threading.Thread(
                target=self._loop, args=(self._monitor_pass, monitor.wake), daemon=True
            ),
            threading.Thread(
                target=self._loop, args=(self._delivery_pass, self.delivery_wake), daemon=True
            ),
        ]

    def start(self, ready: Callable[[], bool]) -> None:
        """Start both loops; they work only once `ready()` (the schema is in place)."""
        self._ready = ready
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.monitor.wake.set()
        self.delivery_wake.set()
        for thread in self.threads:
            thread.join(timeout=5.0)
        self.lock.release()
        self.leading = False

    def _monitor_pass(self) -> None:
        if self.monitor.process_pending():
            self.delivery_wake.set()
        if self.monitor.sweep_due() and self.monitor.sweep():
            self.delivery_wake.set()

    def _delivery_pass(self) -> None:
        self.deliverer.deliver_due()

    def _loop(self, work: Callable[[], None], wake: threading.Event) -> None:
        while not self.stopping.is_set():
            wake.wait(self.poll)
            wake.clear()
            if self.stopping.is_set() or not self._ready():
                continue
            self.leading = self.lock.try_acquire()
            if not self.leading:  # another worker runs the loops
                continue
            try:
                work()
            except GraphServiceError as exc:  # the store is down or slow: next time
                logs.event("background_retry", work=work.__name__, error=exc.slug)
            except Exception as exc:  # a loop that died would stop every later event
                logs.event("background_failed", work=work.__name__, error=type(exc).__name__)
