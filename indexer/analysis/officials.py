"""Person mentions → one canonical «Имя Фамилия»; who is a Kazakh official, and in what role.

natasha finds the person spans; this module puts them in the nominative (natasha's own
normalizer leaves many foreign and Kazakh names in the oblique case), drops patronymics,
and resolves «А.Ескараев» / «Ескараев» to a full name known from the release or earlier.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from eventstore.text import normalize, parses

_INITIAL = re.compile(r"^[А-ЯЁA-Z]\.?$")
_PATRONYMIC = re.compile(r"(ович|евич|ич|овн|евн|ичн|иничн)(а|у|ем|ом|ой|е|ы|ою)?$|^(улы|уулу|кызы|оглы)$", re.I)
# Name particles stay as written and do not decline: «бин», «ибн», «дела», «фон», «Аль» (own word).
PARTICLES = {"бин", "ибн", "бен", "бинт", "аль", "эль", "ад", "ас", "аш", "ан", "ат", "уль", "дела", "де", "ди", "да",
             "дос", "душ", "дас", "ван", "фон", "дер", "ле", "ла", "дель", "ду", "ун", "абу", "абд", "лос", "лас",
             "делла", "дю", "цу", "ден", "тер", "тен",
             "уулу", "улы", "кызы", "оглы", "гызы"}  # «Темирлан Асанбек уулу»: a Central Asian «son of»
_NAME_TAGS = {"Name", "Surn", "Patr"}
_SON_OF = {"уулу", "улы", "кызы", "оглы", "гызы"}


@dataclass(frozen=True)
class Mention:
    """A person as found in one event: canonical name, or a partial one to resolve."""

    name: str  # «Азамат Ескараев», or «А. Ескараев» / «Ескараев» until resolved
    start: int
    stop: int
    partial: bool
    kz_role: str | None = None  # «посол Казахстана в Индии» for Kazakh officials
    side: str | None = None  # "kz", "foreign" or None (not said here)
    title: str | None = None  # the title next to the name as written, whatever the side
    tentative: bool = False  # a bare surname only a known name can confirm
    rule: str = "natasha:PER"  # how the name was found: "natasha:PER", "person:rules" (a name natasha
    # labelled a place or glued to an organization), "surname:bare" (a known surname no tagger saw)
    side_rule: str | None = None  # why Kazakhstan's (`sides.Side.rule`), with the words that said it:
    side_span: tuple[int, int] | None = None


@lru_cache(maxsize=65_536)  # names recur across releases; pymorphy3 inflection is the cost
def canonical(span_text: str, cases: tuple[str | None, ...] | str | None = None,
              gender: str | None = None) -> tuple[str, bool]:
    """«Азаматом Ескараевым» → («Азамат Ескараев», False); «А.Ескараев» → («А. Ескараев», True).

    `cases`: the name's case as the sentence shows it (a str: «Ins» after «с послом»), or natasha's
    guess per word (a tuple), used only where the endings do not settle it; `gender`: as the
    sentence shows it (the verb's), if it does.
    """
    words = re.sub(r"([А-ЯЁA-Z])\.(?=[А-ЯЁA-Z])", r"\1. ", span_text).split()
    # «Имя Отчество Фамилия» → «Имя Фамилия»; a last word in -ович is a surname (Петрович).
    # A Turkic «son/daughter of» with a surname after it is a patronymic with its father's name
    # («Рауф Ильхам оглы Мамедов» → «Рауф Мамедов»); at the name's end it is the surname itself
    # («Темирлан Асанбек уулу»).
    drop = {i for i, w in enumerate(words) if 0 < i < len(words) - 1 and _PATRONYMIC.search(w)}
    drop |= {i - 1 for i in drop if i > 1 and words[i].lower() in _SON_OF}
    words = [w for i, w in enumerate(words) if i not in drop]
    if not words:
        return span_text, True
    case = _case_of(words, cases)
    gender = gender or _gender(words, case)
    out = []
    for i, w in enumerate(words):
        if _INITIAL.match(w):
            out.append(w if w.endswith(".") else w + ".")
        elif w.lower() in PARTICLES:
            out.append(w)
        else:
            out.append(_nominative(w, gender, case, after_particle=i > 0 and words[i - 1].lower() in PARTICLES))
    partial = len([w for w in out if not _INITIAL.match(w) and w.lower() not in PARTICLES]) < 2 or any(
        _INITIAL.match(w) for w in out)
    return " ".join(out), partial


def _case_of(words: list[str], hints) -> str | None:
    """One case for the whole name: an unmistakable ending first, else natasha's most frequent guess."""
    parts = [w for w in words if not (_INITIAL.match(w) or w.lower() in PARTICLES)]
    for w in parts:
        low = w.lower()
        if re.search(r"[^аеёиоуыэюя](ом|ем|ём|ым)$", low) and not _is_nominative_name(w):
            # A masculine instrumental declines every word that ends in a consonant: with the
            # sentence saying nominative, «Ульрик Ванстрём» is not one.
            if hints == "Nom" and any(re.search(r"[^аеёиоуыэюяь-]$", x.lower()) for x in parts if x is not w):
                break
            return "Ins"
    if isinstance(hints, str):
        return hints  # the sentence's own evidence
    votes = [h for h in hints if h] if isinstance(hints, tuple) else []
    if votes:
        # A tie goes to the nominative: the form a name is written in when nothing declines it.
        return max(sorted(set(votes), key=lambda c: c != "Nom"), key=votes.count)
    # No guess at all: a feminine «-ой» reads the same back from any oblique case.
    if re.search(r"(ой|ою)$", words[-1].lower()):
        return "Ins"
    return None


def _is_nominative_name(word: str) -> bool:
    """A dictionary first name or surname written in the nominative («Рустем», not «Арманом»)."""
    low = word.lower()
    return any(
        _NAME_TAGS & set(p.tag.grammemes) and p.tag.case == "nomn" and p.word == low and p.tag.number != "plur"
        and type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"
        for p in _parses(word)
    )


def _parses(word: str):
    return parses(word.lower())


def _known_name(word: str):
    """A dictionary parse that says the word is a first name or surname."""
    for p in _parses(word):
        if _NAME_TAGS & set(p.tag.grammemes) and type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer" \
                and p.tag.number != "plur":
            return p
    return None


def _gender(words: list[str], case: str | None = None) -> str:
    first = words[0]
    want = _PYMORPHY_CASE.get(case or "", {"nomn"})
    p = next((q for q in _parses(first) if _NAME_TAGS & set(q.tag.grammemes) and q.tag.case in want
              and type(q.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"), None)
    if p is not None and p.tag.gender in ("masc", "femn"):
        return p.tag.gender
    last = normalize(words[-1])
    if re.search(r"(ова|ева|ина|ына|ская|цкая|овой|евой|иной|ской|овну|евну)$", last):
        return "femn"
    if case == "Ins" and re.search(r"(ой|ей)$", last):
        return "femn"
    if case == "Dat" and len(words) > 1 and re.search(r"[^аеёиоуыэюя]е$", first.lower()):
        return "femn"  # «секретарю Тийне Кару»: a man's first name takes -у/-ю in the dative, a woman's -а name -е
    return "masc"


def _cap(word: str, like: str) -> str:
    """Give `word` the capitalization of `like`, part by part («аль-файез» → «Аль-Файез»), letter by
    letter where they share their beginning («о'нил» → «О'Нил», «макдональдом» → «МакДональд»)."""
    if "-" in word and "-" in like:
        return "-".join(_cap(a, b) for a, b in zip(word.split("-"), like.split("-")))
    return "".join(c.upper() if i < len(like) and like[i].isupper() and like[:i].lower() == word[:i] else c
                   for i, c in enumerate(word))


def _nominative(word: str, gender: str, case: str | None, after_particle: bool = False) -> str:
    if "-" in word:
        # Each part declines on its own ending: «Клаусом-Дитером» → «Клаус-Дитер»; a part without the
        # case's ending («Хилл-Льюисом», «Абдель-Латифом») or a particle («Аль-») stays as written.
        return "-".join(p if p.lower() in PARTICLES or not p else _nominative(p, gender, case)
                        for p in word.split("-"))
    if case in (None, "Nom"):
        return word
    low = word.lower()
    known = _dictionary_nominative(low, case, gender)
    if known:
        return _cap(known, word)
    return _cap(_strip_case(low, gender, case, after_particle), word)


_PYMORPHY_CASE = {"Gen": {"gent", "gen2"}, "Dat": {"datv"}, "Acc": {"accs", "acc2"}, "Ins": {"ablt"}, "Loc": {"loct", "loc2"}}


def _dictionary_nominative(low: str, case: str | None, gender: str) -> str | None:
    """A first name or surname the dictionary knows in this case («Павла» → павел, «Жанной» → жанна)."""
    want = _PYMORPHY_CASE.get(case or "", set())
    for p in _parses(low):
        if not (_NAME_TAGS & set(p.tag.grammemes)) or type(p.methods_stack[0][0]).__name__ != "DictionaryAnalyzer":
            continue
        if p.tag.number == "plur":
            continue  # one person: «Аллами» is no plural of «Алла»
        if want and p.tag.case not in want or not want and p.tag.case == "nomn":
            continue
        if p.tag.gender in ("masc", "femn") and p.tag.gender != gender:
            continue
        form = p.inflect({"nomn", "sing"})
        return form.word if form else p.normal_form
    return None


_VOWELS = "аеёиоуыэюя"


def _strip_case(w: str, gender: str, case: str | None, after_particle: bool = False) -> str:
    """Undo a case ending by rule; a word without the case's ending does not decline («Паулу», «Моретти»).

    After «бин», «ибн» stands a father's given name: «-ки» there is an Arabic name's own ending
    («Фахда бин Турки»), not the genitive of «-ка» («Марека Ружички»)."""
    fem = gender == "femn"
    rules = {
        "Ins": [
            (r"(ск|цк)(им|ым)$", r"\1ий"), (r"(ск|цк)(ой|ою)$", r"\1ая"),
            (r"(ов|ев|ёв|ин|ын)(ым)$", r"\1"), (r"(ов|ев|ёв|ин|ын)(ой|ою)$", r"\1а"),
            (r"ией$", "ия"), (r"ьей$", "ья"),
            (r"([лнрсзтдмбпвф])(ем|ём)$", r"\1ь"),  # «Гюлем» → Гюль, «Игорем» → Игорь
            (r"([аеёиоуыэюя])ем$", r"\1й"),  # «Вэем» → Вэй, «Андреем» → Андрей
            (r"([^аеёиоуыэюя])(ом|ем|ём)$", r"\1"),
            (r"([жшчщц])ей$", r"\1а"), (r"([^аеёиоуыэюя])(ой|ою)$", r"\1а"), (r"([^аеёиоуыэюя])ей$", r"\1я"),
        ],
        "Gen": [
            (r"(ск|цк)(ого)$", r"\1ий"), (r"(ск|цк)(ой)$", r"\1ая"),
            (r"(ов|ев|ёв|ин|ын)(ой)$", r"\1а"),
            (r"ии$", "ия") if fem else (r"^$", ""),
            (r"([аеёиоуыэюя])я$", r"\1й"), (r"([лнр])я$", r"\1ь"),
            (r"([^аеёиоуыэюя])а$", r"\1"),
            (r"([гкхжшчщ])и$", r"\1а") if not after_particle else (r"^$", ""), (r"([^аеёиоуыэюя])ы$", r"\1а"),
        ],
        "Acc": [
            (r"(ск|цк)(ого)$", r"\1ий"), (r"(ск|цк)(ую)$", r"\1ая"),
            (r"(ов|ев|ёв|ин|ын)(у)$", r"\1а"),
            (r"([аеёиоуыэюя])я$", r"\1й"), (r"([лнр])я$", r"\1ь"),
            (r"([^аеёиоуыэюя])а$", r"\1"),
            (r"([^аеёиоуыэюя])у$", r"\1а"), (r"ию$", "ия"),  # «Огуру» → Огура, «Мустафу» → Мустафа
        ],
        "Dat": [
            (r"(ск|цк)(ому)$", r"\1ий"), (r"(ск|цк)(ой)$", r"\1ая"),
            (r"(ов|ев|ёв|ин|ын)(ой)$", r"\1а"), (r"(ов|ев|ёв|ин|ын)(у)$", r"\1"),
            (r"ии$", "ия"),
            (r"([аеёиоуыэюя])ю$", r"\1й"), (r"([лнр])ю$", r"\1ь"),
            (r"([^аеёиоуыэюя])е$", r"\1а") if fem else (r"([^аеёиоуыэюя])у$", r"\1"),
        ],
        "Loc": [
            (r"(ов|ев|ёв|ин|ын)(ой)$", r"\1а"), (r"(ов|ев|ёв|ин|ын)(е)$", r"\1"),
            (r"([^аеёиоуыэюя])е$", r"\1а") if fem else (r"([^аеёиоуыэюя])е$", r"\1"),
        ],
    }
    for pattern, repl in rules.get(case or "", []):
        if pattern != "^$" and re.search(pattern, w):
            out = re.sub(pattern, repl, w)
            # A stem without a vowel is no name: «Ма», «Ли» do not decline.
            return out if re.search(f"[{_VOWELS}]", out) else w
    return w


_FEMININE_SURNAME = re.compile(r"(ова|ева|ина|ына|ская|цкая)$")
_MASCULINE_SURNAME = re.compile(r"(ов|ев|ин|ын|ский|цкий)$")


def gender_of(name: str) -> str | None:
    """«femn» / «masc» from a nominative name's surname ending, else from a dictionary first name."""
    words = [w for w in name.split() if not _INITIAL.match(w) and w.lower() not in PARTICLES]
    if not words:
        return None
    last = normalize(words[-1])
    if _FEMININE_SURNAME.search(last):
        return "femn"
    if _MASCULINE_SURNAME.search(last):
        return "masc"
    if len(words) > 1 and (p := _known_name(words[0])) is not None and p.tag.case == "nomn":
        return p.tag.gender if p.tag.gender in ("masc", "femn") else None
    return None


# Short forms of titles, written out so that «замглавы МИД» shares words with «заместитель министра
# иностранных дел».
_SPELLED_OUT = {"замглавы": "заместитель главы", "замминистра": "заместитель министра",
                "вице-министр": "заместитель министра", "мид": "министерство иностранных дел",
                "генконсул": "генеральный консул", "постпред": "постоянный представитель",
                "спецпредставитель": "специальный представитель", "замгендиректора": "заместитель генерального директора"}


@lru_cache(maxsize=4096)
def _content_lemmas(phrase: str) -> frozenset[str]:
    from eventstore.text import lemma, tokens

    words = [w for t in tokens(phrase) for w in _SPELLED_OUT.get(t.text.lower(), t.text).split()]
    return frozenset(lemma(w) for w in words if len(w) > 2)


class NameBook:
    """What is known so far from earlier releases: full names, to resolve «А.Ескараев» and
    «Ескараев»; who acted for Kazakhstan, and in which role from which date."""

    def __init__(self, names: Iterable[str] = ()):
        self._by_surname: dict[str, list[str]] = {}
        self._roles: dict[str, list[tuple[str, str]]] = {}  # name → [(iso date, role)], by date
        self.add(names)

    def add_roles(self, roles: dict[str, str], when: str) -> None:
        """Kazakh officials seen on `when` (ISO date) with their role as the text gave it."""
        for name, role in roles.items():
            known = self._roles.setdefault(name, [])
            if (when, role) not in known:
                known.append((when, role))
                known.sort()

    def add_known(self, triples: Iterable[tuple[str, str, str]]) -> None:
        """(name, role, iso date) of Kazakh officials from the store: what earlier runs learned."""
        for name, role, when in triples:
            self._roles.setdefault(name, []).append((when, role))
        for known in self._roles.values():
            known[:] = sorted(set(known))

    def kz_role(self, name: str, when: str) -> str | None:
        """The role a known Kazakh official last had on or before `when` (else the earliest known)."""
        known = self._roles.get(name)
        if not known:
            return None
        before = [role for day, role in known if day <= when]
        return before[-1] if before else known[0][1]

    @staticmethod
    def surname_key(surname: str) -> str:
        from eventstore.text import surname_stem

        s = normalize(surname)
        return surname_stem(s) or s

    def add(self, names: Iterable[str]) -> None:
        for name in names:
            words = name.split()
            if len(words) < 2 or any(_INITIAL.match(w) for w in words):
                continue
            known = self._by_surname.setdefault(self.surname_key(words[-1]), [])
            if name not in known:
                known.append(name)

    def names(self) -> list[str]:
        return [n for names in self._by_surname.values() for n in names]

    def fuller(self, name: str) -> str | None:
        """The one known longer form of a full name: «Халид Аль-Мутайри» is «Халид бин Абдулла
        Аль-Мутайри» met before (same first and last word, middle parts left out)."""
        words = name.split()
        if len(words) < 2:
            return None
        found = [c for c in self._by_surname.get(self.surname_key(words[-1]), [])
                 if len(c.split()) > len(words) and c.split()[0] == words[0] and c.split()[-1] == words[-1]]
        return found[0] if len(found) == 1 else None

    def candidates(self, partial: str) -> list[str]:
        """Full names `partial` may stand for: same surname, same initial, same gender."""
        words = partial.split()
        # «А. Ескараев» and «Ескараев А.»: the initials stand on either side.
        surname = next((w for w in reversed(words) if not _INITIAL.match(w)), words[-1])
        candidates = self._by_surname.get(self.surname_key(surname), [])
        initials = [w[0] for w in words if _INITIAL.match(w)]
        if initials:
            candidates = [c for c in candidates if c[0] == initials[0]]
        # «Рахимжанов» is not «Ляззат Рахимжанова»: a surname in the nominative shows the gender.
        gender = gender_of(partial)
        return [c for c in candidates if gender is None or gender_of(c) in (None, gender)]

    def resolve(self, partial: str, title: str | None = None, roles: NameBook | None = None) -> str | None:
        """The one full name `partial` stands for, else None (ambiguous: leave it as written).

        Namesakes are told apart by `title`, the title next to the mention, against the roles
        they are known in (from `roles`, default this book): «председатель правления КазМунайГаза
        Жанузаков» is the company's chairman, not the ambassador of the same surname.
        """
        candidates = self.candidates(partial)
        if len(candidates) > 1 and title:
            candidates = (roles or self).closest(candidates, title)
        return candidates[0] if len(candidates) == 1 else None

    def closest(self, candidates: list[str], title: str) -> list[str]:
        """The candidates whose known roles share the most words with `title` (all if none share any)."""
        want = _content_lemmas(title)
        overlap = {c: len(want & _content_lemmas(" ".join(r for _, r in self._roles.get(c, ())))) for c in candidates}
        best = max(overlap.values())
        return [c for c in candidates if overlap[c] == best] if best else candidates
