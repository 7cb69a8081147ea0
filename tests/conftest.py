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


def fill_store(store, corpus_docs) -> None:
    for source, digest, release_doc, event_docs in corpus_docs:
        store.replace_source(source, digest, release_doc, event_docs)


@pytest.fixture(scope="session")
def sqlite_store_path(tmp_path_factory, corpus_docs) -> Path:
    """A real SQLite store file holding the sample corpus (read-only use, please)."""
    from indexer.store import open_store

    path = tmp_path_factory.mktemp("store") / "events.sqlite3"
    with open_store(str(path)) as store:
        fill_store(store, corpus_docs)
    return path
