"""A one-line progress bar, only when a person is watching (stdout is a terminal)."""
from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, total: int):
        self.total, self.n, self.started = total, 0, time.time()

    @classmethod
    def maybe(cls, total: int) -> "Progress | None":
        return cls(total) if total and sys.stdout.isatty() else None

    def step(self, name: str) -> None:
        self.n += 1
        rate = self.n / max(time.time() - self.started, 1e-6)
        bar = "#" * int(30 * self.n / self.total)
        sys.stdout.write(f"\r[{bar:<30}] {self.n}/{self.total} {rate:.1f}/s {name[-30:]:<30}")
        sys.stdout.flush()

    def done(self) -> None:
        sys.stdout.write("\n")
