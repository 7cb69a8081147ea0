"""The curation file: TOML that journalists edit, read into a `Curation` and checked entry by entry.

tomllib gives no line numbers, so each `[[section]]` header is found in the raw text: the k-th
header of a section is the line of its k-th entry, and a key's line is the first `key =` below it.
Every problem is collected (a journalist fixes them all in one go) and reported as `file:line: …`.
"""
from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from eventstore import countries

# Bump when apply.py changes what a curation does: stores re-apply even an unchanged file.
RULES_VERSION = "1"

SECTIONS = {
    "person": {"name", "aliases", "kazakh", "role", "since", "until"},
    "not_person": {"names"},
    "org": {"name", "aliases"},
    "not_org": {"names"},
    "country": {"event", "add", "remove", "word"},
}
_EVENT_ID = re.compile(r"^[0-9a-z]+-\d+$")


class CurationError(Exception):
    """The file cannot be used: every problem found, one `file:line: reason` per line."""

    def __init__(self, path: str, problems: list[str]):
        self.path, self.problems = path, problems
        super().__init__("\n".join(problems))


def key(name: str) -> str:
    """How names are compared: any case, ё = е, spaces collapsed, «А.Ескараев» = «А. Ескараев»."""
    s = name.lower().replace("ё", "е")
    s = re.sub(r"\.\s*", ". ", s)
    return " ".join(s.split())


@dataclass(frozen=True)
class Person:
    name: str
    entry: str  # «file:line», shown on event pages as the reason of a change
    kazakh: bool | None = None
    role: str | None = None
    since: str | None = None  # ISO dates bounding where `role` replaces the extracted one
    until: str | None = None

    def role_on(self, day: str) -> str | None:
        if self.role and (self.since is None or day >= self.since) and (self.until is None or day <= self.until):
            return self.role
        return None


@dataclass(frozen=True)
class Org:
    name: str
    entry: str


@dataclass(frozen=True)
class CountryFix:
    entry: str
    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    word: str | None = None  # a word that is not the removed countries (global fix)


@dataclass
class Curation:
    source: str = ""  # the file's name as entries cite it
    digest: str = ""  # what the store remembers, to re-apply when the file changes
    people: dict[str, Person] = field(default_factory=dict)  # key(name or alias) → person
    not_people: dict[str, str] = field(default_factory=dict)  # key(name) → entry
    orgs: dict[str, Org] = field(default_factory=dict)
    not_orgs: dict[str, str] = field(default_factory=dict)
    events: dict[str, CountryFix] = field(default_factory=dict)  # event id → its countries' fix
    words: list[CountryFix] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.people or self.not_people or self.orgs or self.not_orgs or self.events or self.words)


NONE = Curation(digest="none")


def load(path: str | Path | None) -> Curation:
    """The curation file at `path` (None: no curation). Raises CurationError listing every problem."""
    if path is None or str(path) == "":
        return NONE
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise CurationError(str(path), [f"{path}: cannot read the curation file: {e.strerror or e}"]) from None
    return parse(raw, path.name, str(path))


def parse(raw: bytes, name: str, shown: str | None = None) -> Curation:
    shown = shown or name
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise CurationError(shown, [f"{shown}: not UTF-8 (byte {e.start}): save the file as UTF-8"]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
        where = f"{shown}:{m[1]}" if m else shown
        reason = re.sub(r"\s*\(at line.*\)", "", str(e))
        raise CurationError(shown, [f"{where}: TOML syntax error: {reason} (column {m[2] if m else '?'})"]) from None
    checker = _Checker(text, name, shown)
    cur = checker.read(data)
    if checker.problems:  # in the file's order
        raise CurationError(shown, sorted(checker.problems, key=lambda p: int(p[len(shown) + 1:].split(":", 1)[0])))
    cur.digest = hashlib.sha256(RULES_VERSION.encode() + b"\0" + raw).hexdigest()
    return cur


class _Checker:
    def __init__(self, text: str, name: str, shown: str):
        self.name, self.shown, self.problems = name, shown, []
        self.lines = text.split("\n")
        self.headers: dict[str, list[int]] = {}
        for i, line in enumerate(self.lines, 1):
            m = re.match(r"\s*\[\[\s*([\w-]+)\s*\]\]", line)
            if m:
                self.headers.setdefault(m[1], []).append(i)

    # --- where things are ---
    def line_of(self, section: str, k: int, key_name: str | None = None) -> int:
        starts = self.headers.get(section, [])
        if k >= len(starts):  # written inline (`person = [{…}]`): the section's key line
            return next((i for i, l in enumerate(self.lines, 1) if re.match(rf"\s*{section}\s*=", l)), 1)
        start = starts[k]
        if key_name:
            nxt = min([s for ss in self.headers.values() for s in ss if s > start] + [len(self.lines) + 1])
            for i in range(start + 1, nxt):
                if re.match(rf"\s*{re.escape(key_name)}\s*=", self.lines[i - 1]):
                    return i
        return start

    def problem(self, line: int, message: str) -> None:
        self.problems.append(f"{self.shown}:{line}: {message}")

    # --- reading ---
    def read(self, data: dict) -> Curation:
        cur = Curation(source=self.name)
        for section, value in data.items():
            if section not in SECTIONS:
                hint = _hint(section, SECTIONS)
                line = (self.headers.get(section) or [self.line_of(section, 10**9)])[0]
                self.problem(line, f"unknown section [[{section}]]{hint} (known: {', '.join(SECTIONS)})")
                continue
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                self.problem(self.line_of(section, 0), f"[[{section}]] must be a list of tables: write each entry "
                                                       f"under its own [[{section}]] line")
                continue
            for k, entry in enumerate(value):
                for unknown in sorted(set(entry) - SECTIONS[section]):
                    self.problem(self.line_of(section, k, unknown),
                                 f"[[{section}]]: unknown key «{unknown}»{_hint(unknown, SECTIONS[section])} "
                                 f"(known: {', '.join(sorted(SECTIONS[section]))})")
                getattr(self, "_" + section)(cur, k, entry)
        self._cross_check(cur)
        return cur

    def _entry(self, section: str, k: int) -> str:
        return f"{self.name}:{self.line_of(section, k)}"

    def _text(self, section: str, k: int, entry: dict, name: str, required: bool = False) -> str | None:
        v = entry.get(name)
        if v is None:
            if required:
                self.problem(self.line_of(section, k), f"[[{section}]]: «{name}» is missing")
            return None
        if not isinstance(v, str) or not v.strip():
            self.problem(self.line_of(section, k, name), f"[[{section}]]: «{name}» must be a non-empty text in quotes")
            return None
        return " ".join(v.split())

    def _texts(self, section: str, k: int, entry: dict, name: str, required: bool = False) -> list[str]:
        v = entry.get(name)
        if v is None:
            if required:
                self.problem(self.line_of(section, k), f"[[{section}]]: «{name}» is missing")
            return []
        if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
            self.problem(self.line_of(section, k, name),
                         f"[[{section}]]: «{name}» must be a list of non-empty texts: {name} = [\"…\", \"…\"]")
            return []
        return [" ".join(x.split()) for x in v]

    def _date(self, section: str, k: int, entry: dict, name: str) -> str | None:
        v = entry.get(name)
        if v is None:
            return None
        if isinstance(v, date):
            return v.isoformat()[:10]
        if isinstance(v, str):
            try:
                return date.fromisoformat(v).isoformat()
            except ValueError:
                pass
        self.problem(self.line_of(section, k, name), f"[[{section}]]: «{name}» must be a date: {name} = 2024-01-31")
        return None

    def _codes(self, section: str, k: int, entry: dict, name: str) -> tuple[str, ...]:
        out = []
        for v in self._texts(section, k, entry, name):
            code = countries.code(v)
            if code is None:
                self.problem(self.line_of(section, k, name), f"[[{section}]]: «{v}» is not a country code or name "
                                                             f"(ISO codes like \"ZA\", or \"ЮАР\")")
            elif code == "KZ":
                self.problem(self.line_of(section, k, name), f"[[{section}]]: Kazakhstan is never an event's country")
            else:
                out.append(code)
        return tuple(dict.fromkeys(out))

    # --- the sections ---
    def _person(self, cur: Curation, k: int, entry: dict) -> None:
        name = self._text("person", k, entry, "name", required=True)
        aliases = self._texts("person", k, entry, "aliases")
        kazakh = entry.get("kazakh")
        if kazakh is not None and not isinstance(kazakh, bool):
            self.problem(self.line_of("person", k, "kazakh"), "[[person]]: «kazakh» must be true or false (no quotes)")
            kazakh = None
        role = self._text("person", k, entry, "role")
        since, until = self._date("person", k, entry, "since"), self._date("person", k, entry, "until")
        if role and kazakh is not True:
            self.problem(self.line_of("person", k, "role"), "[[person]]: «role» is for Kazakhstan's officials: "
                                                            "add kazakh = true")
        if (since or until) and not role:
            self.problem(self.line_of("person", k, "since" if since else "until"),
                         "[[person]]: «since» and «until» bound the «role»: give the role too")
        if since and until and since > until:
            self.problem(self.line_of("person", k, "until"), f"[[person]]: «until» {until} is before «since» {since}")
        if name is None:
            return
        if "aliases" not in entry and "kazakh" not in entry:
            self.problem(self.line_of("person", k), f"[[person]] «{name}»: nothing to do: give «aliases» "
                                                    f"or «kazakh»")
        person = Person(name, self._entry("person", k), kazakh, role, since, until)
        for alias in (name, *aliases):
            self._claim(cur.people, key(alias), person, "person", k, alias,
                        lambda other: f"«{alias}» is already the name or an alias of «{other.name}» ({other.entry})")

    def _not_person(self, cur: Curation, k: int, entry: dict) -> None:
        for n in self._texts("not_person", k, entry, "names", required=True):
            cur.not_people.setdefault(key(n), self._entry("not_person", k))

    def _org(self, cur: Curation, k: int, entry: dict) -> None:
        name = self._text("org", k, entry, "name", required=True)
        aliases = self._texts("org", k, entry, "aliases", required=True)
        if name is None:
            return
        org = Org(name, self._entry("org", k))
        for alias in (name, *aliases):
            self._claim(cur.orgs, key(alias), org, "org", k, alias,
                        lambda other: f"«{alias}» is already the name or an alias of «{other.name}» ({other.entry})")

    def _not_org(self, cur: Curation, k: int, entry: dict) -> None:
        for n in self._texts("not_org", k, entry, "names", required=True):
            cur.not_orgs.setdefault(key(n), self._entry("not_org", k))

    def _country(self, cur: Curation, k: int, entry: dict) -> None:
        event = self._text("country", k, entry, "event")
        word = self._text("country", k, entry, "word")
        add, remove = self._codes("country", k, entry, "add"), self._codes("country", k, entry, "remove")
        line = self.line_of("country", k)
        if (event is None) == (word is None):
            if not any(p.startswith(f"{self.shown}:{line}:") for p in self.problems):
                self.problem(line, "[[country]]: give either «event» (an event id: add/remove its countries) "
                                   "or «word» (a word that is not the countries in «remove»)")
            return
        if event is not None:
            if not _EVENT_ID.match(event):
                self.problem(self.line_of("country", k, "event"), f"[[country]]: «{event}» is not an event id "
                                                                  f"(as in /event/<id>, e.g. \"1a2b3c4d5e6f-3\")")
            if not add and not remove:
                self.problem(line, "[[country]]: give «add» or «remove» (or both)")
            for both in sorted(set(add) & set(remove)):
                self.problem(line, f"[[country]]: {both} is both added and removed")
            fix = CountryFix(self._entry("country", k), add, remove)
            self._claim(cur.events, event, fix, "country", k, event,
                        lambda other: f"event {event} is already corrected at {other.entry}: merge the two entries")
        else:
            if add:
                self.problem(self.line_of("country", k, "add"), "[[country]]: «add» needs an «event»; a «word» "
                                                                "entry only removes countries")
            if not remove:
                self.problem(line, f"[[country]]: «word» needs «remove»: the countries «{word}» is not")
            cur.words.append(CountryFix(self._entry("country", k), (), remove, word))

    def _claim(self, table: dict, k_: str, value, section: str, k: int, shown: str, message) -> None:
        other = table.get(k_)
        if other is not None and other != value:
            self.problem(self.line_of(section, k), f"[[{section}]]: {message(other)}")
        else:
            table[k_] = value

    def _cross_check(self, cur: Curation) -> None:
        for k_, entry in cur.not_people.items():
            if k_ in cur.people:
                p = cur.people[k_]
                self.problem(int(entry.rsplit(":", 1)[1]), f"[[not_person]]: «{p.name}» is a person at {p.entry}")
        for k_, entry in cur.not_orgs.items():
            if k_ in cur.orgs:
                o = cur.orgs[k_]
                self.problem(int(entry.rsplit(":", 1)[1]), f"[[not_org]]: «{o.name}» is an organization at {o.entry}")


def _hint(word: str, known) -> str:
    close = difflib.get_close_matches(word, list(known), n=1)
    return f" — did you mean «{close[0]}»?" if close else ""
