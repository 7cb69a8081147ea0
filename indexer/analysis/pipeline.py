"""Release → analysed events → store documents.

`Analyzer.analyze` does the heavy, per-file work (natasha once per release text) and
returns a picklable `Analysis`; `Analysis.documents(book)` does the cheap, ordered part
(resolving «А.Ескараев» against names known from earlier releases).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from eventstore import schema
from eventstore.text import text_terms, tokens_between
from indexer.analysis import ner
from indexer.analysis.countries import find_countries
from indexer.analysis.dates import event_date
from indexer.analysis.officials import Mention, NameBook, canonical, kazakh_role
from indexer.analysis.orgs import canonical_org, nominative_head
from indexer.split import split_groups
from indexer.release import Release


@dataclass
class EventAnalysis:
    n: int
    text: str
    date: date
    countries: list[str]
    mentions: list[Mention]
    orgs: list[str]
    locations: list[str]
    terms: list[str]


@dataclass
class Analysis:
    release: Release
    events: list[EventAnalysis] = field(default_factory=list)

    def documents(self, book: NameBook) -> tuple[dict, list[dict]]:
        """Store documents, with partial names resolved (this release first, then `book`)."""
        r = self.release
        local = NameBook(m.name for e in self.events for m in e.mentions if not m.partial)
        resolved = {}
        for e in self.events:
            for m in e.mentions:
                if m.partial:
                    resolved[m.name] = local.resolve(m.name) or book.resolve(m.name) or m.name
        roles: dict[str, str] = {}
        for e in self.events:
            for m in e.mentions:
                if m.kz_role:
                    roles.setdefault(resolved.get(m.name, m.name), m.kz_role)
        release_doc = schema.release(
            release_id=r.release_id,
            source=r.source,
            title=r.title,
            date=r.date.isoformat(),
            dateline=r.dateline,
            lead=r.lead,
            credit=r.credit,
        )
        docs = []
        for e in self.events:
            officials = _unique(resolved.get(m.name, m.name) for m in e.mentions)
            docs.append(
                schema.event(
                    id=schema.event_id(r.release_id, e.n),
                    release_id=r.release_id,
                    n=e.n,
                    text=e.text,
                    date=e.date.isoformat(),
                    release_date=r.date.isoformat(),
                    release_title=r.title,
                    countries=e.countries,
                    officials=officials,
                    kz_officials=[o for o in officials if o in roles],
                    roles={o: roles[o] for o in officials if o in roles},
                    orgs=e.orgs,
                    locations=e.locations,
                    terms=e.terms,
                )
            )
        book.add(local.names())
        return release_doc, docs


class Analyzer:
    """Loads natasha once (per process) and analyses releases."""

    def __init__(self) -> None:
        ner.load()

    def analyze(self, release: Release) -> Analysis:
        pars = release.paragraphs
        body = "\n".join(pars)
        starts, pos = [], 0
        for p in pars:
            starts.append(pos)
            pos += len(p) + 1
        parsed = ner.parse(body)
        found = parsed.entities
        persons = [(x.start, x.stop) for x in found if x.type == "PER"]

        def countries_of(text: str) -> list[str]:
            return find_countries(text)

        analysis = Analysis(release)
        for n, group in enumerate(split_groups(pars, countries_of), 1):
            lo, hi = starts[group[0]], starts[group[-1]] + len(pars[group[-1]])
            text = body[lo:hi]
            ents = [x for x in found if lo <= x.start and x.stop <= hi]
            toks = tokens_between(parsed.tokens, lo, hi)
            analysis.events.append(self._event(n, text, lo, ents, release, toks))
        return analysis

    def _event(self, n: int, text: str, offset: int, ents: list, release: Release, toks) -> EventAnalysis:
        spans = [(x.start - offset, x.stop - offset) for x in ents if x.type == "PER"]
        mentions, floor = [], 0
        for x in ents:
            if x.type != "PER" or not _looks_like_person(x.text, text[x.stop - offset :]):
                continue
            start = x.start - offset
            name, partial = canonical(x.text, x.cases)
            mentions.append(Mention(name, start, x.stop - offset, partial, kazakh_role(text, start, floor)))
            floor = x.stop - offset
        orgs = _unique(canonical_org(_with_country(x, ents, text, offset)) for x in ents if x.type == "ORG")
        locations = _unique(nominative_head(x.text) for x in ents if x.type == "LOC")
        fallback = release.dateline_date or release.date
        return EventAnalysis(
            n=n,
            text=text,
            date=event_date(text, release.date, fallback),
            countries=find_countries(text, spans, toks),
            mentions=mentions,
            orgs=orgs,
            locations=locations,
            terms=text_terms(text, spans, toks),
        )


def _with_country(org, ents: list, text: str, offset: int) -> str:
    """natasha stops «Торгово-промышленная палата» before «Кувейта»: a place right after belongs to it."""
    for x in ents:
        if x.type == "LOC" and x.start == org.stop + 1 and text[org.stop - offset] == " ":
            return f"{org.text} {x.text}"
    return org.text


def _looks_like_person(text: str, after: str) -> bool:
    words = text.split()
    if not words or not all(w[:1].isupper() for w in words):
        return False
    # «мэрами городов: Кейптауна - …, Джорджа - …»: a lone word before a dash is a place.
    if len(words) == 1 and re.match(r"^\s+[-–—]\s", after):
        return False
    # A lone capitalized word that is a country or city name is a place natasha mislabelled.
    return not (len(words) == 1 and find_countries(text))


def _unique(values) -> list:
    out = []
    for v in values:
        if v and v not in out:
            out.append(v)
    return out


_analyzer: Analyzer | None = None


def get_analyzer() -> Analyzer:
    """The process-wide analyzer (natasha models are ~250 MB: load them once)."""
    global _analyzer
    if _analyzer is None:
        _analyzer = Analyzer()
    return _analyzer
