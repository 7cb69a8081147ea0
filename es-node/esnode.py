#!/usr/bin/env python3
"""Run a real Elasticsearch node, or an N-node cluster in one JVM, on 127.0.0.1 (no Docker).

    python es-node/esnode.py start [--nodes N] [--base DIR] [--http-port P] [--heap 512m] [--timeout S] [--json]
    python es-node/esnode.py stop [--nodes N | --base DIR]
    python es-node/esnode.py status [--nodes N | --base DIR] [--json]

`start` resolves the distribution with Maven (offline first), unpacks it into es-node/.cache/,
compiles the launcher (src/esnode/Launcher.java) when it changed, starts the JVM detached, waits
for health green with all nodes joined and prints the URL. Standard library only: tests run it
in a subprocess. See README.md.
"""
from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
POM = HERE / "pom.xml"
SOURCE = HERE / "src" / "esnode" / "Launcher.java"
CONFIG = HERE / "config"
CACHE = HERE / ".cache"
BUILD = HERE / ".build"
MAIN_CLASS = "esnode.Launcher"
MODULES = "transport-netty4,x-pack-core"
PID_FILE = "esnode.pid"
LOG_FILE = "esnode.log"
HOST = "127.0.0.1"


class Failure(Exception):
    """A message for the user; exits non-zero."""


def say(msg: str) -> None:
    print(f"esnode: {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- settings

def es_version() -> str:
    m = re.search(r"<es\.version>([^<]+)</es\.version>", POM.read_text())
    if not m:
        raise Failure(f"no <es.version> in {POM}")
    return m.group(1).strip()


def defaults(nodes: int) -> tuple[Path, int, str, str]:
    """Base dir, first HTTP port, cluster name and heap for a cluster of `nodes` nodes.

    The single node and the 3-node cluster get different dirs and ports so both can run at once.
    """
    if nodes == 1:
        return HERE / ".run", 9201, "esnode", "512m"
    return HERE / f".run-{nodes}", 9211, f"esnode-{nodes}", "1g"


def wanted_state(args) -> dict:
    base, port, cluster, heap = defaults(args.nodes)
    http = args.http_port or port
    return {
        "version": es_version(),
        "nodes": args.nodes,
        "http_port": http,
        "transport_port": http + 100,
        "cluster_name": cluster,
        "heap": args.heap or heap,
        "modules": MODULES,
    }


def base_dir(args) -> Path:
    return Path(args.base).resolve() if args.base else defaults(args.nodes)[0]


def url(state: dict, i: int = 0) -> str:
    return f"http://{HOST}:{state['http_port'] + i}"


# ---------------------------------------------------------------- processes

def our_pids(base: Path) -> list[int]:
    """JVMs running our launcher on this base dir (found in /proc, so a lost pid file is no problem)."""
    pids = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            argv = (d / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if MAIN_CLASS.encode() in argv and b"--base" in argv:
            i = argv.index(b"--base")
            if i + 1 < len(argv) and argv[i + 1] == str(base).encode():
                pids.append(int(d.name))
    return pids


def read_state(base: Path) -> dict | None:
    try:
        return json.loads((base / PID_FILE).read_text())
    except (OSError, ValueError):
        return None


def write_state(base: Path, state: dict) -> None:
    tmp = base / (PID_FILE + ".tmp")
    tmp.write_text(json.dumps(state, indent=1) + "\n")
    tmp.replace(base / PID_FILE)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (our own child that died) is not alive.
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def terminate(pids: list[int], wait: float) -> None:
    """TERM (the launcher's shutdown hook closes the nodes cleanly), then KILL after `wait` seconds."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + wait
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid in pids:
        if alive(pid):
            say(f"pid {pid} still running after {wait:.0f}s: KILL")
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    while any(alive(p) for p in pids):
        time.sleep(0.1)


@contextlib.contextmanager
def locked(path: Path):
    """One esnode.py at a time per directory (parallel test workers may all call start)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def port_free(port: int) -> bool:
    with socket.socket() as s:
        # Like the server (Netty sets SO_REUSEADDR): a port in TIME_WAIT counts as free.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((HOST, port))
        except OSError:
            return False
    return True


def log_tail(base: Path, lines: int = 40) -> str:
    try:
        text = (base / LOG_FILE).read_text(errors="replace").splitlines()
    except OSError:
        return "(no log file)"
    return "\n".join(text[-lines:]) or "(log is empty)"


# ---------------------------------------------------------------- distribution and launcher

def java_home() -> Path:
    """The JDK to use: $JAVA_HOME, else the one `javac` on PATH belongs to."""
    if os.environ.get("JAVA_HOME"):
        home = Path(os.environ["JAVA_HOME"])
    else:
        javac = shutil.which("javac")
        if not javac:
            raise Failure("no JDK: set JAVA_HOME or put javac (JDK 17+) on PATH")
        home = Path(javac).resolve().parent.parent
    for tool in ("java", "javac"):
        if not (home / "bin" / tool).exists():
            raise Failure(f"{home} has no bin/{tool}: JAVA_HOME must be a JDK (17+)")
    return home


def java_feature(home: Path) -> int:
    out = subprocess.run([str(home / "bin" / "java"), "-version"], capture_output=True, text=True).stderr
    m = re.search(r'version "(\d+)', out)
    if not m:
        raise Failure(f"cannot tell the Java version of {home}: {out.strip()}")
    feature = int(m.group(1))
    if feature < 17:
        raise Failure(f"Elasticsearch {es_version()} needs Java 17+, {home} is Java {feature}")
    return feature


def ensure_distribution(version: str) -> Path:
    """es-node/.cache/dist/elasticsearch-VERSION, fetched and unpacked by Maven when missing."""
    dist = CACHE / "dist" / f"elasticsearch-{version}"
    done = dist / ".esnode-unpacked"
    if done.exists():
        return dist
    mvn = shutil.which("mvn")
    if not mvn:
        raise Failure("Maven (mvn) is needed to fetch the Elasticsearch distribution the first time")
    staging = CACHE / "unpack"
    shutil.rmtree(staging, ignore_errors=True)
    # Maven's unpack markers (pom.xml puts them in .cache/target) would make it skip the unpack.
    shutil.rmtree(CACHE / "target", ignore_errors=True)
    cmd = [mvn, "-q", "-B", "-Dstyle.color=never", "-f", str(POM),
           "dependency:unpack-dependencies", f"-DoutputDirectory={staging}"]
    started = time.monotonic()
    # Offline first: with the artifacts already in ~/.m2 this needs no network at all.
    run = subprocess.run(cmd + ["-o"], capture_output=True, text=True)
    if run.returncode != 0:
        say(f"resolving Elasticsearch {version} from Maven Central (~100 MB the first time) ...")
        run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode != 0:
        raise Failure(f"Maven could not resolve the distribution:\n{run.stdout}{run.stderr}")
    unpacked = staging / f"elasticsearch-{version}"
    if not (unpacked / "lib").is_dir():
        raise Failure(f"Maven ran but {unpacked}/lib is missing")
    shutil.rmtree(dist, ignore_errors=True)
    dist.parent.mkdir(parents=True, exist_ok=True)
    unpacked.rename(dist)
    shutil.rmtree(staging, ignore_errors=True)
    done.write_text(version + "\n")
    say(f"Elasticsearch {version} unpacked in {time.monotonic() - started:.1f}s: {dist}")
    return dist


def ensure_launcher(jdk: Path, dist: Path) -> Path:
    """Compile Launcher.java against the distribution's lib/ when the source, ES or the JDK changed."""
    classes = BUILD / "classes"
    stamp = hashlib.sha256(SOURCE.read_bytes() + str(dist).encode() + str(jdk.resolve()).encode()).hexdigest()
    stamp_file = classes / ".stamp"
    if stamp_file.exists() and stamp_file.read_text().strip() == stamp:
        return classes
    say("compiling the launcher ...")
    fresh = BUILD / "classes.tmp"
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    run = subprocess.run([str(jdk / "bin" / "javac"), "--release", "17", "-Xlint:all", "-Werror",
                          "-cp", str(dist / "lib" / "*"), "-d", str(fresh), str(SOURCE)],
                         capture_output=True, text=True)
    if run.returncode != 0:
        raise Failure(f"javac failed:\n{run.stdout}{run.stderr}")
    (fresh / ".stamp").write_text(stamp + "\n")
    shutil.rmtree(classes, ignore_errors=True)
    fresh.rename(classes)
    return classes


def megabytes(size: str) -> int:
    m = re.fullmatch(r"(\d+)([mMgG])", size)
    if not m:
        raise Failure(f"heap must look like 512m or 1g, not {size!r}")
    return int(m.group(1)) * (1024 if m.group(2) in "gG" else 1)


def jvm_command(jdk: Path, feature: int, dist: Path, classes: Path, base: Path, state: dict) -> list[str]:
    heap = megabytes(state["heap"])
    return [
        str(jdk / "bin" / "java"),
        f"-Xms{heap}m", f"-Xmx{heap}m",
        # As ES's own JVM ergonomics: direct (network) buffers capped at half the heap.
        f"-XX:MaxDirectMemorySize={heap // 2}m",
        "-XX:+UseG1GC", "-Xss1m", "-XX:-OmitStackTraceInFastThrow",
        f"-XX:ErrorFile={base}/logs/hs_err_pid%p.log",
        f"-Djava.io.tmpdir={base}/tmp",
        # The system properties the ES CLI always passes (SystemJvmOptions in server-cli).
        "-Djava.locale.providers=" + ("CLDR" if feature >= 23 else "SPI,COMPAT"),
        "-Dfile.encoding=UTF-8", "-Djava.awt.headless=true", "-Djna.nosys=true",
        "-Dio.netty.noUnsafe=true", "-Dio.netty.noKeySetOptimization=true",
        "-Dio.netty.recycler.maxCapacityPerThread=0",
        "-Dlog4j.shutdownHookEnabled=false", "-Dlog4j2.disable.jmx=true", "-Dlog4j2.formatMsgNoLookups=true",
        *os.environ.get("ESNODE_JAVA_OPTS", "").split(),
        # ES's modules are Java modules requiring org.elasticsearch.server: lib/ goes on the module path.
        "--module-path", str(dist / "lib"), "--add-modules=ALL-MODULE-PATH",
        "-cp", str(classes), MAIN_CLASS,
        "--home", str(dist), "--base", str(base), "--config", str(CONFIG),
        "--nodes", str(state["nodes"]), "--http-port", str(state["http_port"]),
        "--transport-port", str(state["transport_port"]), "--cluster-name", state["cluster_name"],
        "--modules", state["modules"],
    ]


# ---------------------------------------------------------------- health

def health(state: dict, wait: str = "1s") -> dict | None:
    """Cluster health once all nodes joined and status is green, else None (not up, or not yet)."""
    q = f"wait_for_status=green&wait_for_nodes={state['nodes']}&timeout={wait}"
    try:
        with urllib.request.urlopen(f"{url(state)}/_cluster/health?{q}", timeout=30) as r:
            body = json.load(r)
    except urllib.error.HTTPError as e:  # 408: not green / not all nodes within `wait`
        e.close()
        return None
    except (OSError, ValueError):
        return None
    if body.get("cluster_name") != state["cluster_name"]:
        raise Failure(f"{url(state)} answers for cluster {body.get('cluster_name')!r}, not ours")
    if body.get("timed_out") or body.get("number_of_nodes") != state["nodes"]:
        return None
    return body


def wait_green(state: dict, pid: int, base: Path, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        if not alive(pid):
            raise Failure(f"the JVM (pid {pid}) died while starting; {base / LOG_FILE} ends with:\n{log_tail(base)}")
        body = health(state)
        if body:
            return body
        if time.monotonic() > deadline:
            raise TimeoutError
        time.sleep(0.3)


# ---------------------------------------------------------------- commands

def report(args, state: dict, base: Path) -> None:
    if args.json:
        print(json.dumps({"url": url(state), "urls": [url(state, i) for i in range(state["nodes"])],
                          "pid": state["pid"], "nodes": state["nodes"], "version": state["version"],
                          "base": str(base), "log": str(base / LOG_FILE)}))
    else:
        print(url(state))


def cmd_start(args) -> int:
    base = base_dir(args)
    want = wanted_state(args)
    with locked(base / ".lock"):
        have = read_state(base)
        pids = our_pids(base)
        if pids:
            same = have and have.get("pid") in pids and {k: have.get(k) for k in want} == want
            if not same:
                known = f"other settings ({have})" if have else "no pid file"
                raise Failure(f"already running on {base} (pid {', '.join(map(str, pids))}) with {known}; "
                              f"stop it first: {sys.argv[0]} stop --base {base}")
            # Possibly still starting (another caller launched it): wait for it like a fresh start.
            try:
                wait_green(have, have["pid"], base, args.timeout)
            except TimeoutError:
                raise Failure(f"running (pid {have['pid']}) but not green with {want['nodes']} node(s) "
                              f"after {args.timeout:.0f}s; log: {base / LOG_FILE}") from None
            report(args, have, base)
            return 0
        (base / PID_FILE).unlink(missing_ok=True)  # stale

        ports = [want["http_port"] + i for i in range(want["nodes"])] + \
                [want["transport_port"] + i for i in range(want["nodes"])]
        busy = [p for p in ports if not port_free(p)]
        if busy:
            raise Failure(f"port(s) {busy} on {HOST} are in use by another process; "
                          f"choose others with --http-port (transport = HTTP + 100)")

        t0 = time.monotonic()
        jdk = java_home()
        feature = java_feature(jdk)
        with locked(CACHE / ".lock"):
            dist = ensure_distribution(want["version"])
            classes = ensure_launcher(jdk, dist)
        for sub in ("logs", "tmp", "data"):
            (base / sub).mkdir(parents=True, exist_ok=True)
        log = base / LOG_FILE
        if log.exists():
            log.replace(base / (LOG_FILE + ".1"))
        cmd = jvm_command(jdk, feature, dist, classes, base, want)
        with open(log, "wb") as out:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                    cwd=base, start_new_session=True)  # survives us; no terminal signals
        state = {**want, "pid": proc.pid, "started": time.time()}
        write_state(base, state)
        say(f"starting Elasticsearch {want['version']}: {want['nodes']} node(s), heap {want['heap']}, "
            f"pid {proc.pid}, log {log}")
        try:
            wait_green(state, proc.pid, base, args.timeout)
        except (Failure, TimeoutError) as e:
            terminate([proc.pid], 10)
            proc.wait()
            (base / PID_FILE).unlink(missing_ok=True)
            if isinstance(e, Failure):
                raise
            raise Failure(f"not green with {want['nodes']} node(s) after {args.timeout:.0f}s (JVM stopped); "
                          f"{log} ends with:\n{log_tail(base)}") from None
        say(f"green with {want['nodes']} node(s) after {time.monotonic() - t0:.1f}s")
        report(args, state, base)
        return 0


def cmd_stop(args) -> int:
    base = base_dir(args)
    with locked(base / ".lock"):
        pids = our_pids(base)
        if not pids:
            say(f"not running ({base})")
        else:
            terminate(pids, args.timeout)
            say(f"stopped pid {', '.join(map(str, pids))}")
        (base / PID_FILE).unlink(missing_ok=True)
    return 0


def cmd_status(args) -> int:
    base = base_dir(args)
    state = read_state(base)
    pids = our_pids(base)
    if not pids or not state or state.get("pid") not in pids:
        out = {"running": False, "base": str(base), "pids": pids}
        code = 3
    else:
        body = health(state, wait="0s")
        out = {"running": True, "healthy": bool(body), "url": url(state), "pid": state["pid"],
               "nodes": state["nodes"], "heap": state["heap"], "version": state["version"], "base": str(base)}
        code = 0 if body else 1
    if args.json:
        print(json.dumps(out))
    elif not out["running"]:
        print(f"stopped ({base})" + (f"; stray pids without pid file: {pids}" if pids else ""))
    else:
        print(f"{'green' if out['healthy'] else 'NOT green'}: {out['url']} pid {out['pid']} "
              f"nodes {out['nodes']} heap {out['heap']} Elasticsearch {out['version']}")
    return code


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="esnode.py", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    for name in ("start", "stop", "status"):
        s = sub.add_parser(name)
        s.add_argument("--nodes", type=int, default=1, help="nodes in the one JVM (default 1)")
        s.add_argument("--base", help="data/logs/pid dir (default es-node/.run for 1 node, es-node/.run-N for N)")
        if name == "start":
            s.add_argument("--http-port", type=int, help="first node's HTTP port (default 9201; 9211 when N > 1)")
            s.add_argument("--heap", help="JVM heap for all nodes together (default 512m; 1g when N > 1)")
            s.add_argument("--timeout", type=float, default=180, help="seconds to wait for green (default 180)")
        if name == "stop":
            s.add_argument("--timeout", type=float, default=30, help="seconds between TERM and KILL (default 30)")
        if name in ("start", "status"):
            s.add_argument("--json", action="store_true", help="print JSON instead of text")
    args = p.parse_args(argv)
    if args.nodes < 1:
        p.error("--nodes must be at least 1")
    try:
        return {"start": cmd_start, "stop": cmd_stop, "status": cmd_status}[args.command](args)
    except Failure as e:
        say(str(e))
        return 1


if __name__ == "__main__":
    sys.exit(main())
