"""Dossier and feed latency: `eventstore.search.dossier.official` / `.country` and the newest events of
a person's or a country's feed (`eventstore.search.feed.newest`, 50 entries) on a built store.

    python benchmarks/bench_dossier.py --store PATH_OR_URL [--people 8] [--countries 8] [--repeat 5]

Build a store first (`python benchmarks/generate.py --documents 1000000 --store PATH`). The people
and countries measured are spread over the frequency ranks (the most frequent, then every k-th down
to the rarest), so «typical» is the median of them. Each dossier runs `--repeat` times on one store
object, count caches cleared before each run (as a first visit); the in-memory columns (SQLite) and
the topic background sample are built once before timing, as in a running web worker, and their
build time is printed apart. Prints p50/p95/max per kind and per part, and writes benchmarks/out/.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
sys.path.insert(0, str(ROOT))


class Timed:
    """A store wrapper timing each primitive the dossier calls (ms per primitive, summed per run)."""

    def __init__(self, store):
        self.store, self.parts = store, {}

    def __getattr__(self, name):
        fn = getattr(self.store, name)

        def timed(*args, **kw):
            t = time.perf_counter()
            try:
                return fn(*args, **kw)
            finally:
                self.parts[name] = self.parts.get(name, 0.0) + (time.perf_counter() - t) * 1000

        return timed


def spread(values: list[str], k: int) -> list[str]:
    if len(values) <= k:
        return values
    step = (len(values) - 1) / (k - 1)
    return [values[round(i * step)] for i in range(k)]


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def main(argv=None) -> int:
    from eventstore.query.model import Query, TextQuery
    from eventstore.search import dossier
    from eventstore.search.feed import newest
    from eventstore.search.request import SearchRequest
    from eventstore.stores import open_store

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", required=True)
    parser.add_argument("--people", type=int, default=8)
    parser.add_argument("--countries", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    store = open_store(args.store, readonly=True)
    t = time.perf_counter()
    everything = store.spans(SearchRequest(TextQuery()), ("official", "country"), 100_000)
    warm = {"values of the whole store (and SQLite's columns)": (time.perf_counter() - t) * 1000}
    events = store.stats()["events"] if hasattr(store, "stats") else None
    people = spread([s.value for s in everything["official"]], args.people)
    countries = spread([s.value for s in everything["country"]], args.countries)
    counts = {s.value: s.count for f in everything.values() for s in f}
    t = time.perf_counter()
    dossier.country(store, countries[0])
    warm["first country dossier (topic background sample)"] = (time.perf_counter() - t) * 1000

    rows = []
    kinds = (("official", people, dossier.official), ("country", countries, dossier.country),
             ("feed of a person", people, lambda s, v: newest(s, Query(official=(v,), per_page=50))),
             ("feed of a country", countries, lambda s, v: newest(s, Query(country=(v,), per_page=50))))
    for kind, values, fn in kinds:
        for value in values:
            for _ in range(args.repeat):
                getattr(store, "clear_caches", lambda: None)()
                timed = Timed(store)
                t = time.perf_counter()
                fn(timed, value)
                rows.append({"kind": kind, "value": value, "events": counts[value],
                             "ms": (time.perf_counter() - t) * 1000, "parts": timed.parts})

    print(f"store: {args.store} ({events} events)")
    for what, ms in warm.items():
        print(f"  once per process: {what}: {ms:.0f} ms")
    print("| dossier | values | events per value (min–max) | p50 | p95 | max | p50 by part |")
    print("|---|---|---|---|---|---|---|")
    summary = {}
    for kind, *_ in kinds:
        mine = [r for r in rows if r["kind"] == kind]
        ms = [r["ms"] for r in mine]
        parts = {p: statistics.median(r["parts"].get(p, 0.0) for r in mine) for p in mine[0]["parts"]}
        ev = [r["events"] for r in mine]
        summary[kind] = {"p50": pct(ms, 0.5), "p95": pct(ms, 0.95), "max": max(ms), "parts": parts}
        print(f"| {kind} | {len(set(r['value'] for r in mine))} | {min(ev)}–{max(ev)} | {pct(ms, .5):.1f} ms | "
              f"{pct(ms, .95):.1f} ms | {max(ms):.1f} ms | "
              + ", ".join(f"{p} {v:.1f}" for p, v in parts.items()) + " |")
    print("| value | events | median ms |")
    print("|---|---|---|")
    for kind, values in (("official", people), ("country", countries)):
        for value in values:
            ms = statistics.median(r["ms"] for r in rows if r["kind"] == kind and r["value"] == value)
            print(f"| {kind} {value} | {counts[value]} | {ms:.1f} |")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bench_dossier.json").write_text(json.dumps({"store": args.store, "events": events, "warm": warm,
                                                        "summary": summary, "rows": rows}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
