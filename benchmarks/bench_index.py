"""Indexing throughput: `python -m indexer run` with 1 and 2 workers vs the natasha-only bound.

    python benchmarks/bench_index.py --releases 1000 [--releases 10000] [--store sqlite --store elasticsearch]

For each size: generates the corpus (cached in benchmarks/out/), indexes it into a fresh store
(SQLite, and/or Elasticsearch on a node this script starts from es-node/) with 1 and 2 workers
(real processes, peak RSS of the indexer's process tree), and times natasha alone over the same
texts in as many processes: as the analyzer calls it (segment + NER + morphology of the sentences
with a person: the bound) and natasha's full pipeline (every sentence tagged: what the analyzer
called before 2026-11-25, kept so that older tables compare).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
sys.path.insert(0, str(ROOT))


def tree_rss_kb(pid: int) -> int:
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("VmRSS"))
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo += [int(c) for c in f.read().split()]
        except (OSError, StopIteration):
            pass
    return total


def es_node() -> str:
    """A node for the benchmark (es-node/esnode.py, its own folder and port, 2 GB heap)."""
    import json

    out = subprocess.run([sys.executable, str(ROOT / "es-node" / "esnode.py"), "start", "--json", "--base",
                          str(OUT / "es-bench"), "--http-port", "9291", "--heap", "2g"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)["url"]


def fresh_store(kind: str, workers: int) -> str:
    if kind == "elasticsearch":
        import uuid

        return f"{es_node()}/bench-{uuid.uuid4().hex[:8]}"
    store = OUT / f"bench-index-{workers}.sqlite3"
    for p in OUT.glob(f"bench-index-{workers}.sqlite3*"):
        p.unlink() if p.is_file() or p.is_symlink() else shutil.rmtree(p)
    return str(store)


def run_indexer(corpus: Path, workers: int, store: str) -> tuple[float, int]:
    # As cron runs it: without the BLAS thread limits this script sets for the natasha bound.
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    start, peak = time.time(), 0
    proc = subprocess.Popen([sys.executable, "-m", "indexer", "run", "--source", str(corpus), "--store", str(store),
                             "--workers", str(workers)], cwd=ROOT, env=env)
    while proc.poll() is None:
        peak = max(peak, tree_rss_kb(proc.pid))
        time.sleep(0.2)
    assert proc.returncode in (0, 1), proc.returncode
    return time.time() - start, peak


def _natasha_chunk(paths: list[str], full: bool = False) -> int:
    from natasha import Doc

    from indexer.analysis import ner
    from indexer.release import read_release

    segmenter, tagger, morph = ner.load()
    for p in paths:
        text = "\n".join(read_release(p).paragraphs)
        if full:
            doc = Doc(text)
            doc.segment(segmenter)
            doc.tag_ner(tagger)
            doc.tag_morph(morph)
            continue
        people = [x for x in ner.parse(text).entities if x.type == "PER"]
        if people:
            people[0].cases[0]  # the first read tags every sentence with a person
    return len(paths)


def natasha_bound(files: list[Path], workers: int, full: bool = False) -> float:
    from functools import partial

    from indexer.workers import one_thread_per_process

    one_thread_per_process()
    chunks = [[str(f) for f in files[i::workers]] for i in range(workers)]
    start = time.time()
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(partial(_natasha_chunk, full=full), chunks))
    return time.time() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--releases", type=int, action="append", help="corpus size (repeatable), default 1000")
    parser.add_argument("--workers", type=int, action="append", help="default: 1 and 2")
    parser.add_argument("--store", action="append", choices=["sqlite", "elasticsearch"], help="default: sqlite")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import write_releases

    OUT.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in args.releases or [1000]:
        corpus = OUT / f"corpus-{n}"
        if not (corpus.exists() and len(list(corpus.glob("*.txt"))) == n):
            shutil.rmtree(corpus, ignore_errors=True)
            write_releases(n, corpus, seed=42)
        files = sorted(corpus.glob("*.txt"))
        chars = sum(len(f.read_text('utf-8')) for f in files) / n
        for w in args.workers or [1, 2]:
            bound, full = natasha_bound(files, w), natasha_bound(files, w, full=True)
            for kind in args.store or ["sqlite"]:  # back to back, so both face the same machine load
                store = fresh_store(kind, w)
                seconds, peak = run_indexer(corpus, w, store)
                events = _count_events(store)
                rows.append((n, w, kind, seconds, n / seconds, events / seconds, peak / 1024, n / bound,
                             bound / seconds, chars, n / full))
    header = (f"{'releases':>8} {'workers':>7} {'store':>13} {'seconds':>8} {'rel/s':>7} {'events/s':>9} {'peak MB':>8} "
              f"{'natasha rel/s':>13} {'% of bound':>10} {'full natasha':>12}")
    lines = [header] + [f"{n:>8} {w:>7} {k:>13} {s:>8.1f} {r:>7.1f} {e:>9.1f} {m:>8.0f} {b:>13.1f} {100 * f:>9.0f}% "
                        f"{u:>12.1f}" for n, w, k, s, r, e, m, b, f, _, u in rows]
    lines.append(f"(about {rows[0][9]:.0f} characters per release; cpu count {os.cpu_count()}; "
                 "peak MB is the indexer's processes, not the Elasticsearch node;\n"
                 " natasha rel/s: natasha as the analyzer calls it, the bound; full natasha: every sentence tagged)")
    print("\n".join(lines))
    (OUT / "bench_index.txt").write_text("\n".join(lines) + "\n")
    if "elasticsearch" in (args.store or []):  # the node this script started: 2 GB of heap otherwise left running
        subprocess.run([sys.executable, str(ROOT / "es-node" / "esnode.py"), "stop", "--base", str(OUT / "es-bench")],
                       capture_output=True)
    return 0


def _count_events(store: str) -> int:
    from eventstore.stores import open_store

    return open_store(store, readonly=True).stats()["events"]


if __name__ == "__main__":
    sys.exit(main())
