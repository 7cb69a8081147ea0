"""Where one search spends its time, for the benchmarks (milliseconds per part)."""
from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class Timer:
    parts: dict[str, float] = field(default_factory=dict)
    _t: float = field(default_factory=time.perf_counter)

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.parts[name] = self.parts.get(name, 0.0) + (now - self._t) * 1000
        self._t = now
