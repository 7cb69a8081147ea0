"""One indexer run at a time: an flock the kernel drops when the process dies (no stale locks).

The lock file says who holds it and since when (`<pid> <unix time>`), so `status --check`
can tell a long run from a stuck one. Analysis workers are forked from the run: they close
their copy of the descriptor at once (`close_inherited`), or a worker outliving its parent
would keep the lock and every later run would exit 75.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from eventstore.stores.base import Locked  # one exception for this lock and a store's own (ES lease)

_held: set[int] = set()  # descriptors of the locks this process holds


def lock_path_for(store: str) -> Path:
    """Next to a SQLite file; for a server URL, in the temp folder, named after the URL."""
    if store.startswith(("http://", "https://")):
        digest = hashlib.sha1(store.encode()).hexdigest()[:12]
        return Path(tempfile.gettempdir()) / f"kz-indexer-{digest}.lock"
    return Path(f"{store}.lock")


def close_inherited() -> None:
    """In a forked child: drop the copies of the parent's lock descriptors (the parent keeps its lock)."""
    while _held:
        os.close(_held.pop())


class RunLock:
    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._fd: int | None = None

    def __enter__(self) -> "RunLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            holder = holder_of(self.path)
            since = f" (pid {holder.pid}, for {holder.age():.0f} s)" if holder else ""
            raise Locked(f"another indexer run is active{since} (lock {self.path}); exiting") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} {time.time():.0f}\n".encode())
        self._fd = fd
        _held.add(fd)
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            _held.discard(self._fd)
            os.close(self._fd)  # closing drops the flock
            self._fd = None


@dataclass(frozen=True)
class Holder:
    pid: int
    since: float  # unix time the run took the lock

    def age(self) -> float:
        return max(0.0, time.time() - self.since)


def holder_of(path: str | os.PathLike) -> Holder | None:
    """Who holds the lock now, or None when it is free.

    Probes with a shared flock that is released at once: a run starting in that instant
    exits 75 and the next one proceeds, which is harmless.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            pid, _, since = os.pread(fd, 64, 0).decode("ascii", "replace").strip().partition(" ")
            try:
                return Holder(int(pid), float(since or 0))
            except ValueError:  # written by an older version: pid only
                return Holder(int(pid) if pid.isdigit() else 0, os.fstat(fd).st_mtime)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)
