"""Every official the facets show is findable by typing it (issue 15): search(v) ⊇ facet(v) and
search(surname(v)) ⊇ facet(v), over the whole dev corpus in the real SQLite store."""
import pytest

from conftest import search

pytestmark = pytest.mark.usefixtures("sqlite_store_path")


@pytest.fixture(scope="module")
def store(sqlite_store_path):
    from eventstore.stores import open_store

    with open_store(str(sqlite_store_path)) as s:
        yield s


def _ids(store, **query):
    res = search(store, per_page=100, **query)
    assert res.total <= 100
    return {h.doc["id"] for h in res.hits}


def _officials(corpus_docs):
    return sorted({o for *_, events in corpus_docs for e in events for o in e["officials"]})


def test_every_official_is_found_by_full_name_and_by_surname(store, corpus_docs):
    missing = []
    for name in _officials(corpus_docs):
        facet = _ids(store, official=(name,))
        surname = name.split()[-1]
        for typed in {name, surname, name.replace("е", "ё"), *surname.split("-")}:
            if len(typed) > 1 and not facet <= _ids(store, text=typed):
                missing.append((name, typed))
    assert missing == []
