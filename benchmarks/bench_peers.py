"""Peers on the same 50-query mix, interleaved query by query: the product, the product before this
branch (another checkout, in its own process), tantivy, naive FTS5 and Elasticsearch.

    python benchmarks/bench_peers.py --store PATH [--engines product,before,tantivy,naive,es]
        [--before /work/main] [--es URL | --es-start] [--es-load] [--repeat 5]

Every engine answers with all facets and the histogram; the page's documents come with snippets
(tantivy's and naive FTS5's documents are read from the SQLite file and finished the same way).
Counts are computed for every timed search (the product's count cache is emptied first). Totals,
every facet count and the months must be equal across engines on all 50 queries (checked on the
untimed first pass). Prints wall and CPU milliseconds (p50/p95/max) per engine and per class, and
each engine's ratio to the product; writes a JSON report to benchmarks/out/.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

CLASSES = ["word", "inflected", "phrase", "two filters", "date range", "browse", "common word"]


def signature(total, facets, months) -> tuple:
    return total, {f: sorted(v, key=lambda x: (-x[1], x[0])) for f, v in facets.items()}, list(months)


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def _finish(db, request, page):
    """The page's documents with snippets, as the Searcher finishes a page (for peers without it)."""
    from eventstore.schema import public
    from eventstore.search.snippets import snippet

    if not page:
        return []
    marks = ",".join("?" * len(page))
    docs = {r: json.loads(d) for r, d in db.execute(f"SELECT rowid, doc FROM events WHERE rowid IN ({marks})", page)}
    terms, prefixes = request.text.highlight_terms(), request.text.highlight_prefixes()
    return [(public(docs[r]), snippet(docs[r]["text"], terms, prefixes=prefixes)) for r in page if r in docs]


class Product:
    """This checkout's store: `Store.execute` (every facet value, to compare counts), then the page's
    snippets as the Searcher makes them."""

    facet_size = 50

    def __init__(self, store: str):
        from eventstore.stores import open_store

        self.store = open_store(store, readonly=True)

    def search(self, query):
        from eventstore.search.request import SearchRequest
        from eventstore.search.snippets import snippet

        getattr(self.store, "clear_caches", lambda: None)()
        request = replace(SearchRequest.of(query), facet_size=self.facet_size)
        found = self.store.execute(request)
        terms, prefixes = request.text.highlight_terms(), request.text.highlight_prefixes()
        [snippet(doc["text"], terms, prefixes=prefixes) for doc, _ in found.rows]
        return signature(found.total, found.facets, found.months)


class Elastic(Product):
    """The Elasticsearch store, asked for every facet value so that counts can be compared."""

    facet_size = 100_000


class Before:
    """Another checkout of the product (`--before DIR`) in its own process; it times itself."""

    SERVER = r"""
import json, sys, time, resource
from datetime import date
from eventstore.query import Query
from eventstore.search.request import SearchRequest
from eventstore.search.snippets import snippet
from eventstore.stores import open_store
store = open_store(sys.argv[1], readonly=True)
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
for line in sys.stdin:
    q = json.loads(line)
    for k in ("date_from", "date_to"):
        if q.get(k):
            q[k] = date.fromisoformat(q[k])
    for k in ("country", "official", "org", "all_of"):
        q[k] = tuple(q.get(k, ()))
    query = Query(**q)
    store.clear_caches()
    c, t = cpu(), time.perf_counter()
    request = SearchRequest.of(query)
    found = store.execute(request)
    terms, prefixes = request.text.highlight_terms(), request.text.highlight_prefixes()
    [snippet(doc["text"], terms, prefixes=prefixes) for doc, _ in found.rows]
    wall, used = (time.perf_counter() - t) * 1000, (cpu() - c) * 1000
    print(json.dumps([wall, used, found.total, found.facets, found.months], ensure_ascii=False), flush=True)
"""

    def __init__(self, store: str, checkout: str):
        env = {**os.environ, "PYTHONPATH": checkout, "OPENBLAS_NUM_THREADS": "1"}
        self.proc = subprocess.Popen([sys.executable, "-c", self.SERVER, store], cwd=checkout, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.own_times = None

    def search(self, query):
        q = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in query.__dict__.items()}
        self.proc.stdin.write(json.dumps(q, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()
        wall, used, total, facets, months = json.loads(self.proc.stdout.readline())
        self.own_times = (wall, used)
        return signature(total, {f: [tuple(x) for x in v] for f, v in facets.items()}, [tuple(m) for m in months])


class Naive:
    """FTS5 MATCH and GROUP BY, what a SQLite user would write (one statement per count)."""

    def __init__(self, store: str):
        import sqlite3

        self.db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)

    def search(self, query):
        from eventstore.schema import FACETS
        from eventstore.search.request import SearchRequest
        from eventstore.stores.sqlite.export import Plan

        request = SearchRequest.of(query)
        plan = Plan(request)

        def where(skip=None):
            conds, params = plan.where(request.scope(skip))
            return (" WHERE " + " AND ".join(conds) if conds else ""), params

        w, p = where()
        total = self.db.execute(f"SELECT count(*) FROM events e{w}", p).fetchone()[0]
        facets = {}
        for f in FACETS:
            w, p = where(f)
            facets[f] = self.db.execute(f"SELECT value, count(*) FROM facets WHERE facet = ? AND event IN "
                                        f"(SELECT e.rowid FROM events e{w}) GROUP BY value", (f, *p)).fetchall()
        w, p = where("date")
        months = self.db.execute(f"SELECT substr(e.date, 1, 7) m, count(*) FROM events e{w} GROUP BY m ORDER BY m", p).fetchall()
        sql, params = plan.ordered()
        sql = sql.replace("SELECT e.doc,", "SELECT e.rowid,")
        page = [r for r, _ in self.db.execute(sql + f" LIMIT {request.size} OFFSET {request.offset}", params)]
        _finish(self.db, request, page)
        return signature(total, facets, months)


class Tantivy:
    """The same documents in tantivy: the stored term streams (whitespace tokens, positions), facets
    as fast fields counted by terms aggregations (the query, plus once per facet without its own
    filter), months and date order as fast fields. Ranks with its own BM25."""

    def __init__(self, store: str):
        import sqlite3

        import tantivy

        self.t = tantivy
        path = Path(f"{store}.tantivy")
        if not path.exists():
            build_tantivy(store, path)
        self.index = tantivy.Index.open(str(path))
        self.index.register_tokenizer("ws", tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
        self.searcher = self.index.searcher()
        self.db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)

    def _term(self, term):
        from eventstore.stores.sqlite.fts import phrases

        t, schema = self.t, self.index.schema
        if term.prefix:  # every indexed term with the prefix (tantivy's regex query over the term dictionary)
            import re

            return [t.Query.regex_query(schema, "terms", re.escape(term.slots[0][0]) + ".*")]
        return [t.Query.term_query(schema, "terms", w[0]) if len(w) == 1 else t.Query.phrase_query(schema, "terms", w)
                for w in phrases(term)]

    def _query(self, request, scope):
        t = self.t
        must, parts = t.Occur.Must, []
        for clause in request.text.must:
            alts = [a for term in clause for a in self._term(term)]
            parts.append((must, alts[0] if len(alts) == 1 else t.Query.boolean_query([(t.Occur.Should, a) for a in alts])))
        for term in request.text.must_not:
            parts += [(t.Occur.MustNot, a) for a in self._term(term)]
        for f, values in scope.facets:
            if f in scope.all_of:
                parts += [(must, t.Query.term_query(self.index.schema, f, v)) for v in values]
            else:
                parts.append((must, t.Query.term_set_query(self.index.schema, f, list(values))))
        if scope.date_from or scope.date_to:
            lo = _day(scope.date_from) if scope.date_from else -100_000
            hi = _day(scope.date_to) if scope.date_to else 100_000
            parts.append((must, t.Query.range_query(self.index.schema, "days", t.FieldType.Integer, lo, hi)))
        if not any(o == must for o, _ in parts):
            parts.append((must, t.Query.all_query()))
        return parts[0][1] if len(parts) == 1 else t.Query.boolean_query(parts)

    def search(self, query):
        from eventstore.schema import FACETS
        from eventstore.search.request import SearchRequest

        request = SearchRequest.of(query)
        s = self.searcher
        main = self._query(request, request.scope())
        own = [f for f, _ in request.filters if f not in request.all_of]
        dated = bool(request.date_from or request.date_to)
        plain = [f for f in FACETS if f not in own] + ([] if dated else ["month"])
        counts = s.aggregate(main, _aggs(plain))
        for f in own + (["month"] if dated else []):
            counts.update(s.aggregate(self._query(request, request.scope("date" if f == "month" else f)), _aggs([f])))
        if request.sort == "relevance" and request.text.must:
            res = s.search(main, limit=request.size, offset=request.offset, count=True)
        else:
            order = self.t.Order.Asc if request.sort == "date_asc" else self.t.Order.Desc
            res = s.search(main, limit=request.size, offset=request.offset, count=True, order_by_field="datekey",
                           order=order)
        _finish(self.db, request, [s.doc(addr)["rowid"][0] for _, addr in res.hits])
        facets = {f: [(b["key"], int(b["doc_count"])) for b in counts[f]["buckets"]] for f in FACETS}
        months = sorted((_month_label(int(b["key"])), int(b["doc_count"])) for b in counts["month"]["buckets"])
        return signature(res.count, facets, months)


def _aggs(names):
    return {n: {"terms": {"field": n, "size": 100_000, "segment_size": 100_000}} for n in names}


def _day(d) -> int:
    import numpy as np

    return int(np.datetime64(d.isoformat(), "D").astype(np.int64))


def _month_label(m: int) -> str:
    return f"{1970 + m // 12:04d}-{m % 12 + 1:02d}"


def build_tantivy(store: str, path: Path) -> None:
    """tantivy index of a SQLite store: term streams, facets, days, months, (day, tie-break) order key."""
    import sqlite3

    import tantivy

    from eventstore.schema import FACETS
    from eventstore.stores.sqlite.columns import load

    t0 = time.time()
    db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    cols = load(db, "export")
    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("rowid", stored=True, fast=True, indexed=False)
    sb.add_text_field("terms", stored=False, tokenizer_name="ws", index_option="position")
    for f in FACETS:
        sb.add_text_field(f, stored=False, fast=True, tokenizer_name="raw", index_option="basic")
    sb.add_integer_field("days", stored=False, fast=True, indexed=True)
    sb.add_integer_field("month", stored=False, fast=True, indexed=False)
    sb.add_integer_field("datekey", stored=False, fast=True, indexed=False)
    tmp = Path(f"{path}.tmp")
    tmp.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(sb.build(), path=str(tmp))
    index.register_tokenizer("ws", tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
    writer = index.writer(heap_size=256_000_000, num_threads=2)
    values = {}
    for facet, value, event in db.execute("SELECT facet, value, event FROM facets WHERE facet IN ('country', 'official', 'org')"):
        values.setdefault(event, []).append((facet, value))
    rank = {}  # the (release id, n) tie-break as a rank, so that (day, rank) fits one i64
    for i, r in enumerate(sorted(range(cols.size), key=lambda r: cols.tiebreak[r])):
        rank[r] = i
    for rowid, stream in db.execute("SELECT id, c0 FROM fts_content"):
        day = int(cols.days[rowid])
        doc = tantivy.Document(rowid=rowid, terms=stream or "", days=day, month=int(cols.month[rowid]),
                               datekey=((day + 100_000) << 24) + rank[rowid])
        for facet, value in values.get(rowid, []):
            doc.add_text(facet, value)
        writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()
    os.replace(tmp, path)
    print(f"tantivy index {path}: {cols.count} documents in {time.time() - t0:.0f} s", file=sys.stderr)


def load_elasticsearch(store: str, url: str) -> None:
    """Every file of the SQLite store into a new index behind the alias (the rebuild path), one
    release at a time (a million events held at once would take ~20 GB)."""
    import sqlite3

    from eventstore.stores import open_store

    t0 = time.time()
    db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    events = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    es = open_store(url)
    new = es.begin_rebuild()
    count = 0
    rows = db.execute("SELECT s.source, s.hash, s.release_id, r.doc FROM sources s JOIN releases r USING (release_id)")
    for source, digest, rid, release in rows:
        docs = [json.loads(d) for (d,) in events.execute("SELECT doc FROM events WHERE release_id = ? ORDER BY n", (rid,))]
        new.replace_source(source, digest, json.loads(release), docs)
        count += len(docs)
    es.finish_rebuild(new)
    print(f"Elasticsearch {url}: {count} events loaded in {time.time() - t0:.0f} s", file=sys.stderr)


def node_rss_mb(url: str) -> float | None:
    """Resident memory of the Elasticsearch node's process (its pid from the nodes API)."""
    import urllib.request

    host = "/".join(url.split("/")[:3])
    try:
        with urllib.request.urlopen(f"{host}/_nodes/_local/process") as r:
            pid = next(iter(json.load(r)["nodes"].values()))["process"]["id"]
        with open(f"/proc/{pid}/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) / 1024
    except (OSError, StopIteration, KeyError):
        return None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", required=True, help="a SQLite store from generate.py --documents")
    parser.add_argument("--engines", default="product,tantivy,naive")
    parser.add_argument("--before", default="/work/main", help="checkout of the product to compare with")
    parser.add_argument("--es", help="Elasticsearch alias URL holding the same documents")
    parser.add_argument("--es-load", action="store_true", help="load the store's documents into --es first")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--naive-repeat", type=int, default=1, help="timed passes for naive FTS5 (slow)")
    parser.add_argument("--out")
    args = parser.parse_args(argv)
    from bench_search import query_mix

    if args.es_load:
        load_elasticsearch(args.store, args.es)
    makers = {"product": lambda: Product(args.store), "before": lambda: Before(args.store, args.before),
              "tantivy": lambda: Tantivy(args.store), "naive": lambda: Naive(args.store),
              "es": lambda: Elastic(args.es)}
    mix = query_mix()
    engines = {}
    for name in args.engines.split(","):
        t = time.perf_counter()
        engines[name] = makers[name]()
        engines[name].search(mix[0][1].__class__())
        print(f"{name}: open and first search {1000 * (time.perf_counter() - t):.0f} ms", file=sys.stderr)
    mismatches = {n: [] for n in engines}
    for i, (cls, q) in enumerate(mix):  # untimed: warms the page cache, checks the answers
        sigs = {n: e.search(q) for n, e in engines.items()}
        first = sigs["product"] if "product" in sigs else next(iter(sigs.values()))
        for n, s in sigs.items():
            if s != first:
                diff = s[0] != first[0] and "total" or next((f for f in s[1] if s[1][f] != first[1].get(f)), "months")
                mismatches[n].append((i, q.text or dict(q.filters()), diff))
    wall = {n: {c: [] for c in CLASSES} for n in engines}
    cpu = {n: {c: [] for c in CLASSES} for n in engines}
    rng = random.Random(1)
    load = [os.getloadavg()[0]]
    for r in range(args.repeat):
        for cls, q in mix:
            order = list(engines.items())
            rng.shuffle(order)  # interleaved, in a new order each time
            for n, e in order:
                if n == "naive" and r >= args.naive_repeat:
                    continue
                c, t = time.process_time(), time.perf_counter()
                e.search(q)
                w, u = (time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000
                if getattr(e, "own_times", None):
                    w, u = e.own_times
                wall[n][cls].append(w)
                cpu[n][cls].append(u)
        load.append(os.getloadavg()[0])
    report = {"store": args.store, "repeat": args.repeat, "load": load, "engines": {}}
    lines = [f"store {args.store}; load average {min(load):.1f}–{max(load):.1f}; wall | CPU ms"]
    base = None
    for n in engines:
        every_w = [x for v in wall[n].values() for x in v]
        every_c = [x for v in cpu[n].values() for x in v]
        row = {"p50": pct(every_w, 50), "p95": pct(every_w, 95), "max": max(every_w),
               "cpu_p50": pct(every_c, 50), "cpu_p95": pct(every_c, 95), "cpu_max": max(every_c),
               "classes": {c: [pct(wall[n][c], 50), pct(wall[n][c], 95), max(wall[n][c]),
                               pct(cpu[n][c], 50), pct(cpu[n][c], 95)] for c in CLASSES},
               "mismatches": mismatches[n]}
        report["engines"][n] = row
        base = base or row
        ratio = f"×{row['cpu_p50'] / base['cpu_p50']:.2f} / ×{row['cpu_p95'] / base['cpu_p95']:.2f}"
        lines.append(f"\n{n}: p50 {row['p50']:.1f} p95 {row['p95']:.1f} max {row['max']:.1f} | CPU p50 {row['cpu_p50']:.1f} "
                     f"p95 {row['cpu_p95']:.1f} max {row['cpu_max']:.1f}; CPU vs {next(iter(engines))} (p50/p95) {ratio}; "
                     f"answers differing: {len(mismatches[n])} {mismatches[n][:3]}")
        for c in CLASSES:
            a = row["classes"][c]
            b = report["engines"][next(iter(engines))]["classes"][c]
            lines.append(f"  {c:<12} wall {a[0]:7.1f} {a[1]:7.1f} {a[2]:7.1f} | CPU {a[3]:7.1f} {a[4]:7.1f} "
                         f"(×{a[3] / b[3]:.2f} / ×{a[4] / b[4]:.2f})")
    if "es" in engines:
        report["es_rss_mb"] = node_rss_mb(args.es)
        lines.append(f"Elasticsearch node RSS: {report['es_rss_mb'] or 0:.0f} MB")
    text = "\n".join(lines)
    print(text)
    OUT.mkdir(parents=True, exist_ok=True)
    out = Path(args.out) if args.out else OUT / f"bench_peers-{Path(args.store).stem}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1))
    return 1 if any(mismatches.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
