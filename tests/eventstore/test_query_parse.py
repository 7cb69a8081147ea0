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
    assert [t.slots for t in tq.must[1]] == [(("нефть", "нефтяной"),), (("газ", "газовый"),)]  # words find their family


def test_guillemets_are_quotes_and_unbalanced_quote_runs_to_the_end():
    assert parse("«посол Казахстана»").must == parse('"посол Казахстана"').must
    assert parse('"посол Казахстана').must[0][0].is_phrase


def same(a: str, b: str) -> bool:
    x, y = parse(a), parse(b)
    return (x.must, x.must_not) == (y.must, y.must_not)


def test_operators_people_know_from_google_aleph_and_kibana():
    assert same("Кувейт OR Катар", "Кувейт or Катар") and same("Кувейт OR Катар", "Кувейт ИЛИ Катар")
    assert same("Кувейт OR Катар", "Кувейт или Катар") and same("Кувейт OR Катар", "Кувейт | Катар")
    assert same("посол Кувейт", "посол AND Кувейт") and same("посол Кувейт", "посол И Кувейт")
    assert same("посол Кувейт", "посол and Кувейт") and same("посол Кувейт", "посол и Кувейт")
    assert same("посол -Индия", "посол NOT Индия") and same("посол -Индия", "посол НЕ Индия")
    assert same("посол -Индия", "посол AND NOT Индия")
    assert same('посол -"посол Казахстана"', 'посол NOT "посол Казахстана"')
    assert same("(Кувейт OR Катар) посол", "Кувейт OR Катар посол")
    assert same("посол NOT (Индия OR Китай)", "посол -Индия -Китай")
    # «не» and «not» in lower case are words: a phrase may need them.
    assert parse("не подписан").must[0][0].slots == (("не",),)
    assert parse('"AND"').must and parse('"ИЛИ"').must


def test_or_binds_tighter_than_and():
    tq = parse("посол Кувейт OR Катар")
    assert [len(c) for c in tq.must] == [1, 2]


def test_prefix_search():
    tq = parse("Нефт*")
    (term,), = tq.must
    assert term.prefix and term.slots == (("нефт",),) and term.word == "Нефт*"
    assert tq.highlight_prefixes() == ("нефт",) and tq.highlight_terms() == frozenset()
    assert parse("ёлк*").must[0][0].slots == (("елк",),)
    assert parse("-инвест*").must_not[0].prefix
    assert not parse('"нефт*"').must[0][0].prefix  # inside quotes «*» is not an operator


def test_short_prefix_is_a_word_and_says_so():
    tq = parse("а* посол")
    assert not tq.must[0][0].prefix and any("не меньше 3 букв" in n for n in tq.notes)


def test_normalized_query_reads_back_the_same():
    for text in ["посол Кувейт or Катар -Индия нефт*", '"посол Казахстана" И Япония', "НЕ Турция посол"]:
        tq = parse(text)
        assert same(tq.normalized(), text), (text, tq.normalized())
    assert parse("посол Кувейт or Катар НЕ Индия нефт*").normalized() == "посол Кувейт OR Катар нефт* -Индия"


def test_what_was_cut_or_ignored_is_said():
    assert "учтены первые 1000" in parse("посол " * 300).notes[0]
    assert any("«*»" in n for n in parse("посол *").notes)
    assert any("OR" in n for n in parse("OR посол").notes)
    assert any("NOT" in n for n in parse("посол NOT").notes)
    assert any("учтены первые 32" in n for n in parse(" ".join(f"w{i}" for i in range(40))).notes)
    assert parse("посол Кувейт").notes == ()


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


def test_prepositions_conjunctions_and_particles_are_not_required_unless_quoted_or_alone():
    tq = parse("переговоры с Катаром по поставкам газа")
    assert [t.word for c in tq.must for t in c] == ["переговоры", "Катаром", "поставкам", "газа"]
    assert "«с», «по»" in tq.notes[0]
    assert parse('"по"').must[0][0].slots == (("по",),) and parse("по").must  # quoted or alone: searched
    assert [t.word for c in parse("Катар OR по").must for t in c] == ["Катар", "по"]  # joined by OR: kept
    assert parse("не подписан").must[0][0].slots == (("не",),)  # a negation is kept
