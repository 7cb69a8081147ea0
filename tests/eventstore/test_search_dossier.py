"""Dossiers of officials and countries on both stores: what the corpus says, and the same answer
from SQLite and Elasticsearch."""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict

import pytest

from test_stores_parity import both as searchers  # noqa: F401 (the parity test's stores, as a fixture)
from eventstore.search import dossier
from eventstore.search.topics import is_country_word, is_topic
from eventstore.stores import open_store


@pytest.fixture(scope="module")
def both(searchers):
    """(SQLite store, Elasticsearch store) holding the sample corpus (the parity test's)."""
    return tuple(s.store for s in searchers)


@pytest.fixture(scope="module")
def sqlite(sqlite_store_path):
    return open_store(str(sqlite_store_path), readonly=True)


@pytest.fixture(scope="module")
def docs(corpus_docs):
    return [d for *_, events in corpus_docs for d in events]


def test_an_official_dossier_is_what_the_events_say(sqlite, docs):
    name = "Нуржан Абдрахманов"
    mine = sorted((d for d in docs if name in d["officials"]), key=lambda d: (d["date"], d["release_id"], d["n"]))
    d = dossier.official(sqlite, name)
    assert (d.kind, d.value, d.kz, d.total) == ("official", name, True, len(mine))
    assert (d.first, d.last) == (mine[0]["date"], mine[-1]["date"])
    assert [e["id"] for e in d.latest] == [e["id"] for e in reversed(mine)][: dossier.LATEST]
    assert sum(m.count for m in d.months) == len(mine)
    roles = Counter(e["roles"][name] for e in mine)
    assert {(r.role, r.count) for r in d.roles} == set(roles.items())
    assert all(r.first <= r.last for r in d.roles)
    countries = Counter(c for e in mine for c in e["countries"])
    assert {(c.value, c.count) for c in d.countries} == set(countries.items())
    assert d.countries[0].label == "Германия"
    people = Counter(o for e in mine for o in e["officials"] if o != name)
    assert {(p.value, p.count) for p in d.people} == set(people.items())
    assert all(p.kz == any(p.value in e["kz_officials"] for e in docs) for p in d.people)


def test_a_counterpart_has_a_dossier_without_roles(sqlite, docs):
    d = dossier.official(sqlite, "Кэнтаро Мацуда")
    assert (d.kz, d.total, d.roles) == (False, 1, [])
    assert [p.value for p in d.people] == ["Ерлан Байжанов"] and d.people[0].kz
    assert dossier.official(sqlite, "Никто Никтоев") is None


def test_a_country_dossier_names_our_envoys_with_their_roles_and_its_topics(sqlite, docs):
    d = dossier.country(sqlite, "jp")
    mine = [e for e in docs if "JP" in e["countries"]]
    assert (d.kind, d.value, d.label, d.total) == ("country", "JP", "Япония", len(mine))
    ours = {o for e in mine for o in e["kz_officials"]}
    assert {p.value for p in d.kz_officials} == ours
    envoy = next(p for p in d.kz_officials if p.value == "Ерлан Байжанов")
    roles = Counter(e["roles"]["Ерлан Байжанов"] for e in mine if "Ерлан Байжанов" in e["roles"])
    assert {(r.role, r.count) for r in envoy.roles} == set(roles.items()) and envoy.envoy
    assert [r.first for r in envoy.roles] == sorted(r.first for r in envoy.roles)  # in the order first held
    theirs = {o for e in mine for o in e["officials"]} - ours
    assert {p.value for p in d.people} == theirs and not any(p.kz for p in d.people)
    names = " ".join(o for e in mine for o in e["officials"]).lower()
    assert d.topics and all(is_topic(t.term) and not is_country_word(t.term) for t in d.topics)
    assert not any(t.term[:4] in names for t in d.topics)  # no person's name among the topics
    assert dossier.country(sqlite, "ZZ") is None


def test_topics_of_a_country_come_from_its_events(sqlite, docs):
    d = dossier.country(sqlite, "TR")
    mine = [e for e in docs if "TR" in e["countries"]]
    for t in d.topics:
        assert t.count == sum(t.term in e["terms"] for e in mine) >= 1


def test_every_dossier_is_the_same_on_both_stores(both, docs):
    sqlite, es = both
    names = sorted({o for d in docs for o in d["officials"]})[:12] + ["Ерлан Байжанов", "Нуржан Абдрахманов"]
    for name in names:
        assert asdict(dossier.official(sqlite, name)) == asdict(dossier.official(es, name)), name
    for code in sorted({c for d in docs for c in d["countries"]}):
        a, b = asdict(dossier.country(sqlite, code)), asdict(dossier.country(es, code))
        for t in a["topics"] + b["topics"]:
            t["score"] = round(t["score"], 9)
        assert a == b, code
