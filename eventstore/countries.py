"""Country codes ↔ Russian names (CLDR via babel), for facets, pages, exports and URL parameters.

`label` is CLDR's name; `short` the one a Russian newsroom writes (США, ОАЭ, КНР), shown in facets
and tags; `full_name` the official one (shown on hover); `code` reads a code or any of these names
back (`country=Кувейт` → KW).
"""
from __future__ import annotations

from functools import lru_cache

from babel import Locale

# Where CLDR's name is not the one Russian-language news uses.
SHORT = {
    "US": "США", "CN": "КНР", "KR": "Южная Корея", "KP": "КНДР", "CF": "ЦАР",
    "CD": "ДР Конго", "CG": "Республика Конго", "HK": "Гонконг", "MO": "Макао", "PS": "Палестина",
    "KG": "Кыргызстан", "BA": "Босния и Герцеговина", "ZA": "ЮАР",
}
# Other names a newsroom types for a country (accepted in filters and the curation file, never shown).
ALSO = {"РФ": "RU", "ФРГ": "DE", "Британия": "GB", "Англия": "GB", "Соединенное Королевство": "GB",
        "Корея": "KR", "Штаты": "US", "Америка": "US", "Эмираты": "AE", "Чехия": "CZ", "Молдавия": "MD"}
FULL = {
    "US": "Соединённые Штаты Америки", "AE": "Объединённые Арабские Эмираты",
    "CN": "Китайская Народная Республика", "GB": "Соединённое Королевство Великобритании и Северной Ирландии",
    "KR": "Республика Корея", "KP": "Корейская Народно-Демократическая Республика",
    "ZA": "Южно-Африканская Республика", "CF": "Центральноафриканская Республика",
    "CD": "Демократическая Республика Конго", "CG": "Республика Конго", "RU": "Российская Федерация",
    "HK": "Гонконг, специальный административный район КНР", "MO": "Макао, специальный административный район КНР",
    "PS": "Государство Палестина", "KG": "Кыргызская Республика", "VA": "Ватикан (Святой Престол)",
}


# CLDR territories that are no country a release can be "about" (EU, UN, ZZ «unknown region»…).
NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "AC", "CP", "DG", "EA", "IC", "TA", "CQ", "ZZ"})


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    return {code: name for code, name in Locale("ru").territories.items() if code.isalpha() and len(code) == 2}


def label(code: str) -> str:
    """CLDR's Russian name of a country («JP» → «Япония»); unknown codes as given. The indexer builds
    names from it («МИД Китая»), so it stays CLDR's; pages show `short`."""
    return _names().get(code, code)


def short(code: str) -> str:
    """The name a Russian newsroom writes («US» → «США», «CN» → «КНР», «JP» → «Япония»)."""
    return SHORT.get(code) or label(code)


def full_name(code: str) -> str:
    """The official name («AE» → «Объединённые Арабские Эмираты»), or the label."""
    return FULL.get(code) or label(code)


def _key(name: str) -> str:
    return " ".join(name.lower().replace("ё", "е").split())


@lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    """Every name we know (short, full, CLDR Russian and English, the code) → the code."""
    out: dict[str, str] = {}
    english = Locale("en").territories
    for code, name in _names().items():
        if code in NOT_COUNTRIES:
            continue
        for n in (code, name, english.get(code, ""), SHORT.get(code, ""), FULL.get(code, "")):
            if n:
                out.setdefault(_key(n), code)
    for n, code in ALSO.items():
        out.setdefault(_key(n), code)
    return out


def code(value: str) -> str | None:
    """«KW», «kw», «Кувейт», «Kuwait», «США» → the ISO code; None if it names no country."""
    return _codes().get(_key(value))


def names(code: str) -> list[str]:
    """Every name of a country we show or accept (for filtering a list by a few letters)."""
    english = Locale("en").territories.get(code, "")
    return [n for n in dict.fromkeys((short(code), full_name(code), label(code), english, code)) if n]


@lru_cache(maxsize=None)
def terms_of(code: str) -> tuple[str, ...]:
    """The index terms of the names a page shows for a country (its short and CLDR names; not the full
    official one, whose «республика», «королевство» would match half the world): an event about
    Japan found by its adjective or its capital is found by typing «Япония» or «Японии» too."""
    from eventstore.text import terms, tokens

    out: dict[str, None] = {}
    for name in (short(code), label(code)):
        for token in tokens(name):
            out.update(dict.fromkeys(terms(token.text)))
    return tuple(out)

