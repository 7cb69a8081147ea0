"""Topics of a set of events (a country's): the content words most distinctive of them.

A topic term is a lemma from the stores' term stream that can name a subject: a noun or an
adjective in Cyrillic, not a function word, not a place, person or organization name, not a country
name or a country's adjective («итальянский» says nothing about Italy's events). Elasticsearch
indexes each event's topic terms at write time (`topic_terms`); SQLite filters the stream it reads
with the same `is_topic`.

Distinctive: a term is scored by the log-odds ratio of an event holding it inside the set against
outside it, smoothed toward the whole store's rate (the «informative Dirichlet prior» of Monroe,
Colaresi & Quinn 2008, on document frequencies), less one standard error of that ratio. So a term
ranks high when it is much more frequent in the set and seen often enough to be sure of it: words
found everywhere («сотрудничество») score near zero, one-off words have a wide error. (The z-score
of the same ratio ranks the other way on large sets: a common word a few percent more frequent
there outranks a rarer, far more specific one.)
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from eventstore.search.aggregates import TermStats
from eventstore.text import lemma, morph, parses

PRIOR = 10.0  # pseudo-events of smoothing toward the store's rate
_WORD = re.compile(r"[а-яё]{3,}(?:-[а-яё]{2,})*")
_NAME_TAGS = ("Geox", "Name", "Surn", "Patr", "Orgn", "Trad", "Abbr", "Apro")  # names; «тот», «весь»
_KEEP_POS = ("NOUN", "ADJF")
# Country adjectives the prefix rule (`_country_stems`) misses: their stem is not the name's.
_DEMONYMS = frozenset("""
афганский армянский белорусский британский английский венгерский немецкий греческий датский
индийский кенийский кыргызский киргизский северокорейский южнокорейский корейский кубинский ливийский
литовский молдавский голландский нидерландский новозеландский норвежский эмиратский палестинский
польский саудовский саудовско-аравийский сирийский словацкий американский тайский турецкий узбекский
финский чешский чилийский шведский шриланкийский южноафриканский ганский
""".split())
# Titles say who met, not what about (and fill every role: «генеральный консул», «временный поверенный в делах»).
_TITLES = frozenset("""
посол посольство консул консульство генеральный чрезвычайный полномочный временный поверенный дело
министр министерство заместитель вице-министр первый председатель глава руководитель президент
вице-президент премьер-министр вице-премьер секретарь статс-секретарь советник директор департамент
представитель постоянный представительство атташе дипломат мэр губернатор вице-губернатор спикер
вице-спикер сенатор депутат вица иностранный
""".split())
# Words of the releases' set phrases: «стороны обсудили», «в ходе встречи», «в рамках», «по итогам», «принял участие».
_SET_PHRASES = frozenset("""
сторона собеседник встреча ход рамка итог участие вопрос внимание
""".split())
# Dates are not topics (a month can look distinctive of a country visited that month).
_CALENDAR = frozenset("""
январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь
зима весна лето осень понедельник вторник среда четверг пятница суббота воскресенье
""".split())
_STOP = _TITLES | _SET_PHRASES | _CALENDAR


@dataclass
class Topic:
    term: str
    count: int  # events of the set holding it (estimated when the store sampled)
    share: float  # of the set's events
    score: float


@lru_cache(maxsize=1)
def _countries() -> tuple[frozenset[str], tuple[str, ...]]:
    """(lemmas of the words of every country name, stems that begin their adjectives)."""
    from babel import Locale

    words, stems = set(), set()
    for code, name in Locale("ru").territories.items():
        if not (code.isalpha() and len(code) == 2):
            continue
        parts = name.lower().replace("ё", "е").replace("-", " ").split()
        for part in parts:
            term = lemma(part)
            if not _WORD.fullmatch(term):
                continue
            tag = parses(term)[0].tag
            if "Geox" in tag or (len(parts) == 1 and tag.POS == "NOUN"):
                words.add(term)
                stem = re.sub(r"(ия|[аеиоуыэюяйь])$", "", term)
                if len(stem) >= 4:
                    stems.add(stem[:5])
    return frozenset(words), tuple(sorted(stems))


def is_country_word(term: str) -> bool:
    """A country's name or adjective, or a compound with one («казахстанско-итальянский»)."""
    if "-" in term:
        return any(is_country_word(p) for p in term.split("-"))
    words, stems = _countries()
    if term in words or term in _DEMONYMS:
        return True
    return term.endswith(("ский", "цкий", "ско", "цко")) and term.startswith(stems)


@lru_cache(maxsize=262_144)
def is_topic(term: str) -> bool:
    if not _WORD.fullmatch(term) or term in _STOP or is_country_word(term):
        return False
    tag = parses(term)[0].tag
    return tag.POS in _KEEP_POS and not any(t in tag for t in _NAME_TAGS)


def name_like(term: str, names: frozenset[str]) -> bool:
    """Whether `term` is another form of one of these name terms: pymorphy3 guesses unknown names
    differently in each case («Мацуда» → мацуд, «Мацудой» → мацуда), so a term the dictionary does
    not know that differs from a name term only after its last-but-one letter is taken for it."""
    if term in names:
        return True
    for n in names:
        stem = n[:-1] if len(n) > 4 else n
        if term.startswith(stem) and len(term) <= len(n) + 3 and not morph().word_is_known(term):
            return True
    return False


def topic_terms(terms: list[str]) -> list[str]:
    """The distinct topic terms of one event's term stream, sorted."""
    return sorted({t for t in terms if is_topic(t)})


def distinctive(stats: TermStats, size: int = 15, min_count: int | None = None) -> list[Topic]:
    """The `size` terms of `stats` most distinctive of its foreground, best first."""
    n1, total = stats.fg_total, stats.bg_total
    if not n1 or not total:
        return []
    if min_count is None:
        min_count = 2 if n1 >= 5 else 1
    n2 = total - n1 if total > n1 else total  # the other events (all of them, if the set is everything)
    out = []
    for term, fg, bg in stats.rows:
        if fg < min_count:
            continue
        rest = max(bg - fg, 0.0) if total > n1 else bg
        p0 = min(max(bg / total, 1e-9), 1 - 1e-9)
        y1, y2 = fg + PRIOR * p0, rest + PRIOR * p0
        m1, m2 = n1 + PRIOR - y1, n2 + PRIOR - y2  # events without it, smoothed
        if m1 <= 0 or m2 <= 0:
            continue
        delta = math.log(y1 / m1) - math.log(y2 / m2)
        score = delta - math.sqrt(1 / y1 + 1 / m1 + 1 / y2 + 1 / m2)
        if score > 0:  # more frequent in the set even by a standard error less
            out.append(Topic(term, round(fg), fg / n1, score))
    out.sort(key=lambda t: (-t.score, t.term))
    return out[:size]
