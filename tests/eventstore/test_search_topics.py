"""Topic terms and their distinctiveness (eventstore.search.topics)."""
from __future__ import annotations

from conftest import ROOT
from eventstore.search.aggregates import TermStats
from eventstore.search.topics import distinctive, is_country_word, is_topic, name_like, topic_terms


def test_every_country_adjective_the_indexer_knows_is_a_country_word():
    table = ROOT / "indexer" / "data" / "country_adjectives.tsv"
    adjectives = [line.split("\t")[1].strip() for line in table.read_text("utf-8").splitlines()
                  if line.strip() and not line.startswith("#")]
    assert len(adjectives) > 100
    assert [a for a in adjectives if not is_country_word(a)] == []


def test_country_names_and_compounds_are_country_words():
    for word in ("италия", "кувейт", "казахстан", "казахстанский", "казахстанско-египетский", "эль-кувейт"):
        assert is_country_word(word), word
    for word in ("пшеница", "транзит", "морской", "городской", "промышленный"):
        assert not is_country_word(word), word


def test_topic_terms_are_content_words_not_names_dates_or_function_words():
    for word in ("пшеница", "транзит", "бизнес-форум", "кибербезопасность", "межправительственный", "уран"):
        assert is_topic(word), word
    for word in ("в", "и", "провести", "казахстан", "итальянский", "февраль", "весна", "тот", "дамир",
                 "оон", "toyota", "2026", "астана", "ли", "посол", "консул", "генеральный"):
        assert not is_topic(word), word
    assert topic_terms(["посол", "в", "италия", "пшеница", "уран", "пшеница"]) == ["пшеница", "уран"]


def test_name_like_takes_other_guessed_forms_of_a_name():
    names = frozenset({"кэнтаро", "мацуд"})
    assert name_like("мацуда", names) and name_like("мацуд", names)
    assert not name_like("марафон", frozenset({"марат"}))  # a dictionary word stays
    assert not name_like("пшеница", names)


def stats(rows, fg_total=100, bg_total=10_000):
    return TermStats(fg_total, bg_total, rows, fg_total, bg_total)


def test_distinctive_prefers_terms_concentrated_in_the_set():
    s = stats([
        ("сотрудничество", 60, 6_000),  # in most events, everywhere
        ("пшеница", 30, 40),  # in a third of the set, rare elsewhere
        ("зерно", 20, 30),
        ("туризм", 5, 900),  # less frequent here than elsewhere
        ("однажды", 1, 1),  # once
    ])
    got = [t.term for t in distinctive(s)]
    assert got[:2] == ["пшеница", "зерно"]
    assert "туризм" not in got and "однажды" not in got  # below the rate elsewhere; seen once in 100 events
    top = distinctive(s)[0]
    assert (top.count, top.share) == (30, 0.3) and top.score > 0


def test_distinctive_of_a_tiny_set_keeps_single_events_and_handles_the_whole_store():
    tiny = stats([("пшеница", 1, 1), ("сотрудничество", 1, 50)], fg_total=2, bg_total=51)
    assert [t.term for t in distinctive(tiny)] == ["пшеница"]
    everything = stats([("пшеница", 10, 10)], fg_total=51, bg_total=51)
    assert distinctive(everything) == []  # nothing is distinctive of the whole store
    assert distinctive(stats([], fg_total=0)) == []


def test_distinctive_ties_break_by_term():
    s = stats([("б", 10, 10), ("а", 10, 10)])
    assert [t.term for t in distinctive(s)] == ["а", "б"]
