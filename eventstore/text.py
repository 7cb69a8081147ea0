"""Words → search terms: the one pipeline shared by documents and queries.

A document and a query go through exactly the same functions, so whatever
form a word takes on either side («послом», «посла») it meets the other as
the same lemma («посол»). Only pymorphy3 and razdel are used here: the web
process imports this module and must start without natasha.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import razdel

_HAS_WORD = re.compile(r"[^\W_]")
_CYRILLIC = re.compile(r"[а-яё]")
# Anything but letters, digits and hyphens splits a word into parts («361,6», «O'Neil»).
_NOT_TERM = re.compile(r"[^\w-]|_")
_HYPHENS = re.compile(r"-{2,}")

_morph = None
_morph_lock = threading.Lock()


def morph():
    """The process-wide pymorphy3 analyzer (C DAWG via the [fast] extra)."""
    global _morph
    if _morph is None:
        with _morph_lock:
            if _morph is None:
                import pymorphy3

                _morph = pymorphy3.MorphAnalyzer(lang="ru")
    return _morph


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    stop: int


@lru_cache(maxsize=256)
def tokens(text: str) -> tuple[Token, ...]:
    """razdel tokens that carry a letter or a digit (punctuation dropped).

    Cached: a paragraph is tokenized to split events, then again as an event's text for its
    countries and its terms; razdel was the largest cost of our own analysis.
    """
    return tuple(
        Token(t.text, t.start, t.stop)
        for t in razdel.tokenize(text)
        if _HAS_WORD.search(t.text)
    )


def tokens_between(raw: list[tuple[int, int, str]], lo: int, hi: int) -> tuple[Token, ...]:
    """`tokens(text[lo:hi])` from razdel tokens of the whole `text` (already made by natasha).

    razdel never joins across whitespace, and an event starts and ends at a paragraph edge,
    so the slice's tokens are the whole text's tokens inside it, shifted.
    """
    first = bisect_left(raw, lo, key=lambda t: t[0])
    last = bisect_left(raw, hi, lo=first, key=lambda t: t[0])
    return tuple(Token(w, a - lo, b - lo) for a, b, w in raw[first:last] if b <= hi and _HAS_WORD.search(w))


def normalize(word: str) -> str:
    """Lower case, ё → е."""
    return word.lower().replace("ё", "е")


@lru_cache(maxsize=262_144)
def parses(word: str) -> tuple:
    """All pymorphy3 parses of a lower-cased word (cached: names and titles repeat a lot)."""
    try:
        return tuple(morph().parse(word))
    except ValueError:
        # pymorphy3 asks unicodedata for each letter's name; letters newer than this Python's
        # Unicode tables have none. Parse the word without them.
        return tuple(morph().parse("".join(ch for ch in word if _named(ch)) or "-"))


def _named(ch: str) -> bool:
    return bool(unicodedata.name(ch, ""))


@lru_cache(maxsize=262_144)
def lemma(word: str) -> str:
    """Most probable normal form of one word, normalized; non-Cyrillic words as is."""
    w = normalize(word)
    if not _CYRILLIC.search(w):
        return w
    return normalize(parses(w)[0].normal_form)


# Russian-style surnames in any case and gender: Сагиновой, Ахинжанову → сагинов, ахинжанов.
_SURNAME = re.compile(r"^(.{2,}?(?:ов|ев|ин|ын))(?:а|у|ым|ой|ою|ом|е|ы|ых|ыми)?$")


def surname_stem(word: str) -> str | None:
    """Masculine nominative of a -ов/-ев/-ин surname form, or None.

    pymorphy3 lemmatizes unknown surnames inconsistently across cases
    («Ахинжанов» → ахинжан, «Ахинжановым» → ахинжанов), so names get this rule.
    """
    m = _SURNAME.match(normalize(word))
    return m.group(1) if m else None


def _clean(word: str) -> str:
    return _HYPHENS.sub("-", _NOT_TERM.sub("-", word)).strip("-")


def _name_term(part: str) -> str:
    return surname_stem(part) or lemma(part)


@lru_cache(maxsize=262_144)
def terms(word: str, person: bool = False) -> tuple[str, ...]:
    """Index terms of one document token: its term, plus those of its hyphen parts.

    «казахско-индийского» → ('казахско-индийский', 'казахско', 'индийский'), so a
    search for «индийский» finds the compound, and a search for the compound
    (which expands the same way) matches it as a phrase. Tokens inside a
    person name (`person=True`, known from NER) use the surname rule.
    """
    w = _clean(word)
    if not w:
        return ()
    one = _name_term if person else lemma
    if "-" not in w:
        return (one(w),)
    return (one(w), *(one(p) for p in w.split("-") if p))


@lru_cache(maxsize=65_536)
def query_slots(word: str) -> tuple[tuple[str, ...], ...]:
    """What one query word may match: per term position, the alternative terms.

    A position accepts the word's lemma or, if it looks like a surname, the
    surname term, because the query has no NER to tell which one the
    documents used. A compound gives several positions (matched as a phrase).
    """
    w = _clean(word)
    if not w:
        return ()

    def alts(p: str) -> tuple[str, ...]:
        stem = surname_stem(p)
        lem = lemma(p)
        return (lem,) if stem in (None, lem) else (lem, stem)

    if "-" not in w:
        return (alts(w),)
    return (alts(w), *(alts(p) for p in w.split("-") if p))


def text_terms(text: str, person_spans: Iterable[tuple[int, int]] = (), toks: tuple[Token, ...] | None = None) -> list[str]:
    """The term stream of a text, in order (what the stores index).

    `person_spans` are (start, stop) character offsets of person names; `toks`, if given, are
    the text's `tokens` made elsewhere.
    """
    spans = sorted(person_spans)
    out: list[str] = []
    for t in tokens(text) if toks is None else toks:
        person = any(a <= t.start and t.stop <= b for a, b in spans)
        out.extend(terms(t.text, person))
    return out
