"""Fault points for crash tests: a store write can be killed or held at a named place.

`INDEXER_CRASH_AT=<name>:<k>` kills the process the k-th time it reaches <name>;
`INDEXER_PAUSE_AT=<name>:<k>` with `INDEXER_PAUSE_FILE=<path>` writes `<path>.paused` there and
waits until <path> exists (so a test can kill a server at a known moment). Unset: nothing happens.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

_counts: dict[str, int] = {}


def _reached(variable: str, name: str) -> bool:
    want, _, k = os.environ.get(variable, "").partition(":")
    if want != name:
        return False
    key = f"{variable}:{name}"
    _counts[key] = _counts.get(key, 0) + 1
    return _counts[key] == int(k or 1)


def crash_point(name: str) -> None:
    if _reached("INDEXER_CRASH_AT", name):
        os._exit(137)


def pause_point(name: str) -> None:
    if _reached("INDEXER_PAUSE_AT", name):
        go = Path(os.environ["INDEXER_PAUSE_FILE"])
        Path(f"{go}.paused").touch()
        while not go.exists():
            time.sleep(0.05)
