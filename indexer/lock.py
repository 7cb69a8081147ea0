"""One indexer run at a time: an flock the kernel drops when the process dies (no stale locks)."""
from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from pathlib import Path


class Locked(Exception):
    pass


def lock_path_for(store: str) -> Path:
    """Next to a SQLite file; for a server URL, in the temp folder, named after the URL."""
    if store.startswith(("http://", "https://")):
        digest = hashlib.sha1(store.encode()).hexdigest()[:12]
        return Path(tempfile.gettempdir()) / f"kz-indexer-{digest}.lock"
    return Path(f"{store}.lock")


class RunLock:
    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._fd: int | None = None

    def __enter__(self) -> "RunLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise Locked(f"another indexer run is active (lock {self.path}); exiting") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the flock
            self._fd = None
