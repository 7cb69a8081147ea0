"""Every official, country and organization the facets show is findable by typing it (issue 15): search(v) ⊇ facet(v)
and search(surname(v)) ⊇ facet(v), a country's short and full labels in the nominative and other cases,
over the whole dev corpus in the real SQLite store."""
import pytest

from conftest import search

pytestmark = pytest.mark.usefixtures("sqlite_store_path")


@pytest.fixture(scope="module")
def store(sqlite_store_path):
    from eventstore.stores import open_store

    with open_store(str(sqlite_store_path)) as s:
        yield s


def _ids(store, **query):
    """Every event a search finds, page by page (the corpus grows: «МИД Казахстана» is in 100+)."""
    ids, page = set(), 1
    while True:
        res = search(store, per_page=100, page=page, **query)
        ids |= {h.doc["id"] for h in res.hits}
        if len(ids) >= res.total or not res.hits:
            return ids
        page += 1


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


def _inflected(name: str) -> set[str]:
    """The label in the genitive and the prepositional («Японии», «о Японии»); many-word labels as they are."""
    from eventstore.text import parses

    if " " in name or "-" in name or name.isupper():
        return {name}
    best = parses(name.lower())[0]
    forms = {name}
    for case in ("gent", "loct"):
        form = best.inflect({case})
        if form:
            forms.add(form.word.capitalize())
    return forms


def test_every_country_is_found_by_the_names_the_page_shows(store, corpus_docs):
    from eventstore.countries import label, short

    missing = []
    codes = sorted({c for *_, events in corpus_docs for e in events for c in e["countries"]})
    for code in codes:
        facet = _ids(store, country=(code,))
        for name in {short(code), label(code)}:
            for typed in _inflected(name):
                if not facet <= _ids(store, text=typed):
                    missing.append((code, typed))
    assert missing == []


def test_every_organization_is_found_by_the_name_the_page_shows(store, corpus_docs):
    missing = []
    for name in sorted({o for *_, events in corpus_docs for e in events for o in e["orgs"]}):
        if not _ids(store, org=(name,)) <= _ids(store, text=name):
            missing.append(name)
    assert missing == []
