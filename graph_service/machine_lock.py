"""An advisory lock held by at most one process of the machine per database (issue 17): with
`graph-service serve --workers N` the workers are separate processes, and this is how they
agree which one runs the background loops and that only one applies the schema migrations at
a time. The lock file lives in the temporary folder, named after the database the service
uses (its Bolt URI and name), so it needs no writable state folder (the container runs as
`nobody`). The kernel drops the lock when its holder exits, however it exits, so a worker
that dies hands the work on."""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graph_service.settings import Settings


class MachineLock:
    """`flock` on `path`; `try_acquire` keeps it once taken, until `release`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._mutex = threading.Lock()

    @classmethod
    def for_database(cls, settings: Settings, name: str) -> MachineLock:
        """The lock `name` of the processes of this machine that use the same database."""
        database = f"{settings.bolt_uri()}|{settings.neo4j_database}".encode()
        folder = f"credit-graph-{hashlib.sha256(database).hexdigest()[:16]}"
        return cls(Path(tempfile.gettempdir()) / folder / f"{name}.lock")

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
