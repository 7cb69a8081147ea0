"""What `run` and `reindex` share: their options, the lock, stopping on signals, exit codes.

Exit codes (README): 0 ok, 1 some files were newly rejected — and nothing else, 2 the run failed
(store unreachable, unwritable or corrupt, source folder missing, a bug: with a traceback),
75 another run holds the lock, 128+N stopped by signal N (TERM 143, HUP 129, INT 130).
A failure is also written to the store (`last_error`) for `status`.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
import traceback
from contextlib import contextmanager

EX_OK, EX_REJECTED, EX_FAILURE, EX_TEMPFAIL = 0, 1, 2, 75


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", help="SQLite path or Elasticsearch URL (default: $EVENTS_STORE or ./data/events.sqlite3)")
    parser.add_argument("--glob", default="*.txt", help="release file pattern (default: *.txt)")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1), help="analysis processes")
    parser.add_argument("--file-timeout", type=float, default=1800, metavar="SECONDS",
                        help="reject a file whose analysis takes longer (default: 1800)")
    parser.add_argument("--lock-file", help="lock file (default: next to the SQLite store, or in the temp folder)")
    parser.add_argument("--curation", metavar="FILE",
                        help="journalists' corrections (TOML; default: $EVENTS_CURATION, else none): see README")
    parser.add_argument("-v", "--verbose", action="store_true", help="print a summary")


def options(args, **kw):
    from indexer.curation import load, setting
    from indexer.indexing import Options

    # Read inside the run: a bad file stops it before any write, and `status` shows why.
    curation = load(setting(args.curation))
    return Options(pattern=args.glob, workers=args.workers, timeout=args.file_timeout or None, curation=curation, **kw)


class Stopped(BaseException):
    """SIGTERM / SIGHUP / SIGINT: unwind (transactions roll back, workers end, the lock is released)."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextmanager
def stop_on_signals():
    def stop(signum, frame):
        for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            signal.signal(s, signal.SIG_DFL)  # a second signal ends the process at once
        raise Stopped(signum)

    before = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)}
    try:
        yield
    finally:
        for s, handler in before.items():
            signal.signal(s, handler)


def guarded(args, work, opener=None) -> int:
    """Lock, open the store, do `work(store) -> Summary`, map every way it can end to an exit code.

    Two locks: the file lock on this host, then the store's own for stores that several hosts
    write (Elasticsearch's lease); either held elsewhere is exit 75."""
    from eventstore.stores import Locked, StoreError, open_store, store_setting
    from indexer.curation import CurationError
    from indexer.lock import RunLock, lock_path_for
    from indexer.workers import WorkersFailed

    setting = store_setting(args.store)
    try:
        with stop_on_signals(), RunLock(args.lock_file or lock_path_for(setting)):
            with (opener or open_store)(setting) as store, store.run_lock():
                try:
                    summary = work(store)
                except Exception as e:
                    _note_failure(store, e)
                    raise
    except Locked as e:
        print(e, file=sys.stderr)
        return EX_TEMPFAIL
    except Stopped as e:
        print(f"stopped by {e}: files done so far are stored; the next run does the rest", file=sys.stderr)
        return 128 + e.signum
    except (StoreError, OSError, WorkersFailed) as e:
        print(f"error: {e}", file=sys.stderr)
        return EX_FAILURE
    except CurationError as e:
        print(f"error: the curation file has {len(e.problems)} problem(s); nothing was changed:", file=sys.stderr)
        for problem in e.problems:
            print(f"  {problem}", file=sys.stderr)
        return EX_FAILURE
    except Exception:
        traceback.print_exc()
        print("error: the run crashed (a bug: please report the traceback above)", file=sys.stderr)
        return EX_FAILURE
    if args.verbose:
        print(summary.line())
    return EX_REJECTED if summary.rejected else EX_OK


def _note_failure(store, e: Exception) -> None:
    """Best effort: `status` shows it and `status --check` fails until a run succeeds."""
    from indexer.workers import failure

    try:
        store.set_meta("last_error", json.dumps({
            "at": round(time.time(), 3), "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "error": failure(e),
        }, ensure_ascii=False))
    except Exception:
        pass  # the store itself is what failed
