"""Word families for the search box: a noun typed finds its relational adjective and back.

A journalist types «нефть» and the releases write «нефтяной», «инвестиции» against
«инвестиционный», «энергетика» against «энергетический». Lemmas alone keep these apart, so a
typed word also matches the words made from the same stem by the few suffixes that make a
relational adjective («-ян-», «-ов-», «-ическ-», «-ионн-», «-тельн-», «-н-»…). Candidates are built
and the first one the dictionary knows as that part of speech (not as a name) is taken. Short
stems take only «-ов-» («газ» → «газовый»); known false friends («страна» → «странный», «часть» →
«частный») are left alone.
"""
from __future__ import annotations

from functools import lru_cache

from eventstore.text import parses

# Noun endings cut to reach the stem, longest first («инвестиция» → «инвестиц», «энергетика» → «энергет»).
_NOUN_ENDINGS = ("ение", "ание", "ство", "ция", "ика", "ия", "ля", "ь", "а", "я", "о", "е", "ы", "")
# What builds the adjective back on the stem (most common first: the first the dictionary knows wins,
# «экономика» → «экономический», not «экономный»), with its nominative endings.
_ADJ_SUFFIXES = ("", "ическ", "ск", "ционн", "ионн", "тельн", "альн", "ян", "ов", "ев", "н", "овск", "ческ")
_ADJ_ENDINGS = ("ый", "ий", "ой")
# Short stems only with the suffixes that keep them apart from other words («газ» → «газовый»).
_SHORT_STEM_SUFFIXES = ("ов", "ев", "овск")
_MIN_STEM = 4
# Pairs the rules make that mean something else.
_FALSE_FRIENDS = frozenset({
    "странный", "сторонний", "частный", "местный", "главный", "годный", "крайний", "временный",
    "советский", "встречный", "деловой", "летний", "верный", "мерный", "видный", "ценный", "годовой",
    "полный", "польский", "родной", "первый", "правый", "точный", "личный", "сель", "торг", "экономный",
    "мирный", "сильный", "видовой", "мировой", "домовой", "ходовой", "ключевой", "роль", "частый",
    "портальный", "главый", "центрический", "вопросный", "интересный", "космы", "сотруднический",
    "образный", "атомический", "делый", "сторона", "страновой", "цифра", "сферический",
})


@lru_cache(maxsize=65_536)
def family(lemma: str) -> tuple[str, ...]:
    """Another lemma of the typed word's family (the relational adjective of a noun, the noun of such
    an adjective); () when there is none or the word is something else."""
    if len(lemma) < 3 or not lemma.isalpha() or lemma in _FALSE_FRIENDS:
        return ()
    pos = _pos(lemma)
    found = _adjectives(lemma) if pos == "NOUN" else _nouns(lemma) if pos == "ADJF" else ()
    # A noun takes its first adjective; an adjective may come from two nouns («дипломатический»:
    # «дипломатия», «дипломатика») — both, since the dictionary cannot tell which the text meant.
    words = [w for w in dict.fromkeys(found) if w != lemma and w not in _FALSE_FRIENDS]
    return tuple(words[: 1 if pos == "NOUN" else 2])


def _long_enough(stem: str, suffix: str) -> bool:
    return len(stem) >= (3 if suffix in _SHORT_STEM_SUFFIXES else _MIN_STEM)


def _adjectives(noun: str):
    for ending in _NOUN_ENDINGS:
        if not noun.endswith(ending):
            continue
        stem = noun[: len(noun) - len(ending)]
        for suffix in _ADJ_SUFFIXES:
            if _long_enough(stem, suffix):
                for end in _ADJ_ENDINGS:
                    if _is(stem + suffix + end, "ADJF"):
                        yield stem + suffix + end


def _nouns(adjective: str):
    core = adjective[:-2]
    if adjective[-2:] not in _ADJ_ENDINGS:
        return
    for suffix in _ADJ_SUFFIXES:
        stem = core[: len(core) - len(suffix)]
        if core.endswith(suffix) and _long_enough(stem, suffix):
            for ending in _NOUN_ENDINGS:
                if _is(stem + ending, "NOUN"):
                    yield stem + ending


def _pos(word: str) -> str | None:
    """The word's part of speech as a lemma; None for names and places («Индия» is no «индиевый»)."""
    best = parses(word)[0]
    if best.normal_form != word or _ODD & set(best.tag.grammemes):
        return None
    return best.tag.POS


def _is(word: str, pos: str) -> bool:
    """The dictionary knows `word` as a lemma of this part of speech (not a guess from its ending)."""
    for p in parses(word)[:3]:
        if p.tag.POS == pos and p.normal_form == word and p.is_known and not _ODD & set(p.tag.grammemes):
            return True
    return False


# Names and abbreviations are no family: «Торговский» is a surname.
_ODD = {"Surn", "Name", "Patr", "Geox", "Orgn", "Abbr", "Trad", "Arch", "Slng", "Erro", "Dist"}
