"""Organization spans → canonical nominative names («Министерства иностранных дел» → «МИД»)."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from eventstore.countries import label as country_label
from eventstore.text import lemma, parses, tokens

# Words natasha sometimes pulls into an ORG span: a person's title, not the organization.
_TITLE_LEMMAS = {
    "вице-председатель", "председатель", "директор", "министр", "глава", "руководитель",
    "член", "представитель", "посол", "заместитель", "секретарь", "генеральный", "исполнительный",
}


# Legal forms before a company's name in quotes: «АО «НК «Қазақстан темір жолы»», «НПП «Атамекен»».
LEGAL_FORM = re.compile(r"^(?:(?:АО|АҚ|НК|НАК|ТОО|ЖШС|ОАО|ЗАО|ПАО|ООО|НПП)\s*[«\"]?\s*)+")


def _key(name: str) -> tuple[str, ...]:
    return tuple(lemma(t.text) for t in tokens(name))


@lru_cache(maxsize=1)
def aliases() -> dict[tuple[str, ...], str]:
    text = resources.files("indexer").joinpath("data", "org_aliases.tsv").read_text("utf-8")
    table = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            canon, variant = line.split("\t", 1)
            table[_key(variant)] = canon
            table[_key(canon)] = canon
    return table


@lru_cache(maxsize=65_536)
def canonical_org(span_text: str) -> str | None:
    """Nominative, alias-folded name; None when nothing organization-like is left.

    Cached, like `nominative_head`: the same names recur in release after release, and
    pymorphy3's inflection was the largest cost of our own analysis after razdel.
    """
    text = re.sub(r"\s*\([^)]*\)\s*$", "", span_text.strip(" «»\"'"))
    words = text.split()
    while words and lemma(words[0]) in _TITLE_LEMMAS:
        words = words[1:]
    if not words:
        return None
    text = " ".join(words)
    key = _key(text)
    table = aliases()
    if key in table:
        return table[key]
    if key[:1] == ("мид",) or key[:3] == ("министерство", "иностранный", "дело"):
        return foreign_ministry(words[1:] if key[:1] == ("мид",) else words[3:])
    return _nominative_head(words)


def foreign_ministry(rest: list[str]) -> str:
    """«МИД Турции», «Министерства иностранных дел Японии» → «МИД <country, genitive>»; Kazakhstan's
    own — named so, or not named at all, as a Kazakh release does («в МИД прошла встреча») — «МИД Казахстана»."""
    from indexer.analysis.countries import HOME, find_countries

    codes = find_countries(" ".join(rest)) if rest else []
    code = HOME if not codes else codes[0]
    return f"МИД {_SHORT.get(code) or genitive(country_label(code)).replace('ё', 'е')}"


# Countries whose ministry is named by an abbreviation («МИД США»), not by the inflected full name.
_SHORT = {"US": "США", "AE": "ОАЭ", "GB": "Великобритании", "KR": "Республики Корея", "KP": "КНДР"}


@lru_cache(maxsize=1024)
def genitive(name: str) -> str:
    """«Саудовская Аравия» → «Саудовской Аравии»: leading adjectives and the head noun in the genitive."""
    out: list[str] = []
    words = name.split()
    for i, w in enumerate(words):
        if w.isupper() or not re.search(r"[а-яё]", w.lower()):
            return " ".join(out + words[i:])
        options = parses(w.lower())
        adjective = re.search(r"(ая|яя|ое|ее|ые|ие|ый|ий|ой)$", w.lower())
        p = (adjective and next((q for q in options if q.tag.POS == "ADJF"), None)) or next(
            (q for q in options if q.tag.POS == "NOUN"), options[0])
        if p.tag.POS == "ADJF":
            out.append(_like(_inflect(p, {"gent"}), w))
            continue
        number = "plur" if "Pltm" in p.tag.grammemes or p.tag.number == "plur" else "sing"
        out.append(_like(_inflect(p, {"gent", number}), w))
        return " ".join(out + words[i + 1:])
    return " ".join(out)


@lru_cache(maxsize=65_536)
def nominative_head(name: str) -> str:
    """«Кейптауна» → «Кейптаун»: a place or organization name with its head in the nominative."""
    return _nominative_head(name.split())


def _nominative_head(words: list[str]) -> str:
    """Put leading adjectives and the head noun in the nominative; dependents stay as written."""
    out: list[str] = []
    for i, w in enumerate(words):
        if not re.search(r"[а-яё]", w.lower()) or w.isupper():
            return " ".join(out + words[i:])
        options = parses(w.lower())
        p = next((q for q in options if q.tag.POS == "ADJF"), None) or next(
            (q for q in options if q.tag.POS == "NOUN"), options[0]
        )
        if p.tag.POS == "ADJF":
            out.append(_like(_inflect(p, {"nomn"}), w))
            continue
        if p.tag.POS == "NOUN":
            number = "plur" if "Pltm" in p.tag.grammemes or p.tag.number == "plur" else "sing"
            head = _inflect(p, {"nomn", number})
            # Adjectives agree with the head noun's gender.
            gender = parses(head)[0].tag.gender
            if gender and number == "sing":
                out = [_like(_inflect(parses(a.lower())[0], {"nomn", gender}), a) for a in out]
            out.append(_like(head, w))
            return " ".join(out + words[i + 1 :])
        return " ".join(out + words[i:])
    return " ".join(out)


def _inflect(parse, grammemes: set[str]) -> str:
    form = parse.inflect(grammemes)
    return form.word if form else parse.word


def _like(word: str, original: str) -> str:
    if "-" in word and word.count("-") == original.count("-"):
        return "-".join(_like(a, b) for a, b in zip(word.split("-"), original.split("-")))
    return word[:1].upper() + word[1:] if original[:1].isupper() else word
