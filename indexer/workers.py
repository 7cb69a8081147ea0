"""Release files → analyses, in worker processes (natasha loads once per worker, only if needed)."""
from __future__ import annotations

import os
from typing import Iterator

from indexer.folder import SourceFile


def one_thread_per_process() -> None:
    """natasha's numpy would start a BLAS thread per core in every worker: N workers on N cores
    then fight over them (2 workers ran 3x slower than 1). Only effective before numpy is
    imported, so `python -m indexer` does the same first thing (see indexer/__main__.py)."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")


def analyse(files: list[SourceFile], workers: int) -> Iterator[tuple[SourceFile, tuple]]:
    """(file, ("ok", Analysis) | ("error", reason)) in the files' order."""
    if workers <= 1 or len(files) == 1:
        for f in files:
            yield f, analyse_file(str(f.path))
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    one_thread_per_process()
    window = workers * 4  # bounded read-ahead keeps memory flat on huge folders
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker) as pool:
        pending: list = []
        for f in files:
            pending.append((f, pool.submit(analyse_file, str(f.path))))
            if len(pending) >= window:
                f0, fut = pending.pop(0)
                yield f0, fut.result()
        for f0, fut in pending:
            yield f0, fut.result()


def _init_worker() -> None:
    from indexer.analysis.pipeline import get_analyzer

    get_analyzer()


def analyse_file(path: str):
    from indexer.analysis.pipeline import get_analyzer
    from indexer.release import ReleaseError, read_release

    try:
        release = read_release(path)
    except ReleaseError as e:
        return "error", e.reason
    return "ok", get_analyzer().analyze(release)
