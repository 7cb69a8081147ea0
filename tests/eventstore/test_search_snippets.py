from eventstore.search.snippets import snippet
from eventstore.query.parse import parse


def test_matched_word_forms_are_marked_and_the_rest_escaped():
    text = 'Посол <b>Казахстана</b> в Кувейте & "послы"'
    html = snippet(text, parse("послом кувейт").highlight_terms())
    assert html == '<mark>Посол</mark> &lt;b&gt;Казахстана&lt;/b&gt; в <mark>Кувейте</mark> &amp; &quot;<mark>послы</mark>&quot;'


def test_long_text_is_cut_around_the_match():
    text = "слово " * 200 + "Кувейт " + "слово " * 200
    html = snippet(text, parse("Кувейт").highlight_terms(), width=100)
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>Кувейт</mark>" in html and len(html) < 160


def test_no_terms_gives_the_start():
    assert snippet("Первое. Второе.", frozenset()) == "Первое. Второе."
