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
    abbreviation = _abbreviation(span_text)
    quoted = _quoted(span_text)
    text = re.sub(r"\s*\([^)]*\)\s*$", "", span_text.strip(" «»\"'"))
    text = re.sub(r"[«»\"]", "", LEGAL_FORM.sub("", text))  # «АО «НК «Қазақстан темір жолы»» → the name
    words = text.split()
    while words and lemma(words[0]) in _TITLE_LEMMAS:
        words = words[1:]
    while words and lemma(words[-1]) in _TITLE_LEMMAS | {"профессор", "доктор"}:
        words = words[:-1]  # «Университет Осло профессором»: the title of the person after it
    if not words:
        return None
    text = " ".join(words)
    key = _key(text)
    table = aliases()
    if key in table:
        return table[key]
    if key[:1] == ("мид",) or key[:3] == ("министерство", "иностранный", "дело"):
        return foreign_ministry(words[1:] if key[:1] == ("мид",) else words[3:])
    affairs = _foreign_affairs(key)
    if affairs is not None:
        # «Федеральное министерство иностранных дел Германии», «Министерство иностранных и европейских
        # дел Словакии», «Федеральный департамент иностранных дел Швейцарии»: a foreign ministry by its long name.
        return foreign_ministry(words[affairs:])
    if abbreviation:
        # «Организация по запрещению химического оружия (ОЗХО)»: known by its abbreviation.
        return table.get(_key(abbreviation), abbreviation)
    if _a_format(text):
        return None
    parent = None if key[0] == "департамент" else _parent(_key(span_text))  # «Исполнительного комитета СНГ»
    if parent:
        return parent
    if not words[0][:1].isupper() and not re.match(r"[A-Za-z]", words[0]):
        return None  # a lowercase description («торговой палаты Дубая») names no body
    if _generic(words, key) or _a_region(key) or key[0] in _FACILITIES or _a_facility(words) and not quoted:
        return None
    return text if quoted else _nominative_head(words)


# Plants are places, not bodies: «для АЭС «Пакш»», «Павлодарского нефтехимического завода».
_FACILITIES = {"аэс", "тэц", "гэс", "грэс"}
_FACILITY_HEADS = {"завод", "комбинат", "месторождение", "электростанция", "терминал", "рудник", "фабрика"}


def _a_facility(words: list[str]) -> bool:
    head = next((p for w in words for p in parses(w.lower())[:1] if p.tag.POS == "NOUN"), None)
    return head is not None and head.normal_form in _FACILITY_HEADS


def _a_format(text: str) -> bool:
    """«Центральная Азия – ССАГПЗ», «Центральная Азия + Япония»: a dialogue format opened by a region
    or a state names its parties, not a body."""
    from indexer.analysis.countries import regions

    m = re.match(r"(.+?)\s+[–—+-]\s+\S", text)
    return bool(m) and (_key(m.group(1)) in regions() or _a_state(m.group(1)))
# The head nouns of a foreign ministry's long name: ministry, department, secretariat, office.
_AFFAIRS_HEADS = {"министерство", "департамент", "секретариат", "ведомство"}


def _foreign_affairs(key: tuple[str, ...]) -> int | None:
    """Where the country starts after «… иностранных [и европейских] дел» of a ministry-like head."""
    if not _AFFAIRS_HEADS & set(key[:2]):
        return None
    i = _sub(key, ("иностранный",))
    if i is None:
        return None
    stop = next((j for j in range(i + 1, min(i + 5, len(key))) if key[j] == "дело"), None)
    return stop + 1 if stop is not None else None


def _abbreviation(span_text: str) -> str | None:
    """«… (ОЗХО)», «… (ТюркПА)»: the abbreviation in parentheses after a name."""
    m = re.search(r"\(\s*([А-ЯЁ][А-ЯЁа-яё]{1,9})\s*\)\s*$", span_text)  # Latin ones are companies' (JBIC)
    if m and sum(c.isupper() for c in m.group(1)) >= 2:
        return m.group(1)
    return None


def _quoted(span_text: str) -> bool:
    """The whole name stands in quotes, after a legal form or not: «АО «Национальные электрические
    сети Узбекистана»» — quoted names do not decline."""
    t = span_text.strip()
    m = LEGAL_FORM.match(t)
    rest = t[m.end():] if m and re.search(r"[«\"]", m.group()) else t[1:] if t[:1] in "«\"" else None
    return rest is not None and bool(rest) and not re.search(r"[«\"]", rest.rstrip("»\" "))


@lru_cache(maxsize=1)
def known_orgs() -> frozenset[str]:
    """Canonical names of the table's organizations (not Kazakhstan's MFA)."""
    return frozenset(aliases().values()) - {"МИД Казахстана"}


def named_orgs(toks) -> list[tuple[int, int, str]]:
    """(start, stop, canonical name) of the organizations of our table named in a text's tokens, whether or
    not natasha saw them («с Африканским союзом», «депутат Мажилиса», «между Казахстаном и ЕС»)."""
    table, found = _by_first_word(), []
    words = [lemma(t.text) for t in toks]
    i = 0
    while i < len(toks):
        width = 0
        for key in table.get(words[i], ()):
            if tuple(words[i:i + len(key)]) == key and toks[i].text[:1].isupper() \
                    and not _country_after(tuple(words), i + len(key)):
                found.append((toks[i].start, toks[i + len(key) - 1].stop, aliases()[key]))
                width = len(key)
                break
        i += width or 1
    return found


@lru_cache(maxsize=1)
def _by_first_word() -> dict[str, list[tuple[str, ...]]]:
    """The alias table's names by their first word, longest first (Kazakhstan's MFA is left to natasha:
    «внешнеполитическое ведомство» may be any country's)."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for key, canon in aliases().items():
        if canon != "МИД Казахстана" and key:
            out.setdefault(key[0], []).append(key)
    for keys in out.values():
        keys.sort(key=len, reverse=True)
    return out


def _a_region(key: tuple[str, ...]) -> bool:
    from indexer.analysis.countries import regions

    return key in regions()


def _sub(key: tuple[str, ...], part: tuple[str, ...]) -> int | None:
    return next((i for i in range(len(key) - len(part) + 1) if key[i:i + len(part)] == part), None)


def _parent(key: tuple[str, ...]) -> str | None:
    """The organization an organ belongs to: «Совет Безопасности ООН», «Секретариата ЛАГ», «Комиссии
    Африканского союза», «Комитет сотрудничества Казахстан – ЕС» → the organization named inside."""
    table = aliases()
    for i in range(len(key)):
        for j in range(len(key) - (i == 0), i, -1):  # «ООН для Азии и Тихого океана» too
            if key[i:j] in table and table[key[i:j]] != "МИД Казахстана" and not _country_after(key, j):
                return table[key[i:j]]
    return None


def _country_after(key: tuple[str, ...], j: int) -> bool:
    """«Сената Испании»: a body of our table's kind followed by a country is that country's own."""
    from indexer.analysis.countries import find_countries

    return j < len(key) and bool(find_countries(key[j].capitalize()))


# Organs named by what they are, not by a name of their own: «Межправительственная комиссия»,
# «Рабочая группа», «Совет национальных координаторов», «Европейское бюро»; departments belong to a ministry.
_ORGAN_NOUNS = {"совет", "комитет", "комиссия", "группа", "бюро", "секретариат", "отделение", "организация",
                "коллегия", "исполком", "президиум", "правление",
                "консульство", "генконсульство", "посольство", "представительство", "подкомиссия", "делегация"}


def _generic(words: list[str], key: tuple[str, ...]) -> bool:
    if "департамент" in key[:2]:
        from indexer.analysis.countries import find_countries

        return not find_countries(" ".join(words[1:]))  # a ministry's department; «… Австралии» is a body
    head = next((k for k, w in zip(key, words) if parses(w.lower())[0].tag.POS == "NOUN"), None)
    if head not in _ORGAN_NOUNS:
        return False
    if head == "делегация":
        return True  # «Казахстанская делегация»: people, not a body
    # A name of its own shows as a capitalized word after the first, Latin letters or an abbreviation —
    # not the countries the organ joins («Совместная группа … Казахстан – Турция»).
    own = [w for w in words[1:] if w[:1].isupper() or re.search(r"[A-Za-z]", w)]
    joins = all(_a_state(w) for w in own) and (len(own) > 1 or _ours(own[0])) if own else True
    return joins and not words[0].isupper()


def _ours(word: str) -> bool:
    return lemma(word) in ("казахстан", "рк")


def _a_state(word: str) -> bool:
    from indexer.analysis.countries import find_countries

    return bool(find_countries(word)) or _ours(word)


def foreign_ministry(rest: list[str]) -> str:
    """«МИД Турции», «Министерства иностранных дел Японии» → «МИД <country, genitive>»; Kazakhstan's
    own — named so, or not named at all, as a Kazakh release does («в МИД прошла встреча») — «МИД Казахстана»."""
    from indexer.analysis.countries import HOME, find_countries

    codes = find_countries(" ".join(rest)) if rest else []
    code = HOME if not codes else codes[0]
    name = _SHORT.get(code) or country_label(code)
    # The text's own genitive when it writes the country's name («МИД Бангладеш», «МИД Филиппин»):
    # indeclinable and plural names are where inflecting the label goes wrong.
    written = rest[:len(name.split())]
    if code != HOME and len(written) == len(name.split()) and all(
            w.startswith(n[:-1]) for w, n in zip(written, name.split())):
        return f"МИД {' '.join(written)}".replace("ё", "е")
    return f"МИД {_SHORT.get(code) or genitive(name).replace('ё', 'е')}"


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
    names: set[int] = set()  # places in `out` of a person's name before the noun: no agreement
    for i, w in enumerate(words):
        if not re.search(r"[а-яё]", w.lower()) or w.isupper() or re.search(r".[A-ZА-ЯЁ]", w):
            return " ".join(out + words[i:])  # «ТюркПА», «КазТрансОйл»: written as it is named
        options = parses(w.lower())
        last = i == len(words) - 1
        # A lone or last word is the head noun, not an adjective («Росатом»).
        p = (None if last else next((q for q in options if q.tag.POS == "ADJF"), None)) or next(
            (q for q in options if q.tag.POS == "NOUN"), options[0]
        )
        named = next((q for q in options if {"Surn", "Name"} & set(q.tag.grammemes)), None)
        if not last and named is not None and any(q.tag.POS == "NOUN" for q in parses(words[i + 1].lower())):
            out.append(_like(named.normal_form, w))  # «Карлова университета», «Назарбаев Университетом»
            names.add(len(out) - 1)
            continue
        if p.tag.POS == "ADJF":
            out.append(_like(_inflect(p, {"nomn"}), w))
            continue
        if p.tag.POS == "NOUN":
            number = "plur" if "Pltm" in p.tag.grammemes or p.tag.number == "plur" else "sing"
            head = _inflect(p, {"nomn", number})
            # Adjectives agree with the head noun's gender.
            gender = parses(head)[0].tag.gender
            if gender and number == "sing":
                out = [a if k in names else _like(_inflect(parses(a.lower())[0], {"nomn", gender}), a)
                       for k, a in enumerate(out)]
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
