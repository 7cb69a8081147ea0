"""One contract for every store: SQLite always, Elasticsearch when ELASTICSEARCH_URL is set."""
from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import drop_alias, es_alias, fill_store
from eventstore.query import Query
from eventstore.search import Searcher
from eventstore.stores import open_store


@pytest.fixture(scope="module", params=["sqlite", "elasticsearch", "elasticsearch-3-nodes"])
def store(request, sqlite_store_path, corpus_docs):
    """A Searcher over each store holding the sample corpus (Elasticsearch: one node, and three)."""
    if request.param == "sqlite":
        s = open_store(str(sqlite_store_path), readonly=True)
        yield Searcher(s)
        s.close()
        return
    if request.param == "elasticsearch":
        url, _ = request.getfixturevalue("es_node")
        s = open_store(es_alias(url))
    else:
        url, _ = request.getfixturevalue("es_cluster")
        s = open_store(es_alias(url, shards=3, replicas=1))
    fill_store(s, corpus_docs)
    yield Searcher(open_store(s.setting, readonly=True))
    drop_alias(s)


def total(store, **kw) -> int:
    return store.search(Query(**kw)).total


def ids(store, **kw) -> list[str]:
    return [d["id"] for d in store.scan(Query(**kw))]


@pytest.fixture(scope="module")
def all_docs(corpus_docs):
    return [d for *_, events in corpus_docs for d in events]


def test_browse_returns_everything_newest_first(store, all_docs):
    res = store.search(Query(per_page=100))
    assert res.total == len(all_docs)
    dates = [h.doc["date"] for h in res.hits]
    assert dates == sorted(dates, reverse=True)


def test_morphology_on_both_sides(store, all_docs):
    posol = {d["id"] for d in all_docs if re.search(r"\bпос(ол|ла|лу|лом|лы|лов|лам|лами|лах)\b", d["text"], re.I)}
    assert set(ids(store, text="послом")) == set(ids(store, text="посол")) == set(ids(store, text="ПОСЛЫ")) == posol
    kuwait = {d["id"] for d in all_docs if "Кувейт" in d["text"]}
    assert kuwait and set(ids(store, text="Кувейте")) == kuwait


def test_yo_is_e_and_latin_names_work(store):
    assert total(store, text="Соединённом Королевстве") == total(store, text="соединенном королевстве") >= 1
    assert total(store, text="Toyota") == total(store, text="TOYOTA") == 1


def test_surnames_match_in_any_case(store):
    assert set(ids(store, text="Абдрахманова")) == set(ids(store, text="Абдрахмановым")) == set(ids(store, text="Абдрахманов"))
    assert len(ids(store, text="Абдрахманов")) >= 1


def test_phrase_is_matched_in_order(store):
    assert 0 < total(store, text='"посол Казахстана"') <= total(store, text="посол Казахстана")
    assert total(store, text='"Казахстана посол"') < total(store, text='"посол Казахстана"')


def test_exclusion_and_or(store):
    both = total(store, text="посол Турции")
    assert total(store, text="посол -Турции") == total(store, text="посол") - both
    a, b, ab = total(store, text="Кувейт"), total(store, text="Катар"), total(store, text="Кувейт Катар")
    assert total(store, text="Кувейт OR Катар") == a + b - ab
    assert total(store, text="-посол") == total(store) - total(store, text="посол")


def test_operators_in_any_spelling(store):
    a, b, ab = total(store, text="Кувейт"), total(store, text="Катар"), total(store, text="Кувейт Катар")
    for either in ("Кувейт or Катар", "Кувейт ИЛИ Катар", "(Кувейт | Катар)"):
        assert total(store, text=either) == a + b - ab, either
    posol, turkey = total(store, text="посол"), total(store, text="посол Турции")
    for without in ("посол NOT Турция", "посол НЕ Турции", "посол AND NOT Турция"):
        assert total(store, text=without) == posol - turkey, without
    assert total(store, text="посол AND Турции") == total(store, text="посол И Турции") == turkey


def test_prefix_matches_every_word_with_that_beginning(store, all_docs):
    want = {d["id"] for d in all_docs if re.search(r"\bинвест", d["text"], re.I)}
    assert len(want) >= 3 and set(ids(store, text="инвест*")) == want
    assert set(ids(store, text="Инвест* -Индия")) == {i for i in want if i not in set(ids(store, text="Индия"))}
    res = store.search(Query(text="инвест*"))
    assert all("<mark>инвест" in h.snippet_html.lower() for h in res.hits)
    assert set(ids(store, text="инвест* посол", sort="relevance")) <= want


def test_all_of_a_facet_means_events_with_every_ticked_value(store):
    both = set(ids(store, country=("AF",))) & set(ids(store, country=("PK",)))
    assert both and set(ids(store, country=("AF", "PK"), all_of=("country",))) == both
    res = store.search(Query(country=("AF", "PK"), all_of=("country",)))
    assert res.total == len(both)
    # Under "all of", a facet's counts narrow with its own filter: each says what ticking it leaves.
    for v in res.facets["country"]:
        if not v.selected:
            assert total(store, country=("AF", "PK", v.value), all_of=("country",)) == v.count
    assert {v.value for v in res.facets["country"] if v.selected} == {"AF", "PK"}
    assert total(store, country=("JP", "SE"), all_of=("country",)) == 0


def test_ties_are_in_russian_alphabetical_order_of_labels(store):
    from eventstore.search.facets import ru_key

    res = store.search(Query())
    for facet in ("country", "official", "org"):
        values = res.facets[facet]
        for a, b in zip(values, values[1:]):
            assert a.count > b.count or (a.count == b.count and ru_key(a.label) <= ru_key(b.label)), (facet, a, b)


def test_facet_lists_every_value_and_filters_by_a_few_letters(store):
    res = store.search(Query())
    values, size = store.facet(Query(), "official")
    assert size == res.facet_sizes["official"] == len(values) > 50 == len(res.facets["official"])
    found, _ = store.facet(Query(), "official", "мацуд")
    assert [v.value for v in found] == ["Кэнтаро Мацуда"] and found[0].kz is False
    assert [v.value for v in store.facet(Query(), "country", "Китай")[0]] == ["CN"]  # КНР, by its other names
    assert [v.value for v in store.facet(Query(), "country", "эмират")[0]] == ["AE"]
    ticked, _ = store.facet(Query(country=("JP",)), "country", "эмират")
    assert [v.value for v in ticked] == ["JP", "AE"]  # ticked values stay in the list


def test_suggestions_for_a_search_that_finds_little(store):
    res = store.search(Query(text="посол Кувейтт"))
    assert res.total == 0
    kinds = {s.kind: s for s in res.suggestions}
    assert kinds["spelling"].text == "посол кувейт" and kinds["spelling"].total == total(store, text="посол кувейт") > 0
    assert kinds["drop"].text == "посол" and kinds["drop"].total == total(store, text="посол")
    # No event of the corpus has the word «электроэнергия»; one has «электроэнергетики».
    prefix = store.search(Query(text="электроэнергия")).suggestions[0]
    assert prefix.kind == "prefix" and prefix.text == "электроэнерг*"
    assert prefix.total == total(store, text="электроэнерг*") > total(store, text="электроэнергия")
    assert store.search(Query(text="посол")).suggestions == []


def test_term_counts_and_coverage(store, all_docs):
    from eventstore.search.suggest import similar

    counts = store.store.term_counts(["япония", "японя", "посол", "казахстанско-турецкий"])
    assert counts.pop("казахстанско-турецкий") >= 1  # a hyphenated term is one term in both stores
    assert counts == {"япония": len(ids(store, text="япония")), "посол": len(ids(store, text="посол"))}
    assert similar(store.store, "японя") == "япония" and similar(store.store, "кувейтт") == "кувейт"
    cov = store.coverage()
    dates = sorted(d["date"] for d in all_docs)
    assert cov["events"] == len(all_docs) and cov["releases"] == len({d["release_id"] for d in all_docs})
    assert (cov["first_date"], cov["last_date"]) == (dates[0], dates[-1]) and cov["indexed_at"]


def test_every_facet_count_is_what_selecting_it_returns(store):
    res = store.search(Query())
    checked = 0
    for facet in ("country", "official", "org"):
        for v in res.facets[facet]:
            assert total(store, **{facet: (v.value,)}) == v.count, (facet, v.value)
            checked += 1
    for m in res.facets["date"]:
        y, mo = map(int, m.value.split("-"))
        last = date(y + (mo == 12), mo % 12 + 1, 1).toordinal() - 1
        assert total(store, date_from=date(y, mo, 1), date_to=date.fromordinal(last)) == m.count
    assert checked > 20


def test_counts_stay_right_under_other_filters(store):
    base = Query(text="посол", country=("TR",))
    res = store.search(base)
    for v in res.facets["official"] + res.facets["org"]:
        facet = "official" if v in res.facets["official"] else "org"
        assert total(store, text="посол", country=("TR",), **{facet: (v.value,)}) == v.count


def test_multi_select_ors_within_a_facet_and_keeps_its_own_counts(store):
    plain = store.search(Query())
    counts = {v.value: v.count for v in plain.facets["country"]}
    res = store.search(Query(country=("JP", "TR")))
    assert res.total == len(set(ids(store, country=("JP",))) | set(ids(store, country=("TR",))))
    shown = {v.value: v for v in res.facets["country"]}
    assert shown["JP"].selected and shown["TR"].selected and not shown["IN"].selected
    assert {k: v.count for k, v in shown.items()} == counts  # own filter does not narrow own counts
    assert res.total <= counts["JP"] + counts["TR"]


def test_facets_and_between_facets(store):
    res = store.search(Query(country=("JP",), official=("Ерлан Байжанов",)))
    assert 0 < res.total <= total(store, country=("JP",))
    assert all("JP" in h.doc["countries"] and "Ерлан Байжанов" in h.doc["officials"] for h in res.hits)


def test_selected_value_is_shown_even_with_no_hits(store):
    res = store.search(Query(text="Кувейт", country=("SE",)))
    assert res.total == 0
    assert any(v.value == "SE" and v.selected for v in res.facets["country"])


def test_country_labels_and_kazakh_officials_flag(store):
    res = store.search(Query(text="Мацуда"))  # the 27-release corpus has more people than a facet shows
    labels = {v.value: v.label for v in res.facets["country"]}
    assert labels["JP"] == "Япония"
    officials = {v.value: v.kz for v in res.facets["official"]}
    assert officials["Ерлан Байжанов"] is True and officials["Кэнтаро Мацуда"] is False


def test_sorts_and_pages(store):
    newest = ids(store, sort="date_desc")
    pages = [h.doc["id"] for p in (1, 2, 3) for h in store.search(Query(sort="date_desc", page=p, per_page=20)).hits]
    assert pages == newest[:60] and len(set(newest)) == len(newest)
    oldest = store.search(Query(sort="date_asc", per_page=5)).hits
    assert oldest[0].doc["date"] == min(d["date"] for d in store.scan(Query()))


def test_date_range(store, all_docs):
    got = set(ids(store, date_from=date(2026, 2, 1), date_to=date(2026, 2, 28)))
    assert got == {d["id"] for d in all_docs if "2026-02-01" <= d["date"] <= "2026-02-28"}


def test_snippets_are_safe_html_with_marks(store):
    res = store.search(Query(text="послом"))
    assert res.hits
    for h in res.hits:
        assert "<mark>" in h.snippet_html
        assert re.sub(r"</?mark>", "", h.snippet_html).count("<") == 0


def test_event_and_release_lookup(store, all_docs):
    doc = all_docs[0]
    assert store.event(doc["id"])["text"] == doc["text"]
    assert store.event("no-such-id") is None
    release = store.release(doc["release_id"])
    assert [e["n"] for e in release["events"]] == sorted(e["n"] for e in release["events"])
    assert release["title"] == doc["release_title"]
    assert "terms" not in release["events"][0]
    assert store.release("nope") is None


def test_empty_query_is_reported(store):
    res = store.search(Query(text="*** ::"))
    assert res.empty_query and res.total == total(store)


HOSTILE = ['"', '"""', "-", "- -", "*", ":", "()", "(((", "NOT", "OR OR", "AND", "a OR", "OR a",
           "'; DROP TABLE events; --", "title:(x) AND y^3~", "NEAR(a b, 2)", "\x00\x01\x1b[31m", "я" * 10_000,
           "посол " * 2000, "-\"посол\"", '"-"', "💥 🇰🇿", "\\", "%_", "ё-ё-ё", "{}[]"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_never_raise(store, text):
    res = store.search(Query(text=text))
    assert res.total >= 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_fuzz_any_text_is_a_valid_search(store, text):
    res = store.search(Query(text=text, per_page=5))
    assert res.total >= 0


def test_a_year_typed_with_words_means_that_years_events(store):
    year = date(2025, 1, 1)
    typed = store.search(Query(text="посол 2025"))
    assert typed.total == total(store, text="посол", date_from=year, date_to=date(2025, 12, 31)) > 0
    assert any("2025" in n for n in typed.notes)
    assert total(store, text='посол "2025"') == total(store, text="посол 2025", date_from=date(1991, 1, 1))
