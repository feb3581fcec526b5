"""An advisory lock on a file in the state folder, held by at most one process of the machine
(issue 17): with `graph-service serve --workers N`, the workers are separate processes that
share that folder, and this is how they agree which one runs the background loops and that
only one applies the schema migrations at a time. The kernel drops the lock when its holder
exits, however it exits, so a worker that dies hands the work on."""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class MachineLock:
    """`flock` on `path`; `try_acquire` keeps it once taken, until `release`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._mutex = threading.Lock()

    def _open(self) -> int:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)

    def try_acquire(self) -> bool:
        """True when this process holds the lock (taken now or before); never waits."""
        with self._mutex:
            if self._fd is not None:
                return True
            fd = self._open()
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                return False
            self._fd = fd
            return True

    def release(self) -> None:
        with self._mutex:
            if self._fd is not None:
                os.close(self._fd)  # closing the descriptor drops the lock
                self._fd = None

    @contextmanager
    def held(self) -> Iterator[None]:
        """Wait for the lock, hold it for the block."""
        fd = self._open()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)
