"""Word families: a typed noun finds its relational adjective and back, nothing else."""
import pytest

from eventstore.query.families import family
from eventstore.query.parse import parse


@pytest.mark.parametrize("word, other", [
    ("нефть", "нефтяной"), ("газ", "газовый"), ("инвестиция", "инвестиционный"), ("энергетика", "энергетический"),
    ("торговля", "торговый"), ("культура", "культурный"), ("транспорт", "транспортный"), ("уран", "урановый"),
    ("дипломатия", "дипломатический"), ("консульство", "консульский"), ("регион", "региональный"),
])
def test_a_noun_and_its_adjective_find_each_other(word, other):
    assert family(word) == (other,)
    assert word in family(other)


def test_places_and_names_have_no_family():  # «Индия» is no «индиевый»; countries are found by name
    assert family("индия") == family("кувейт") == family("астана") == ()


@pytest.mark.parametrize("word", ["страна", "часть", "глава", "год", "посол", "встреча", "министр", "мир", "в"])
def test_words_whose_adjective_means_another_thing_or_that_have_none_stay_alone(word):
    assert family(word.lower()) == ()


def test_a_typed_word_matches_its_family_but_a_quoted_one_is_as_typed():
    loose = parse("инвестиции").must[0][0]
    exact = parse('"инвестиции"').must[0][0]
    assert loose.slots == (("инвестиция", "инвестиционный"),)
    assert exact.slots == (("инвестиция",),)


def test_a_phrase_is_matched_as_typed():
    assert parse('"нефтяной сектор"').must[0][0].slots == (("нефтяной",), ("сектор",))
