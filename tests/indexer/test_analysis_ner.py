"""natasha once per text; morphology only where a case is read, with the tags of a full run."""
from pathlib import Path

import pytest

from indexer.analysis import ner
from indexer.release import read_release

RELEASES = sorted((Path(__file__).parent.parent / "data" / "releases").glob("*.txt"))


def full_run_cases(text: str) -> dict[tuple[int, int], tuple]:
    """Every entity's cases as natasha's own pipeline gives them (every sentence tagged)."""
    from natasha import Doc

    segmenter, tagger, morph = ner.load()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    doc.tag_morph(morph)
    return {(s.start, s.stop): tuple(t.feats.get("Case") if t.feats else None for t in s.tokens) for s in doc.spans}


@pytest.mark.parametrize("path", RELEASES[::6], ids=lambda p: p.name)
def test_cases_read_lazily_are_those_of_a_full_run(path):
    text = "\n".join(read_release(path).paragraphs)
    expected = full_run_cases(text)
    parsed = ner.parse(text)
    assert [(x.start, x.stop) for x in parsed.entities] == list(expected)
    # Read in reverse order: places and organizations first, before the persons' batch.
    for x in reversed(parsed.entities):
        assert len(x.cases) == len(expected[x.start, x.stop])
        assert tuple(x.cases) == expected[x.start, x.stop]


def test_sentences_without_a_person_are_not_tagged_until_read():
    text = ("Посол Казахстана Азамат Ескараев встретился с министром. "
            "Стороны обсудили поставки зерна в Египет. "
            "Вечером в Каире состоялся прием.")
    parsed = ner.parse(text)
    person = next(x for x in parsed.entities if x.type == "PER")
    places = [x for x in parsed.entities if x.type == "LOC"]
    morph = person.cases._morph
    assert places and not morph.tagged
    assert person.cases[0] == "Nom"
    assert len(morph.tagged) == 1  # the person's sentence only
    assert places[-1].cases[0] == "Loc"  # «в Каире»: its sentence is tagged when read
    assert len(morph.tagged) == 2


def test_cases_behave_as_a_tuple():
    x = next(x for x in ner.parse("Министр Ерлан Карин выступил.").entities if x.type == "PER")
    assert len(x.cases) == 2
    assert x.cases == ("Nom", "Nom") and hash(x.cases) == hash(("Nom", "Nom"))
    assert x.cases[:1] + (None,) == ("Nom", None) and (None,) + x.cases == (None, "Nom", "Nom")
