"""HTTP load: gunicorn serving the 100k-event store, wrk with 50 connections for 30 s, on the
search page and /api/search; then the same while `python -m indexer run` writes to the store.

    python benchmarks/bench_http.py [--events 100000 | --store PATH] [--duration 30] [--connections 50]
        [--no-writer]

Needs Debian's wrk. Loopback only. Prints the first search's answer time after gunicorn starts
(cold: its workers load their columns), requests/s, latency percentiles, errors, the requests
served and the RSS of each gunicorn worker after the load.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def urls(prefix: str) -> list[str]:
    from bench_search import query_mix

    out = []
    for _, q in query_mix():
        params = [("q", q.text)] + [("country", c) for c in q.country] + [("official", o) for o in q.official]
        if q.date_from:
            params += [("date_from", q.date_from.isoformat()), ("date_to", q.date_to.isoformat())]
        params += [("sort", q.sort)]
        out.append(prefix + "?" + urllib.parse.urlencode([(k, v) for k, v in params if v]))
    return out


def wrk(base: str, paths: list[str], duration: int, connections: int) -> dict:
    script = OUT / "wrk-paths.lua"
    script.write_text(LUA % ", ".join('"%s"' % p for p in paths))
    out = subprocess.run(["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--timeout", "10s", "--latency",
                          "-s", str(script), base],
                         capture_output=True, text=True, timeout=duration + 60).stdout
    pct = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "requests": int(re.search(r"(\d+) requests in", out).group(1)),
            "p50": pct.get("50"), "p90": pct.get("90"), "p99": pct.get("99"),
            "errors": int(non2xx.group(1)) if non2xx else 0,
            "socket": sum(map(int, sock.groups())) if sock else 0}


def worker_rss_mb(master: int) -> list[float]:
    with open(f"/proc/{master}/task/{master}/children") as f:
        kids = [int(c) for c in f.read().split()]
    out = []
    for k in kids:
        with open(f"/proc/{k}/status") as f:
            out.append(next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) / 1024)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--store", help="serve this store as it is (no copy; the writer phase is skipped)")
    parser.add_argument("--no-writer", action="store_true", help="skip the run with the indexer writing")
    args = parser.parse_args(argv)
    from bench_search import ensure_store
    from generate import write_releases

    if args.store:
        store, args.no_writer = Path(args.store), True
    else:
        store = OUT / "http-store.sqlite3"
        for p in OUT.glob("http-store.sqlite3*"):
            p.unlink()
        shutil.copy(ensure_store(args.events), store)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "EVENTS_STORE": str(store), "EVENTS_WARM_UP": "1"}
    started = time.perf_counter()
    gunicorn = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "2", "--threads", "4", "-b", f"127.0.0.1:{port}",
                                 "webui:create_app()"], cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    first = None
    for _ in range(600):
        try:
            t = time.perf_counter()
            urllib.request.urlopen(base + "/api/search?" + urllib.parse.urlencode({"q": "посол"}), timeout=30)
            first = (time.perf_counter() - started, time.perf_counter() - t)
            break
        except OSError:
            time.sleep(0.05)
    rows = []
    try:
        for name, prefix in (("search page /", "/"), ("/api/search", "/api/search")):
            rows.append((name, "idle", wrk(base, urls(prefix), args.duration, args.connections)))
        if not args.no_writer:
            incoming = OUT / "http-incoming"
            shutil.rmtree(incoming, ignore_errors=True)
            write_releases(300, incoming, seed=99)
            writer = subprocess.Popen([sys.executable, "-m", "indexer", "run", "--source", str(incoming), "--store",
                                       str(store), "--workers", "1"], cwd=ROOT)
            rows.append(("/api/search", "indexer writing", wrk(base, urls("/api/search"), args.duration, args.connections)))
            writer.wait()
        rss = worker_rss_mb(gunicorn.pid)
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(20)
    lines = [f"{store}: gunicorn 2 workers x 4 threads, wrk -t2 -c{args.connections} -d{args.duration}s",
             f"first search answered {first[0]:.2f} s after gunicorn started (that request alone: {first[1]:.2f} s)"
             if first else "no answer to the first search",
             f"{'target':<14}{'while':<17}{'req/s':>8}{'p50':>10}{'p90':>10}{'p99':>10}{'non-2xx':>8}{'socket':>8}"]
    for name, when, r in rows:
        lines.append(f"{name:<14}{when:<17}{r['rps']:>8.1f}{r['p50']:>10}{r['p90']:>10}{r['p99']:>10}{r['errors']:>8}{r['socket']:>8}")
    lines.append(f"RSS of each web worker after {sum(r['requests'] for _, _, r in rows)} requests: "
                 + ", ".join(f"{m:.0f} MB" for m in rss))
    print("\n".join(lines))
    (OUT / "bench_http.txt").write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
