"""Search latency of the SQLite store at growing sizes, all facets on, over a fixed 50-query mix.

    python benchmarks/bench_search.py --events 10000 --events 100000 [--events 1000000]

Stores are built from generated documents (benchmarks/generate.py --documents) and cached in
benchmarks/out/. Prints p50/p95/max per size and per query class, and where the time goes for
the slowest class (FTS match + count, page of hits with snippets, facet counts, month histogram).
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def query_mix(seed: int = 7):
    """50 queries in 7 classes. Two filters are (country, one of its Kazakh envoys), which occur
    together by construction; date ranges are half-years inside the generated span (2018 to
    mid-2024); browse varies sort and page (benchmarks empty the count cache before each search)."""
    from generate import COUNTRIES, FOREIGN_FIRST, World

    from eventstore.query import Query

    world = World(random.Random(42))  # the generator's own cast: envoys appear only with their country
    rng = random.Random(seed)
    mix = []
    for w in ["туризма", "пшеница", "климат", "ветеринарии", "транзит", "кибербезопасность", "урана"]:
        mix.append(("word", Query(text=w)))
    for c in rng.sample(COUNTRIES, 7):
        mix.append(("inflected", Query(text=rng.choice([f"послом {c[2]}", c[3], f"послы {c[2]}"]))))
    for p in ['"торгово-экономических связей"', '"межправительственной комиссии"', '"бизнес-форум"',
              '"возобновляемых источников энергии"', '"Каспийское море"', '"деловых кругов"', '"посол Казахстана"']:
        mix.append(("phrase", Query(text=p)))
    for _ in range(8):
        c = rng.choice(COUNTRIES)
        first, sur, _ = rng.choice(world.envoys[c[0]])
        mix.append(("two filters", Query(country=(c[0],), official=(f"{first} {sur}",))))
    for _ in range(7):
        y = rng.randint(2018, 2024)
        mix.append(("date range", Query(text=rng.choice(["", "энергетики", "посол", "пшеницы"]), date_from=date(y, 1, 1), date_to=date(y, 6, 30))))
    for s in ["date_desc", "date_asc", "relevance", "date_desc", "date_desc", "date_desc", "date_asc"]:
        mix.append(("browse", Query(sort=s, page=rng.randint(1, 5))))
    for w in ["Казахстана", "стороны", "сотрудничества", "посол", "Казахстан OR сотрудничество", "встречу -энергетики"]:
        mix.append(("common word", Query(text=w)))
    mix.append(("common word", Query(text=rng.choice(FOREIGN_FIRST))))
    assert len(mix) == 50
    return mix


def ensure_store(n: int) -> Path:
    from generate import write_documents

    path = OUT / f"search-{n}.sqlite3"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        t = time.time()
        written = write_documents(n, str(path), seed=42)
        print(f"built {path.name}: {written} events in {time.time() - t:.0f} s", file=sys.stderr)
    return path


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def breakdown(store, query) -> dict:
    """Milliseconds per part of one search (counts not cached): columns, match, counts, page, snippets."""
    from eventstore.search import Searcher, Timer

    store.clear_caches()
    timer = Timer()
    Searcher(store).search(query, timer=timer)
    return timer.parts


def ranking_overlap(store, mix) -> float:
    """Share of the first page that equals FTS5's exact bm25 order (ORDER BY rank over every match)."""
    from eventstore.search import Searcher, SearchRequest
    from eventstore.stores.sqlite.export import Plan

    same = total = 0
    for _, q in mix:
        if not q.text or q.sort != "relevance":
            continue
        plan = Plan(SearchRequest.of(q))
        if not plan.positive:
            continue
        sql, params = plan.ordered()
        exact = [json_id(d) for d, _ in store.db.execute(sql + " LIMIT 20", params)]
        got = [h.doc["id"] for h in Searcher(store).search(q).hits]
        same += len(set(exact) & set(got))
        total += len(exact)
    return same / total if total else 1.0


def json_id(doc: str) -> str:
    import json

    return json.loads(doc)["id"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, action="append", help="store sizes (repeatable)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the whole mix (first one warms the cache)")
    args = parser.parse_args(argv)
    from eventstore.query import Query
    from eventstore.search import Searcher
    from eventstore.stores import open_store

    lines = []
    for n in args.events or [10_000, 100_000]:
        path = ensure_store(n)
        mix = query_mix()
        times = {cls: [] for cls, _ in mix}
        cached = []
        t = time.perf_counter()
        store = open_store(str(path), readonly=True)
        Searcher(store).search(Query())  # loads this process's in-memory columns once, as a web worker does
        load_ms = (time.perf_counter() - t) * 1000
        for r in range(args.repeat):
            store = open_store(str(path), readonly=True)
            searcher = Searcher(store)
            for cls, q in mix:
                store.clear_caches()  # counts computed by every timed search (sort and page are not in their key)
                t = time.perf_counter()
                searcher.search(q)
                if r:  # the first pass only warms the OS page cache
                    times[cls].append((time.perf_counter() - t) * 1000)
                    t = time.perf_counter()
                    searcher.search(q.__class__(**{**q.__dict__, "page": q.page + 1}))  # the next page of the same search
                    cached.append((time.perf_counter() - t) * 1000)
        every = [x for v in times.values() for x in v]
        lines.append(f"\n{store.stats()['events']} events — all queries: p50 {pct(every, 50):.1f} ms, "
                     f"p95 {pct(every, 95):.1f} ms, max {max(every):.1f} ms")
        lines.append(f"next page of the same search (counts cached): p50 {pct(cached, 50):.1f} ms, p95 {pct(cached, 95):.1f} ms")
        lines.append(f"in-memory columns, first load in a new process: {load_ms:.0f} ms")
        lines.append(f"first page equal to FTS5's exact bm25 order: {100 * ranking_overlap(store, mix):.1f} %")
        lines.append(f"{'class':<13}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}")
        for cls, v in times.items():
            lines.append(f"{cls:<13}{pct(v, 50):>8.1f}{pct(v, 95):>8.1f}{max(v):>8.1f}")
        slowest = sorted(((breakdown(store, q), q) for _, q in mix), key=lambda x: -sum(x[0].values()))[:3]
        for parts, q in slowest:
            lines.append(f"slow query {q.text or 'no text'!r} {dict(q.filters())} {q.date_from or ''}: "
                         + ", ".join(f"{k} {v:.1f}" for k, v in parts.items()) + " ms")
    text = "\n".join(lines)
    print(text)
    (OUT / "bench_search.txt").write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
