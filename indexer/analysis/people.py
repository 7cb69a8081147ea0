"""Which spans of an event are people taking part in it.

natasha's PER spans are the start; around them: persons split at a particle are joined («Рамон
дела Крус»), a name natasha calls a place or glues to an organization is taken back when a title
stands before it («с секретарем МИД Индии Викрамом Меноном», «КТЖ Н.Сарбасов»), a capitalized
word glued in front of a name is cut off («Азии Мустафой …», «Мавзолею Хо Ши Мина»), people named
in monuments, prizes or institutions are dropped, and a bare surname natasha missed is kept as a
tentative mention — a person only if the release or an earlier one knows that surname.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from eventstore.text import lemma, morph, parses, surname_stem
from indexer.analysis import ner
from indexer.analysis.countries import find_countries, gazetteer
from indexer.analysis.officials import PARTICLES
from indexer.analysis.sides import kazakh_organizations, title_before


@dataclass(frozen=True)
class Person:
    entity: ner.Entity
    floor: int  # where the text that may hold this person's title starts (after the previous name)
    tentative: bool = False  # a bare surname no tagger saw: a person only if the surname is known


def prepare(ents: list, text: str, offset: int) -> list:
    """natasha's entities of an event (body offsets; `text` starts at `offset`) with persons joined at
    particles, taken back from organizations, and told from places by their titles."""
    ents = _son_of_names(ents, text, offset)
    ents = _join_particles(ents, text, offset)
    ents = _split_org_tails(ents, text, offset)
    ents = [y for x in ents for y in (_split_place_tail(x, text, offset) if x.type == "LOC" else (x,))]
    return [_titled_place(x, text, offset) if x.type == "LOC" else _titled_org(x, text, offset) if x.type == "ORG" else x
            for x in ents]


def find_people(ents: list, text: str, offset: int) -> tuple[list[Person], list[tuple[int, int]]]:
    """People of an event in text order, and the spans (in `text`) of every name of a person, taking
    part or not («имени Махмуда Кашгари» is no place either). `ents`: as `prepare` leaves them."""
    people, names, floor = [], [], 0
    for x in ents:
        if x.type == _MAYBE:
            people.append(Person(ner.Entity("PER", x.start, x.stop, x.text, x.cases), floor, tentative=True))
            continue
        if x.type != "PER":
            continue
        x, glued = _cut_glued_word(x, text, offset)
        x = _cut_honorific(x)
        if not _looks_like_person(x.text, text[x.stop - offset:]):
            continue
        names.append((x.start - offset, x.stop - offset))
        before = text[max(0, x.start - offset - 60):x.start - offset]
        if _not_participant(before, text, x.start - offset, floor) or glued and _NAMED_AFTER.search(glued + " "):
            floor = x.stop - offset
            continue
        people.append(Person(x, floor))
        floor = x.stop - offset
    taken = [(x.start - offset, x.stop - offset) for x in ents]
    people += [Person(x, 0) for x in _initialed_surnames(text, offset, taken)]
    taken += [(p.entity.start - offset, p.entity.stop - offset) for p in people]
    people += [Person(x, 0, tentative=True) for x in _bare_surnames(text, offset, taken)]
    people += [Person(x, 0, tentative=True) for x in _addressed_surnames(text, offset, taken)]
    people.sort(key=lambda p: p.entity.start)
    return people, names


# Words before a name that make it part of another name: a monument, street, prize, institution, anniversary.
_NAMED_AFTER = re.compile(
    r"(памятник\w*|монумент\w*|мемориал\w*|мавзоле\w*|бюст\w*|улиц\w*|проспект\w*|площад\w*|бульвар\w*|имени|им\.|"
    r"летию|летия|летие|юбиле\w*|годовщин\w*|премии|премию|премия|стипенди\w*|(?P<body>университет\w*|"
    r"институт\w*|школ\w*|музе\w*|центр\w*|фонд\w*)|закон\w*|поправк\w*)\s+((великого|выдающегося|казахского|"
    r"[а-яё]+ого)\s+)*((поэта|писателя|мыслителя|просветителя|композитора|ученого|акына)\s+(и\s+\w+\s+)?)*$",
    re.I,
)


_DEDICATED = re.compile(r"(?<![\w-])посвящ[а-яё]+\s+(?:[а-яё-]+\s+){0,3}$", re.I)


def _not_participant(before: str, text: str, start: int, floor: int) -> bool:
    """«памятнику Абаю», «премии имени Чингиза Айтматова», «180-летию Абая»: named, not taking part —
    but «руководитель Центра … университета Марьям Хосрави» heads the body, named by her title."""
    m = _NAMED_AFTER.search(before)
    if not m:
        # «выставку, посвященную путешествиям Марко Поло»: what a thing is about, unless a title
        # names a holder («брифинг, посвященный визиту министра …»).
        return bool(_DEDICATED.search(before)) and title_before(text, start, floor) is None
    return not (m.group("body") and title_before(text, start, floor) is not None)


# «Нурбек Садыр уулу», «Айжан Бакыт кызы»: a Central Asian name that ends in «son / daughter of» (no
# surname after it). natasha cuts it short, runs an organization on into it or calls it a place.
_SON_OF_NAME = re.compile(r"(?<![\w-])[А-ЯЁ][а-яё]+\s+[А-ЯЁ][а-яё]+\s+(?:уулу|улы|кызы|гызы|оглы)(?![\w-])(?!\s+[А-ЯЁ])")


def _son_of_names(ents: list, text: str, offset: int) -> list:
    for m in _SON_OF_NAME.finditer(text):
        a, b = offset + m.start(), offset + m.end()
        out = []
        for x in ents:
            if x.stop <= a or x.start >= b:
                out.append(x)
            elif x.start < a and x.type != "PER":  # «НЭСК Таалайбек Асанбек уулу»: the body stays
                head = text[x.start - offset:a - offset].rstrip()
                out.append(ner.Entity(x.type, x.start, x.start + len(head), head, x.cases[:len(head.split())]))
        out.append(ner.Entity("PER", a, b, m.group(), (None,) * 3))
        ents = sorted(out, key=lambda x: x.start)
    return ents


def _join_particles(ents: list, text: str, offset: int) -> list:
    """natasha splits «Рамон дела Крус», «Мансур бин Халед»: persons joined by a lower-case particle are one."""
    out: list = []
    for x in ents:
        prev = out[-1] if out else None
        if prev is not None and prev.type == "PER" and x.type == "PER":
            gap = text[prev.stop - offset : x.start - offset]
            words = gap.split()
            # Two names with nothing but a space between are one split in two («Марией Фернандой
            # Гутьеррес де Леон»): two people are never written so.
            if gap == " " or words and all(w.lower() in PARTICLES for w in words) and gap.strip() == " ".join(words):
                out[-1] = ner.Entity("PER", prev.start, x.stop, text[prev.start - offset : x.stop - offset],
                                     prev.cases + (None,) * len(words) + x.cases)
                continue
        if x.type == "PER" and all(len(w) <= 6 for w in x.text.split()):
            m = _SYLLABLE_BEFORE.search(text[max(0, x.start - offset - 5):x.start - offset])
            lead = x.start - len(m.group(1)) - 1 if m else None
            if m and re.search(r"[\w,;:»)]\s*$", text[max(0, lead - offset - 3):lead - offset]):
                # «… дел Но Сын Хёком»: an East Asian family name natasha left out (a capital word of one
                # syllable, mid-sentence, right before the given names); a place it called so goes.
                if prev is not None and prev.start >= lead:
                    out.pop()
                x = ner.Entity("PER", lead, x.stop, text[lead - offset:x.stop - offset], (None,) + tuple(x.cases))
        out.append(x)
    return out


_SYLLABLE_BEFORE = re.compile(r"(?<![\w.-])([А-ЯЁ][а-яё]{0,2}) $")
_INITIALED = re.compile(r"\s([А-ЯЁ]\.\s?[А-ЯЁ][а-яё-]+)$")


def _split_org_tails(ents: list, text: str, offset: int) -> list:
    """«Заместитель председателя правления КТЖ Н.Сарбасов»: natasha's ORG swallowed the initialed name."""
    out = []
    for x in ents:
        m = _INITIALED.search(x.text) if x.type == "ORG" else None
        if m:
            cut = x.start + m.start(1)
            head = x.text[:m.start()].rstrip()
            out.append(ner.Entity("ORG", x.start, x.start + len(head), head, x.cases[:len(head.split())]))
            out.append(ner.Entity("PER", cut, x.stop, m.group(1), x.cases[len(head.split()):]))
        else:
            out.append(x)
    return out


_MAYBE = "PER?"  # a surname natasha called a place, with no title to confirm it


def _titled_place(x, text: str, offset: int):
    """A «place» right after a title is the title holder's name when it is shaped like one and no
    table knows it as a place («с секретарем МИД Индии Викрамом Меноном», «вице-министр Тулеубаева»);
    without a title, a lone surname-shaped «place» is a tentative person («вошли также Калиева»)."""
    start = x.start - offset
    if re.search(r"(?<![\w-])(в|во|на|из|от|до|по|под|над|через)\s+$", text[max(0, start - 6):start], re.I):
        return x  # «в Германии»
    words = x.text.split()
    if find_countries(x.text) or _a_known_place(x.text):
        return x
    if len(words) == 1:
        # One word is a person's only as a surname («вице-министр Тулеубаева»), not «аким Астаны».
        if not surname_stem(words[0]) or not words[0][:1].isupper():
            return x
        kind = "PER" if title_before(text, start) is not None else _MAYBE
    elif all(_name_shaped(w) or len(w) <= 3 and w[:1].isupper() for w in words) and any(_name_shaped(w) for w in words) \
            and title_before(text, start) is not None:
        kind = "PER"  # «губернатором провинции Тан Вэймином»: a one-syllable family name is no common noun
    else:
        return x
    return ner.Entity(kind, x.start, x.stop, x.text, x.cases)


def _titled_org(x, text: str, offset: int):
    """«постпред при … организациях Айгерим Сатыбекова»: an «organization» after a title that is a given
    name and a surname is the holder («организациях» misled the tagger)."""
    words = x.text.split()
    if len(words) < 2 or len(words) > 3 or not surname_stem(words[-1]) or not all(_name_shaped(w) for w in words):
        return x
    y = _titled_place(x, text, offset)
    return y if y.type == "PER" else x


def _name_shaped(word: str) -> bool:
    """Capitalized, and a first name or surname to the dictionary, or a word it does not know at all
    (not «Королевства», «Астаны»)."""
    if not word[:1].isupper() or not re.search(r"[а-яё]", word):
        return False
    if any({"Name", "Surn"} & set(p.tag.grammemes) for p in parses(word.lower())):
        return True
    return not morph().word_is_known(word.lower())


def _a_known_place(span: str) -> bool:
    return tuple(lemma(w) for w in span.split()) in gazetteer()


def _split_place_tail(x, text: str, offset: int) -> tuple:
    """«Итальянской Республики Кьярой Де Сантис»: natasha's place ran on into the name after it."""
    words = x.text.split()
    if len(words) < 2:
        return (x,)
    for k in range(1, len(words)):
        rest = words[k:]
        if not find_countries(" ".join(words[:k])):
            continue
        if find_countries(" ".join(rest)) or _a_known_place(" ".join(rest)):
            return (x,)
        if all(w.lower() in PARTICLES or _name_shaped(w) for w in rest) and any(_name_shaped(w) for w in rest):
            cut = x.text.index(rest[0], len(" ".join(words[:k])))
            cases = len(x.cases) == len(words)
            return (ner.Entity("LOC", x.start, x.start + len(x.text[:cut].rstrip()), x.text[:cut].rstrip(),
                               x.cases[:k] if cases else x.cases),
                    ner.Entity("PER", x.start + cut, x.stop, x.text[cut:], x.cases[k:] if cases else (None,) * len(rest)))
    return (x,)


def _cut_glued_word(x, text: str, offset: int):
    """«Азии Мустафой Абдель-Латифом», «Мавзолею Хо Ши Мина»: natasha glued the word before a name
    onto it — a common or place noun the dictionary knows, in another case than the name after it.
    Returns the entity without it, and the word (or "")."""
    words = x.text.split()
    first = words[0] if len(words) > 1 else ""
    if first and any(p.fullmatch(first) for p in kazakh_organizations()):
        # «депутата Мажилиса Нургожиной»: a Kazakh body's name, whatever the cases.
        cut = len(first) + (len(x.text[len(first):]) - len(x.text[len(first):].lstrip()))
        return ner.Entity("PER", x.start + cut, x.stop, x.text[cut:], x.cases[1:]), first
    if len(words) >= 3 and _PLACE_KIND.search(text[max(0, x.start - offset - 30):x.start - offset]) and not any(
            {"Name", "Surn", "Patr"} & set(p.tag.grammemes) for p in parses(first.lower())):
        # «аким области Жетысу Бейбут Кемелбеков»: the word after «области» is the region's name (but
        # «губернатором Оренбургской области Денисом …» names the governor right after it).
        cut = len(first) + (len(x.text) - len(x.text[len(first):].lstrip()) - len(first))
        return ner.Entity("PER", x.start + cut, x.stop, x.text[cut:], x.cases[1:]), first
    # A glued word is in another case than the name, whose last word shows its case best: in «Чон Хэ
    # Рином» (Nom, Acc, Nom) the tagger only stumbled on a foreign syllable.
    if len(words) < 3 or len(x.cases) != len(words) or None in x.cases[:2] or x.cases[0] == x.cases[1] \
            or x.cases[0] == x.cases[-1] or _same_ending(words[0], words[1]):
        return x, ""
    found = [p for p in parses(first.lower()) if type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"]
    if not found or any({"Name", "Surn", "Patr"} & set(p.tag.grammemes) for p in found) or not all(
            p.tag.POS == "NOUN" and p.tag.animacy == "inan" for p in found):
        return x, ""
    cut = len(first) + (len(x.text) - len(x.text[len(first):].lstrip()) - len(first))
    return ner.Entity("PER", x.start + cut, x.stop, x.text[cut:], x.cases[1:]), first


def _same_ending(a: str, b: str) -> bool:
    """«Бамбангом Сетиаваном»: two words declined alike belong to one name, whatever the tagger says."""
    m = re.search(r"(ом|ем|ым|им|ой|ей|ою|ую|ого|его|ому|ему)$", a.lower())
    return bool(m) and b.lower().endswith(m.group(1))


# A kind of place whose name follows it: natasha runs the name on into a person's after it.
_PLACE_KIND = re.compile(r"(?<![\w-])(област\w*|район\w*|провинци\w*|префектур\w*|штат\w*|округ\w*|кра[яюе]|"
                         r"губерни\w*|воеводств\w*|кантон\w*|графств\w*|уезд\w*|эмират\w*|муниципалитет\w*)\s+$", re.I)


# Forms of address and honorifics written before a name, not part of it: «Г-жа Новак», «Дато Сери …».
_HONORIFIC = re.compile(r"г-н\w*|г-ж\w*|господин\w*|госпож\w*|мистер\w*|миссис|мисс|мадам|месье|дато|датук|сери|шри"
                        r"|принц(есс\w*)?|(сэр|шейх|доктор|профессор|олдермен|мэр)(а|у|ом|ем|е)?", re.I)


def _cut_honorific(x):
    """«Г-жа Дворжакова», «Дато Сери Азман бин Исмаил»: the person without the words of address."""
    words = x.text.split()
    k = 0
    while k < len(words) - 1 and _HONORIFIC.fullmatch(words[k]):
        k += 1
    if not k:
        return x
    cut = x.text.index(words[k], sum(len(w) for w in words[:k]))
    return ner.Entity("PER", x.start + cut, x.stop, x.text[cut:], x.cases[k:] if len(x.cases) == len(words) else x.cases)


# «г-жа де Врис», «госпожой Линдквист»: a surname after a form of address no tagger saw.
_ADDRESSED = re.compile(r"(?<![\w-])(?:г-н\w*|г-ж\w*|господин\w*|госпож\w*)\s+((?:(?:" + "|".join(sorted(PARTICLES))
                        + r")\s+)?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)(?![\w-])", re.I)


def _addressed_surnames(text: str, offset: int, taken: list[tuple[int, int]]):
    for m in _ADDRESSED.finditer(text):
        if any(a <= m.start(1) < b or m.start(1) <= a < m.end(1) for a, b in taken):
            continue
        yield ner.Entity("PER", offset + m.start(1), offset + m.end(1), m.group(1), (None,) * len(m.group(1).split()))


def _name_word(w: str) -> bool:
    """A word a name may hold: capitalized, a particle («бин», «уулу»), or one glued to it («аль-Хинаи»)."""
    if w[:1].isupper() or w.lower() in PARTICLES:
        return True
    head, _, rest = w.partition("-")
    return head.lower() in PARTICLES and rest[:1].isupper()


# Capitalized words of a diplomatic title, never a name: «Чрезвычайным и Полномочным Послом».
_TITLE_WORDS = re.compile(r"(чрезвычайн|полномочн|превосходительств|высочеств|величеств|святейшеств)\w*", re.I)


def _looks_like_person(text: str, after: str) -> bool:
    words = text.split()
    if not words or not all(_name_word(w) for w in words) or any(_TITLE_WORDS.fullmatch(w) for w in words):
        return False
    if len(words) == 1 and any(p.fullmatch(text) for p in kazakh_organizations()):
        return False  # «Мажилис»
    # «мэрами городов: Кейптауна - …, Джорджа - …»: a lone word before a dash is a place.
    if len(words) == 1 and re.match(r"^\s+[-–—]\s", after):
        return False
    # A country or city name is a place natasha mislabelled («при Святом Престоле»).
    return not (len(words) == 1 and find_countries(text) or _a_known_place(text))


_SURNAME = r"[А-ЯЁ][а-яё]{2,}(?:ов|ев|ёв|ин|ын)(?:а|у|ым|ой|ом|е|ы)?"
_SURNAME_WORD = re.compile(rf"(?<![\w.-]){_SURNAME}(?![\w-])")


# «Айдарбеков К.», «К.Айдарбеков»: a surname with initials is a person's whatever natasha made of it
# (it misses them at a paragraph's end, where the initial's dot reads as the sentence's).
_WITH_INITIALS = re.compile(rf"(?<![\w.-])(?:{_SURNAME}\s+[А-ЯЁ]\.(?:\s?[А-ЯЁ]\.)?|(?:[А-ЯЁ]\.\s?){{1,2}}{_SURNAME}(?![\w-]))")


def _initialed_surnames(text: str, offset: int, taken: list[tuple[int, int]]):
    for m in _WITH_INITIALS.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        if not surname_stem(re.sub(r"[А-ЯЁ]\.\s?", "", m.group()).strip()):
            continue
        yield ner.Entity("PER", offset + m.start(), offset + m.end(), m.group(), (None,) * len(m.group().split()))


def _bare_surnames(text: str, offset: int, taken: list[tuple[int, int]]):
    """Capitalized surname-shaped words no entity covers («в ее состав вошла также Оспанкулова») — alone:
    next to another capitalized word it is part of a name no tagger took for a person («Назарбаев
    Университет»), and named after in a monument or prize it takes no part."""
    for m in _SURNAME_WORD.finditer(text):
        if any(a <= m.start() < b for a, b in taken) or not surname_stem(m.group()):
            continue
        before, after = text[max(0, m.start() - 60):m.start()], text[m.end():m.end() + 2]
        if re.match(r"\s[A-ZА-ЯЁ«]", after) or re.search(r"[\w,;:–—-]\s+[A-ZА-ЯЁ][\w-]*\s$|«\s*$", before) \
                or _NAMED_AFTER.search(before):
            continue
        yield ner.Entity("PER", offset + m.start(), offset + m.end(), m.group(), (None,))
