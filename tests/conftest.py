"""Shared fixtures: the sample corpus analysed by the real indexer, and stores built from it."""
from __future__ import annotations

import hashlib
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


@pytest.fixture(scope="session")
def sqlite_store_path(tmp_path_factory, corpus_docs) -> Path:
    """A real SQLite store file holding the sample corpus (read-only use, please)."""
    from eventstore.stores import open_store

    path = tmp_path_factory.mktemp("store") / "events.sqlite3"
    with open_store(str(path)) as store:
        fill_store(store, corpus_docs)
    return path
