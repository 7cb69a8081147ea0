"""Which foreign countries an event concerns: names in any case, adjectives, cities → ISO codes.

Country names come from CLDR (babel) plus our alias table; adjectives and cities are
our own tables in `indexer/data/`. Everything is compared as lemma sequences, so
«Южно-Африканской Республике», «ЮАР», «южноафриканский», «Кейптауне» all give ZA.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from babel import Locale

from eventstore.countries import NOT_COUNTRIES
from eventstore.text import Token, lemma, tokens

HOME = "KZ"
_NOT_COUNTRIES = NOT_COUNTRIES
_MAX_WORDS = 6
# An adjective right before these is about a language, a people or a region, not a state.
_ADJ_NOT_STATE = {"язык", "литература", "культура", "кухня", "диаспора", "происхождение"}


def _rows(name: str):
    text = resources.files("indexer").joinpath("data", name).read_text("utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            code, value = line.split("\t", 1)
            yield code.strip(), value.strip()


def _key(name: str) -> tuple[str, ...]:
    return tuple(lemma(t.text) for t in tokens(name))


@lru_cache(maxsize=1)
def gazetteer() -> dict[tuple[str, ...], str]:
    """Lemma sequence of a country or city name → ISO code."""
    table: dict[tuple[str, ...], str] = {}
    for code, name in Locale("ru").territories.items():
        if re.fullmatch(r"[A-Z]{2}", code) and code not in _NOT_COUNTRIES:
            table.setdefault(_key(re.sub(r"\s*\(.*?\)|\s+-\s+.*", "", name)), code)
    for file in ("country_aliases.tsv", "cities.tsv"):
        for code, name in _rows(file):
            table.setdefault(_key(name), code)
    table.pop((), None)
    return table


@lru_cache(maxsize=1)
def adjectives() -> dict[str, str]:
    """Adjective lemma → ISO code, with the compound stem («индийско») too."""
    table: dict[str, str] = {}
    for code, adj in _rows("country_adjectives.tsv"):
        table[adj] = code
        if adj.endswith("ий"):
            table[adj[:-2] + "о"] = code  # казахско-индийский ← индийско-казахстанский
    for home in ("казахстанский", "казахский", "казахстанско", "казахско"):
        table[home] = HOME
    return table


def find_countries(text: str, skip: list[tuple[int, int]] = (), toks: tuple[Token, ...] | None = None) -> list[str]:
    """ISO codes of foreign countries mentioned in `text`, in order of first mention.

    `skip`: character spans (person names) where a word is not a place («София», «Вашингтон»);
    `toks`: the text's `tokens`, if already made.
    """
    if not skip and toks is None:
        return list(_countries_of(text))
    return _find(text, skip, toks)


@lru_cache(maxsize=16_384)  # titles, spans and paragraphs are asked about again and again
def _countries_of(text: str) -> tuple[str, ...]:
    return tuple(_find(text, (), None))


def _find(text: str, skip, toks) -> list[str]:
    found: list[str] = []
    for code, *_ in country_hits(text, skip, toks):
        if code not in found:
            found.append(code)
    return found


def country_hits(text: str, skip=(), toks: tuple[Token, ...] | None = None) -> list[tuple[str, int, int, str]]:
    """Every mention behind `find_countries`: (code, start, stop, rule) in text order, rule one of
    "country:name", "country:city", "country:stem" (a form cut to its stem), "country:adjective"."""
    toks = [t for t in (tokens(text) if toks is None else toks) if not any(a <= t.start and t.stop <= b for a, b in skip)]
    lemmas = [lemma(t.text) for t in toks]
    found: list[tuple[str, int, int, str]] = []
    gaz, adj = gazetteer(), adjectives()
    i = 0
    while i < len(toks):
        region = _region_at(toks, lemmas, i)
        if region:
            i += region
            continue
        code, width = _name_at(toks, lemmas, i, gaz)
        if code and _not_a_state_here(lemmas, i):
            code = None
        codes = [code] if code else _adjectives_at(lemmas, i, adj)
        rule = _rule(tuple(lemmas[i:i + width])) if code else "country:adjective"
        for code in codes:
            if code != HOME:
                found.append((code, toks[i].start, toks[i + max(width, 1) - 1].stop, rule))
        i += width or 1
    return found


def _rule(key: tuple[str, ...]) -> str:
    """How a name was known: a country's name, a city's, or only by its stem."""
    if key not in gazetteer():
        return "country:stem"
    return "country:city" if key in _city_keys() else "country:name"


@lru_cache(maxsize=1)
def _city_keys() -> frozenset[tuple[str, ...]]:
    """Names that are in the gazetteer only as cities (a country's own name wins)."""
    countries = {_key(re.sub(r"\s*\(.*?\)|\s+-\s+.*", "", name)) for name in Locale("ru").territories.values()}
    countries |= {_key(name) for _, name in _rows("country_aliases.tsv")}
    return frozenset(_key(name) for _, name in _rows("cities.tsv")) - countries


@lru_cache(maxsize=1)
def regions() -> frozenset[tuple[str, ...]]:
    """Lemma sequences of regions, seas and oceans (indexer/data/regions.tsv)."""
    text = resources.files("indexer").joinpath("data", "regions.tsv").read_text("utf-8")
    return frozenset(_key(line.strip()) for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _region_at(toks: list[Token], lemmas: list[str], i: int) -> int:
    """How many words a region name starting at i takes («Латинской Америки» → 2), else 0."""
    if not toks[i].text[:1].isupper():
        return 0
    table = regions()
    return next((w for w in range(min(4, len(toks) - i), 0, -1) if tuple(lemmas[i:i + w]) in table), 0)


_DIRECTIONS = {"северный", "южный", "западный", "восточный", "центральный"}


def _not_a_state_here(lemmas: list[str], i: int) -> bool:
    """«Северной Ирландии» (a part of another state), «департамент стран Америки» (an MFA department)."""
    before = lemmas[max(0, i - 2) : i]
    return bool(before and before[-1] in _DIRECTIONS) or "департамент" in before


def _name_at(toks: list[Token], lemmas: list[str], i: int, gaz) -> tuple[str | None, int]:
    # Names are proper nouns: the first word must be capitalized («Того» the country, not «того»).
    if not toks[i].text[:1].isupper():
        return None, 0
    for width in range(min(_MAX_WORDS, len(toks) - i), 0, -1):
        code = gaz.get(tuple(lemmas[i : i + width]))
        if code:
            return code, width
    code = stems().get(_stem(toks[i].text)) or _merged_cities(toks[i].text)
    return (code, 1) if code else (None, 0)


def _merged_cities(word: str) -> str | None:
    """«Антверпен-Брюгге»: a port or city named by two joined names, one of them a city we know."""
    parts = word.split("-")
    if len(parts) < 2 or not all(p[:1].isupper() for p in parts):
        return None
    codes = {c for p in parts if (c := city_stems().get(_stem(p)))}
    return codes.pop() if len(codes) == 1 else None


@lru_cache(maxsize=1)
def city_stems() -> dict[str, str]:
    return {_stem(name): code for code, name in _rows("cities.tsv") if " " not in name and "-" not in name}


_ENDING = re.compile(r"(ом|ем|ой|ей|е|а|у|ю|я|ы|и|ь|й)$")


def _stem(word: str) -> str:
    """«Эр-Рияде», «Тяньцзине» → the form pymorphy3 does not lemmatize back: cut one case ending."""
    w = word.lower().replace("ё", "е")
    return _ENDING.sub("", w) if len(w) > 4 else w


@lru_cache(maxsize=1)
def stems() -> dict[str, str]:
    """One-word foreign city and country names by stem, for oblique forms the dictionary does not know."""
    table: dict[str, str] = {}
    for key, code in gazetteer().items():
        if len(key) == 1 and len(key[0]) > 4:
            table.setdefault(_stem(key[0]), code)
    for code, name in _rows("cities.tsv"):
        if " " not in name and len(name) > 4:
            table.setdefault(_stem(name), code)
    return table


def _adjectives_at(lemmas: list[str], i: int, adj) -> list[str]:
    """Countries of an adjective, each part of a compound («польско-белорусской» → PL, BY)."""
    parts = lemmas[i].split("-")
    nxt = lemmas[i + 1] if i + 1 < len(lemmas) else ""
    if nxt in _ADJ_NOT_STATE:
        return []
    code = adj.get(lemmas[i])
    if code:
        return [code]
    found = []
    for part in parts if len(parts) > 1 else ():
        code = adj.get(part) or adj.get(lemma(part))
        if code and code not in found:
            found.append(code)
    return found
