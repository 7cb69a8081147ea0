"""Shared fixtures: the sample corpus analysed by the real indexer, and stores built from it."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
RELEASES = DATA / "releases"
SEED = ROOT.parent / "shared" / "seeds" / "000_c330d1a9a8f8fc32.txt"
SAMPLE = RELEASES / "002_europe.txt"  # our own release, for tests that need any real release


@pytest.fixture
def seed() -> Path:
    """The reference release from ../shared (present in CI); tests about it skip without it."""
    if not SEED.exists():
        pytest.skip(f"reference release {SEED} is not here")
    return SEED


@pytest.fixture(scope="session")
def analyzer():
    """The natasha-backed analyzer, loaded once for the whole test session."""
    from indexer.analysis.pipeline import get_analyzer

    return get_analyzer()


@pytest.fixture(scope="session")
def corpus_docs(analyzer):
    """[(source, content_hash, release_doc, event_docs)] for the sample releases, in file order."""
    from indexer.analysis.officials import NameBook
    from indexer.release import read_release

    book = NameBook()
    out = []
    for path in sorted(RELEASES.glob("*.txt")):
        release = read_release(path)
        release_doc, event_docs = analyzer.analyze(release).documents(book)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        out.append((path.name, digest, release_doc, event_docs))
    return out


def make_event(rid: str, n: int, text: str, **fields) -> dict:
    """A small event document for store tests (the real analysis is tested elsewhere)."""
    from eventstore import schema
    from eventstore.text import text_terms

    base = dict(id=schema.event_id(rid, n), release_id=rid, n=n, text=text, date="2026-02-17",
                release_date="2026-02-18", release_title="T", terms=text_terms(text))
    return schema.event(**{**base, **fields})


def make_release(rid: str) -> dict:
    from eventstore import schema

    return schema.release(release_id=rid, source="x", title="T", date="2026-02-18")


def search(store, **query):
    """One search through the Searcher, as the web does it."""
    from eventstore.query import Query
    from eventstore.search import Searcher

    return Searcher(store).search(Query(**query))


def fill_store(store, corpus_docs) -> None:
    for source, digest, release_doc, event_docs in corpus_docs:
        store.replace_source(source, digest, release_doc, event_docs)
    store.flush()  # as the indexer does at the end of a run


@pytest.fixture(scope="session")
def sqlite_store_path(tmp_path_factory, corpus_docs) -> Path:
    """A real SQLite store file holding the sample corpus (read-only use, please)."""
    from eventstore.stores import open_store

    path = tmp_path_factory.mktemp("store") / "events.sqlite3"
    with open_store(str(path)) as store:
        fill_store(store, corpus_docs)
    return path


# --- Elasticsearch: a real node for the tests -------------------------------------------------
ES_NODE = ROOT / "es-node" / "esnode.py"


def _free_port(start: int) -> int:
    for port in range(start, start + 50):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port")


class EsNode:
    """A node (or an N-node cluster in one JVM) started by es-node/esnode.py for this test session."""

    def __init__(self, base: Path, nodes: int, port: int):
        self.base, self.nodes, self.port = base, nodes, port
        self.url = None

    def start(self) -> str:
        out = subprocess.run([sys.executable, str(ES_NODE), "start", "--json", "--nodes", str(self.nodes),
                              "--base", str(self.base), "--http-port", str(self.port)],
                             capture_output=True, text=True, timeout=900)
        if out.returncode != 0:
            raise RuntimeError(f"Elasticsearch did not start: {out.stderr[-2000:]}")
        info = json.loads(out.stdout)
        self.url, self.pid = info["url"], info["pid"]
        return self.url

    def kill(self) -> None:
        """kill -9 the node's JVM, as a crash or the OOM killer would."""
        import signal

        os.kill(self.pid, signal.SIGKILL)

    def stop(self) -> None:
        subprocess.run([sys.executable, str(ES_NODE), "stop", "--base", str(self.base)], capture_output=True, timeout=120)


def _es_node(tmp_path_factory, nodes: int, port: int, env_var: str):
    """ELASTICSEARCH_URL (or *_3 for the cluster) when set; else start one; else skip — never under CI."""
    url = os.environ.get(env_var)
    if url:
        yield url.rstrip("/"), None
        return
    if not (shutil.which("java") and shutil.which("mvn") and ES_NODE.exists()):
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the Elasticsearch tests: Java 17, Maven and es-node/ are needed")
        pytest.skip(f"no Elasticsearch: set {env_var}, or install Java 17 and Maven")
    node = EsNode(tmp_path_factory.mktemp(f"es{nodes}"), nodes, _free_port(port))
    try:
        yield node.start(), node
    finally:
        node.stop()


@pytest.fixture(scope="session")
def es_node(tmp_path_factory):
    """(url, EsNode or None): one real Elasticsearch node for the whole session."""
    yield from _es_node(tmp_path_factory, 1, 9241, "ELASTICSEARCH_URL")


@pytest.fixture(scope="session")
def es_cluster(tmp_path_factory):
    """(url, EsNode or None): three nodes (3 primaries, 1 replica per index)."""
    yield from _es_node(tmp_path_factory, 3, 9261, "ELASTICSEARCH_URL_3")


def es_alias(url: str, **options) -> str:
    """A fresh alias on the node, so tests never see each other's data."""
    query = "&".join(f"{k}={v}" for k, v in options.items())
    return f"{url}/test-{uuid.uuid4().hex[:10]}" + (f"?{query}" if query else "")


def es_indices(store) -> list[str]:
    """The indices of a store's alias family (deletes need names: wildcards are refused)."""
    found = store.es.indices.get(index=f"{store.alias}-v*", ignore_unavailable=True, allow_no_indices=True)
    return sorted(found.body)


def drop_alias(store) -> None:
    for name in es_indices(store):
        store.es.options(ignore_status=404).indices.delete(index=name)


def indexer(*args, env=None, **kw) -> subprocess.CompletedProcess:
    """`python -m indexer ARGS` in a real process."""
    return subprocess.run([sys.executable, "-m", "indexer", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=600, env={**os.environ, **(env or {})}, **kw)


def snapshot(store: Path) -> dict:
    """What a reader can see: event id → document, release id → document."""
    db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    events = {i: json.loads(d) for i, d in db.execute("SELECT id, doc FROM events")}
    releases = {i: json.loads(d) for i, d in db.execute("SELECT release_id, doc FROM releases")}
    sources = dict(db.execute("SELECT source, hash FROM sources"))
    fts = db.execute("SELECT count(*) FROM fts").fetchone()[0]
    facets = db.execute("SELECT count(*) FROM facets").fetchone()[0]
    db.close()
    return {"events": events, "releases": releases, "sources": sources, "fts": fts, "facets": facets}


def without_root(command: list[str]) -> list[str]:
    """The command run without root's power to ignore file permissions.

    CI runs the tests as root, which reads a chmod 000 file and writes a chmod 555 folder. Dropping
    every capability keeps uid 0 (so the test's own files stay reachable) but makes permissions
    count, as for the unprivileged user a deployment runs the indexer or the web as.
    """
    if os.geteuid() != 0:
        return command
    return ["setpriv", "--bounding-set=-all", "--inh-caps=-all", "--", *command]


def corrupt(path: Path, start: int | None = None, stop: int | None = None) -> None:
    """Garbage over bytes start..stop of a file (default: its middle half), as a failing disk or a
    bad copy leaves it. From byte 4096 to the end spares SQLite's header page only, so that every
    table is damaged whatever the file's layout."""
    size = path.stat().st_size
    start = size // 4 if start is None else start
    stop = 3 * size // 4 if stop is None else min(stop, size)
    with open(path, "r+b") as f:
        f.seek(start)
        f.write(bytes((i * 7 + 13) % 256 for i in range(stop - start)))


@contextmanager
def lock_held(lock: Path):
    """Another process holds the indexer's run lock, as a run in progress does; yields that process."""
    holder = subprocess.Popen([sys.executable, "-c", (
        "import time; from indexer.lock import RunLock\n"
        f"with RunLock({str(lock)!r}):\n    print('locked', flush=True); time.sleep(600)")],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        holder.kill()
        holder.wait()


# --- release files edited as their publishers edit them (ids that outlive edits) ---
NEW_EVENT = ("Посол Казахстана в Испании Болат Иманбаев встретился с министром промышленности Испании "
             "Жорди Эреу и обсудил поставки казахстанского зерна.")
REWORDED = ("Генеральный консул Казахстана в Стамбуле открыл выставку казахских ковров и провел прием "
            "для дипломатического корпуса и представителей турецкой общественности.")


def edit_release(path: Path, change) -> None:
    """Change the lines of a release file: [header, photo credit, dateline + lead, paragraph…]."""
    lines = path.read_text("utf-8").split("\n")
    path.write_text("\n".join(change(lines)), "utf-8")


def edit_every_way(path: Path) -> None:
    """Title changed, a paragraph inserted first, the second deleted, the fourth reworded beyond
    recognition (of a release with five one-paragraph events, like 002_europe.txt): its events become
    <new>, 1, 3, <replacement of 4>, 5."""
    edit_release(path, lambda ls: [ls[0].replace("хроника", "хроника МИД"), ls[1], ls[2], NEW_EVENT, ls[3], ls[5],
                                   REWORDED, *ls[7:]])


@pytest.fixture
def source(tmp_path) -> Path:
    """A folder holding a copy of the dev corpus, as the indexer's --source (modules override it)."""
    src = tmp_path / "incoming"
    shutil.copytree(RELEASES, src)
    return src
