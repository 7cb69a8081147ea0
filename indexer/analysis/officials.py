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
_PATRONYMIC = re.compile(r"(ович|евич|ич|овна|евна|ична|инична)(а|у|ем|ом|ой|е|ы)?$|^(улы|уулу|кызы|оглы)$", re.I)
_NAME_TAGS = {"Name", "Surn", "Patr"}


@dataclass(frozen=True)
class Mention:
    """A person as found in one event: canonical name, or a partial one to resolve."""

    name: str  # «Азамат Ескараев», or «А. Ескараев» / «Ескараев» until resolved
    start: int
    stop: int
    partial: bool
    kz_role: str | None = None  # «посол Казахстана в Индии» for Kazakh officials
    side: str | None = None  # "kz", "foreign" or None (not said here)


@lru_cache(maxsize=65_536)  # names recur across releases; pymorphy3 inflection is the cost
def canonical(span_text: str, cases: tuple[str | None, ...] | str | None = None) -> tuple[str, bool]:
    """«Азаматом Ескараевым» → («Азамат Ескараев», False); «А.Ескараев» → («А. Ескараев», True).

    `cases`: natasha's case guess per word (or one for all), used only where endings are ambiguous.
    """
    words = re.sub(r"([А-ЯЁA-Z])\.(?=[А-ЯЁA-Z])", r"\1. ", span_text).split()
    # «Имя Отчество Фамилия» → «Имя Фамилия»; a last word in -ович is a surname (Петрович).
    words = [w for i, w in enumerate(words) if not (0 < i < len(words) - 1 and _PATRONYMIC.search(w))]
    if not words:
        return span_text, True
    if isinstance(cases, tuple) and len(cases) == len(words):
        hints = list(cases)
    else:
        last = next((c for c in reversed(cases) if c), None) if isinstance(cases, tuple) else cases
        hints = [last] * len(words)
    gender = _gender(words)
    # One unmistakable instrumental ending puts the whole name in the instrumental.
    if any(re.search(r"[^аеёиоуыэюя](ом|ем|ём|ым)$", w.lower()) and not _is_nominative_name(w)
           for w in words if not _INITIAL.match(w)):
        hints = ["Ins"] * len(words)
    out = []
    for i, w in enumerate(words):
        if _INITIAL.match(w):
            out.append(w if w.endswith(".") else w + ".")
        else:
            out.append(_nominative(w, gender, hints[i], first=(i == 0 and len(words) > 1)))
    partial = len(out) == 1 or any(_INITIAL.match(w) for w in out)
    return " ".join(out), partial


def _is_nominative_name(word: str) -> bool:
    """A dictionary first name or surname written in the nominative («Рустем», not «Арманом»)."""
    low = word.lower()
    return any(
        _NAME_TAGS & set(p.tag.grammemes) and p.tag.case == "nomn" and p.word == low
        and type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"
        for p in _parses(word)
    )


def _parses(word: str):
    return parses(word.lower())


def _known_name(word: str):
    """A dictionary parse that says the word is a first name or surname."""
    for p in _parses(word):
        if _NAME_TAGS & set(p.tag.grammemes) and type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer":
            return p
    return None


def _gender(words: list[str]) -> str:
    first = words[0]
    p = _known_name(first)
    if p is not None and p.tag.gender in ("masc", "femn"):
        return p.tag.gender
    last = normalize(words[-1])
    if re.search(r"(ова|ева|ина|ына|ская|цкая|овой|евой|иной|ской|овну|евну)$", last):
        return "femn"
    return "masc"


def _cap(word: str, like: str) -> str:
    """Give `word` the capitalization of `like`, part by part («аль-файез» → «Аль-Файез»)."""
    if "-" in word and "-" in like:
        return "-".join(_cap(a, b) for a, b in zip(word.split("-"), like.split("-")))
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def _nominative(word: str, gender: str, case_hint: str | None, first: bool = False) -> str:
    if "-" in word:
        head, _, tail = word.rpartition("-")
        # Only the last part declines: «Хилл-Льюисом» → «Хилл-Льюис», «Аль-Файезом» → «Аль-Файез».
        return f"{head}-{_nominative(tail, gender, case_hint)}"
    low = word.lower()
    if case_hint != "Ins" and _is_nominative_name(word):
        return word  # dictionary names already in the nominative stay as written
    if first:
        # A first name ending in a consonant is nominative (or indeclinable): «Ерлан», «Рустем».
        if re.search(r"[^аеёиоуыэюяьй]$", low) and not (case_hint == "Ins" and re.search(r"(ом|ем|ём)$", low)):
            return word
        if case_hint == "Ins" and not re.search(r"(ом|ем|ём|ой|ей|ою|ью)$", low):
            return word  # «Паулу Силвой», «Джузеппе Салой»: the first name does not decline
        # Otherwise trust the dictionary («Жанной» → Жанна, «Арманом» → Арман, «Халида» → Халид).
        known = _known_name(word)
        if known is not None and "Name" in known.tag.grammemes and known.tag.case != "nomn" and case_hint != "Nom":
            return _cap(known.normal_form, word)
    elif case_hint in (None, "Nom") and re.search(r"(ов|ев|ёв|ин|ын|ова|ева|ина|ына|ский|ская|цкий|цкая)$", low):
        return word  # a surname already in the nominative («Ахинжанов», not the name «Ахинжан»)
    return _cap(_strip_case(low, gender, case_hint), word)


def _strip_case(w: str, gender: str, case_hint: str | None) -> str:
    fem = gender == "femn"
    rules = [
        (r"(ск|цк)(ого|ому|им|ом)$", r"\1ий"),
        (r"(ск|цк)(ой|ую)$", r"\1ая"),
        (r"(ов|ев|ёв|ин|ын)(ым|ом)$", r"\1"),
        (r"(ов|ев|ёв|ин|ын)(ой|ою)$", r"\1а"),
        (r"(ов|ев|ёв|ин|ын)у$", r"\1а" if fem else r"\1"),
        (r"(ов|ев|ёв|ин|ын)(а)$", r"\1а" if fem or case_hint in (None, "Nom") else r"\1"),
        (r"ией$", "ия"),
        (r"ьей$", "ья"),
        (r"([лнрсзтдмбпвф])(ем|ём)$", r"\1ь"),  # «Гюлем» → Гюль, «Игорем» → Игорь
        (r"([^аеёиоуыэюя])(ом|ем|ём)$", r"\1"),
        (r"([^аеёиоуыэюя])(ой|ою)$", r"\1а"),
        (r"([^аеёиоуыэюя])ей$", r"\1я"),
    ]
    for pattern, repl in rules:
        if re.search(pattern, w):
            return re.sub(pattern, repl, w)
    if case_hint and case_hint != "Nom":
        if not fem and re.search(r"[^аеёиоуыэюя][ая]$", w) and case_hint in ("Gen", "Acc"):
            return w[:-1] if w.endswith("а") else w[:-1] + "ь" if w[-2] in "л" else w[:-1] + "й"
        if re.search(r"[^аеёиоуыэюя]ы$", w) and case_hint == "Gen":
            return w[:-1] + "а"
        if re.search(r"[^аеёиоуыэюя]и$", w) and case_hint == "Gen" and fem:
            return w[:-1] + "а"
        if not fem and re.search(r"[^аеёиоуыэюя][ую]$", w) and case_hint == "Dat":
            return w[:-1]
        if fem and re.search(r"[^аеёиоуыэюя]у$", w) and case_hint == "Acc":
            return w[:-1] + "а"
    return w


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

    def resolve(self, partial: str) -> str | None:
        words = partial.split()
        candidates = self._by_surname.get(self.surname_key(words[-1]), [])
        initials = [w[0] for w in words[:-1] if _INITIAL.match(w)]
        if initials:
            candidates = [c for c in candidates if c[0] == initials[0]]
        return candidates[0] if len(set(candidates)) == 1 else None  # ambiguous: leave as written
