import razdel

from eventstore.text import lemma, query_slots, surname_stem, terms, text_terms, tokens, tokens_between


def test_lemmas_are_lower_case_with_yo_folded():
    assert lemma("Послом") == lemma("посла") == "посол"
    assert lemma("Кувейте") == "кувейт"
    assert lemma("Торбьёрн") == lemma("Торбьерн")


def test_compound_words_give_the_whole_and_the_parts():
    assert terms("казахско-индийского") == ("казахско-индийский", "казахско", "индийский")


def test_surnames_in_any_case_share_one_term():
    assert {surname_stem(w) for w in ("Сагиновой", "Сагинова", "Сагиновым", "Сагинову")} == {"сагинов"}
    assert surname_stem("послом") is None  # not -ов/-ев/-ин: no surname reading


def test_person_tokens_use_the_surname_rule_and_queries_accept_both():
    text = "с Жанной Сагиновой"
    doc_terms = text_terms(text, [(2, len(text))])
    assert "сагинов" in doc_terms
    assert any("сагинов" in slot for slot in query_slots("Сагинова"))


def test_punctuation_is_not_a_term():
    assert text_terms("«Xander Group», 14-15 февраля!") == ["xander", "group", "14-15", "14", "15", "февраль"]


def test_tokens_of_a_paragraph_slice_equal_tokens_of_the_whole_text_inside_it():
    paragraphs = ["«Посол А.Ескараев» – встретился 14-15 февраля!", "Товарооборот: 361,6 млн долл. (рост 5%).",
                  "- Казахско-индийского форума…", "O'Neil, e-mail: info@mfa.kz"]
    body = "\n".join(paragraphs)
    raw = [(t.start, t.stop, t.text) for t in razdel.tokenize(body)]
    lo = 0
    for i, par in enumerate(paragraphs):
        for j in range(i, len(paragraphs)):
            hi = lo + len("\n".join(paragraphs[i:j + 1]))
            assert tokens_between(raw, lo, hi) == tokens(body[lo:hi])
        lo += len(par) + 1


def test_a_letter_unicodedata_cannot_name_does_not_break_analysis():
    from eventstore.text import lemma, query_slots

    odd = "\U00017000"  # a letter with no name in this Python's Unicode tables
    assert terms(f"Али-{odd}ом")[0].startswith("али")
    assert lemma(f"слово{odd}")
    assert query_slots(f"мир-{odd}")
