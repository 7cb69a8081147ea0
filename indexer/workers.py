"""Release files → analyses, in worker processes (natasha loads once per worker, only if needed).

Whatever goes wrong inside one file's analysis is that file's rejection, never the run's end:
an exception becomes its reason; a worker that dies on a file (the kernel's OOM killer, a
crash in native code) is replaced and the file tried once more in a fresh worker, then
rejected; a file still running after `timeout` seconds is rejected and its worker killed.
Workers die with the run however it ends (the kernel kills them when their parent dies) and
never keep its lock. A large release is analysed in slices of whole events, so a worker's
memory does not grow with the size of the file.
"""
from __future__ import annotations

import dataclasses
import os
import signal
import sys
import time
from collections import Counter, deque
from typing import Iterator

from indexer.folder import SourceFile

# natasha's memory grows with the text it parses at once (~0.6 GB a MB); slices this big keep a
# worker under ~0.4 GB whatever the file's size. Releases are ~5 000 characters: never sliced.
SLICE_CHARS = 60_000
# One event is parsed in one go, so it bounds memory too. Real events are a few paragraphs; a
# "release" that is one endless event (every paragraph a continuation) is rejected.
MAX_EVENT_CHARS = 100_000
ATTEMPTS = 2  # a file whose worker dies is tried again once: the OOM killer may have aimed at another process
# A worker ended by these was stopped from outside (systemd signals the whole group, a terminal hangs
# up): not its file's fault, which is tried again; the run itself stops on the same signal.
_STOPPED = {-signal.SIGTERM, -signal.SIGHUP, -signal.SIGINT}


class WorkersFailed(Exception):
    """The analysis workers cannot start (the models do not load): a failure of the run, not of a file."""


def one_thread_per_process() -> None:
    """natasha's numpy would start a BLAS thread per core in every worker: N workers on N cores
    then fight over them (2 workers ran 3x slower than 1). Only effective before numpy is
    imported, so `python -m indexer` does the same first thing (see indexer/__main__.py)."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")


def analyse(files: list[SourceFile], workers: int, timeout: float | None = None) -> Iterator[tuple[SourceFile, tuple]]:
    """(file, ("ok", Analysis) | ("error", reason)) in the files' order.

    Close the iterator when stopping early (`contextlib.closing`): that ends the workers.
    """
    if not files:
        return
    import multiprocessing

    one_thread_per_process()
    pool = _Pool(multiprocessing.get_context("fork"), min(max(workers, 1), len(files)))
    try:
        yield from pool.run(files, timeout)
    finally:
        pool.close()


class _Worker:
    """A forked child analysing one file at a time; it speaks over its own pipe only."""

    def __init__(self, ctx, others: list[int]):
        self.conn, theirs = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(theirs, os.getpid(), others), name="indexer-analysis", daemon=True)
        self.proc.start()
        theirs.close()
        self.ready = False  # models loaded
        self.job: int | None = None  # index of the file it is analysing
        self.started = 0.0

    def give(self, i: int, path: str) -> None:
        self.conn.send(path)
        self.job, self.started = i, time.monotonic()

    def end(self) -> None:
        if self.proc.is_alive() and self.job is None:
            try:
                self.conn.send(None)  # finish and exit
                self.proc.join(5)
            except OSError:
                pass
        if self.proc.is_alive():
            self.proc.kill()  # busy in native code, or hung
        self.proc.join()
        self.conn.close()


class _Pool:
    def __init__(self, ctx, size: int):
        self.ctx, self.size = ctx, size
        self.workers: list[_Worker] = []
        for _ in range(size):
            self._start()

    def _start(self) -> None:
        others = [w.conn.fileno() for w in self.workers]
        self.workers.append(_Worker(self.ctx, others))

    def close(self) -> None:
        for w in self.workers:
            w.end()
        self.workers = []

    def run(self, files: list[SourceFile], timeout: float | None) -> Iterator[tuple[SourceFile, tuple]]:
        todo = deque(range(len(files)))
        done: dict[int, tuple] = {}
        attempts: Counter = Counter()
        window = self.size * 4  # bounded read-ahead keeps memory flat on huge folders
        next_out = 0
        while next_out < len(files):
            if next_out in done:
                yield files[next_out], done.pop(next_out)
                next_out += 1
                continue
            for w in self.workers:
                if w.ready and w.job is None and todo and todo[0] < next_out + window:
                    i = todo.popleft()
                    w.give(i, str(files[i].path))
            for w, event, message in self._wait(timeout):
                if event == "message":
                    self._receive(w, message, done)
                    continue
                self.workers.remove(w)
                w.end()
                if not w.ready:
                    raise WorkersFailed(f"an analysis worker died while loading the models ({_death(w.proc.exitcode)})")
                if w.job is not None and event == "timeout":
                    done[w.job] = ("error", f"analysis took longer than {timeout:g} s (worker stopped)")
                elif w.job is not None:
                    attempts[w.job] += w.proc.exitcode not in _STOPPED
                    if attempts[w.job] < ATTEMPTS:
                        todo.appendleft(w.job)
                    else:
                        done[w.job] = ("error", f"analysis crashed: worker {_death(w.proc.exitcode)}")
                if todo:
                    self._start()

    @staticmethod
    def _receive(w: _Worker, message: tuple, done: dict) -> None:
        if not w.ready:
            kind, detail = message
            if kind != "ready":
                raise WorkersFailed(f"cannot load the analysis models: {detail}")
            w.ready = True
            return
        done[w.job] = message
        w.job = None

    def _wait(self, timeout: float | None) -> list[tuple[_Worker, str, tuple | None]]:
        """Block until a worker has a message, died or ran out of time: [(worker, event, message)]."""
        from multiprocessing.connection import wait

        busy = [w for w in self.workers if w.job is not None]
        limit = None
        if timeout is not None and busy:
            limit = max(0.0, min(w.started + timeout for w in busy) - time.monotonic())
        ready = set(wait([w.conn for w in self.workers] + [w.proc.sentinel for w in self.workers], limit))
        now = time.monotonic()
        events = []
        for w in self.workers:
            if w.conn in ready:
                try:
                    events.append((w, "message", w.conn.recv()))
                except (EOFError, OSError):  # readable because the worker's end closed: it died
                    events.append((w, "died", None))
            elif w.proc.sentinel in ready:
                events.append((w, "died", None))
            elif timeout is not None and w.job is not None and now - w.started >= timeout:
                events.append((w, "timeout", None))
        return events


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name
        return f"killed by {name}" + (" (out of memory?)" if name == "SIGKILL" else "")
    return f"exited with code {exitcode}"


# --- in the worker ---
def _serve(conn, parent: int, others: list[int]) -> None:
    _die_with(parent)
    from indexer.lock import close_inherited

    close_inherited()  # the run's lock stays with the run
    for fd in others:  # the other workers' pipes: their ends must close when the run dies
        try:
            os.close(fd)
        except OSError:
            pass
    # Ctrl-C reaches the whole group: the run handles it and ends its workers (no traceback from each).
    # TERM and HUP end a worker (not the run's handlers, inherited by the fork): multiprocessing's
    # exit handler ends leftover workers with TERM.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    try:
        from indexer.analysis.pipeline import get_analyzer

        get_analyzer()
    except Exception as e:
        conn.send(("failed", failure(e)))
        return
    conn.send(("ready", None))
    while True:
        try:
            path = conn.recv()
        except EOFError:
            return
        if path is None:
            return
        outcome = analyse_file(path)
        try:
            conn.send(outcome)
        except Exception as e:  # a result that cannot be pickled
            conn.send(("error", "analysis failed: cannot return the result: " + failure(e)))


def _die_with(parent: int) -> None:
    """Linux: the kernel kills this worker when the run that forked it dies, however it dies."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # elsewhere: an idle worker still exits when its pipe closes
    if os.getppid() != parent:  # the parent died before that took effect
        os._exit(1)


def analyse_file(path: str):
    """("ok", Analysis) or ("error", reason): any failure inside the file's analysis is its reason."""
    from indexer.release import ReleaseError, read_release

    try:
        _fault(path)
        return "ok", analyse_release(read_release(path))
    except ReleaseError as e:
        return "error", e.reason
    except MemoryError:
        return "error", "analysis ran out of memory"
    except Exception as e:
        return "error", "analysis failed: " + failure(e)


def failure(e: BaseException) -> str:
    """One line about an exception, short enough for a log line and the store's rejection table."""
    text = " ".join(str(e).split())
    return f"{type(e).__name__}: {text[:300]}" if text else type(e).__name__


def analyse_release(release, slice_chars: int = SLICE_CHARS):
    """`Analyzer.analyze`, one slice of whole events at a time for a large release.

    Slices are cut where an event starts (the same event split the analyzer makes), so every
    event sees exactly the paragraphs it would in one pass, and events are numbered on.
    Raises ReleaseError for an event longer than MAX_EVENT_CHARS.
    """
    from indexer.analysis.pipeline import Analysis, get_analyzer

    analyzer = get_analyzer()
    if sum(len(p) + 1 for p in release.paragraphs) <= slice_chars:
        return analyzer.analyze(release)
    whole = Analysis(release)
    for part in _slices(release, slice_chars):
        previous = whole.events[-1].date if whole.events else None
        events = analyzer.analyze(dataclasses.replace(release, paragraphs=part), previous).events
        whole.events += [dataclasses.replace(e, n=len(whole.events) + k) for k, e in enumerate(events, 1)]
    return whole


def _slices(release, slice_chars: int) -> Iterator[list[str]]:
    """Runs of whole events (an event and the boilerplate after it) of about `slice_chars`."""
    from indexer.analysis.countries import find_countries
    from indexer.release import ReleaseError
    from indexer.split import split_groups

    paragraphs = release.paragraphs
    starts = [g[0] for g in split_groups(paragraphs, find_countries)]
    lo, size = 0, 0
    for n, (a, b) in enumerate(zip(starts, starts[1:] + [len(paragraphs)]), 1):
        event = sum(len(p) + 1 for p in paragraphs[a:b])
        if event > MAX_EVENT_CHARS:
            raise ReleaseError(release.source, f"event {n} is {event} characters long (over {MAX_EVENT_CHARS}): "
                                               "not a press release")
        if size and size + event > slice_chars:
            yield paragraphs[lo:a]
            lo, size = a, 0
        size += event
    yield paragraphs[lo:]


def _fault(path: str) -> None:
    """Testing aid: INDEXER_FAULT=<raise|kill|hang>:<file name> makes that file's analysis fail that way."""
    kind, _, name = os.environ.get("INDEXER_FAULT", "").partition(":")
    if not name or os.path.basename(path) != name:
        return
    if kind == "raise":
        raise RuntimeError("injected fault")
    if kind == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if kind == "hang":
        print(f"hanging on {name}", file=sys.stderr, flush=True)
        while True:
            time.sleep(3600)
