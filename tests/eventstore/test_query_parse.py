from hypothesis import given, settings
from hypothesis import strategies as st

from eventstore.query.parse import parse
from eventstore.query.model import Term


def words(tq):
    return [[slot for slot in t.slots] for clause in tq.must for t in clause]


def test_words_are_anded_and_lemmatized():
    tq = parse("послом Кувейте")
    assert tq.must == ((Term((("посол",),)),), (Term((("кувейт",),)),))


def test_phrase_negation_and_or():
    tq = parse('"посол Казахстана" -Индии нефть OR газ')
    assert tq.must[0] == (Term((("посол",), ("казахстан",))),)
    assert tq.must_not == (Term((("индия",),)),)
    assert [t.slots for t in tq.must[1]] == [(("нефть",),), (("газ",),)]


def test_guillemets_are_quotes_and_unbalanced_quote_runs_to_the_end():
    assert parse("«посол Казахстана»").must == parse('"посол Казахстана"').must
    assert parse('"посол Казахстана').must[0][0].is_phrase


def test_syntax_of_other_engines_is_just_text():
    for text in ["*", "-", '""', "()", ":", "AND OR NOT", "title:x^2~", "a* NEAR(b c)", "'; DROP TABLE events;--"]:
        tq = parse(text)
        for clause in tq.must:
            for term in clause:
                for slot in term.slots:
                    assert all(t.replace("-", "").isalnum() for t in slot), (text, slot)


def test_empty_inputs():
    for text in ["", "   ", "*", "-", '""', "\x00\x07"]:
        assert parse(text).is_empty


def test_huge_input_is_clamped():
    tq = parse("посол " * 5000)
    assert 0 < len(tq.must) <= 32


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_parses(text):
    tq = parse(text)
    assert isinstance(tq.must, tuple)
