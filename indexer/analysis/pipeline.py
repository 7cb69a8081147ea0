"""Release → analysed events → store documents.

`Analyzer.analyze` does the heavy, per-file work (natasha once per release text) and
returns a picklable `Analysis`; `Analysis.documents(book)` does the cheap, ordered part
(resolving «А.Ескараев» against names known from earlier releases).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from eventstore import schema
from eventstore.countries import terms_of
from eventstore.text import parses, terms, text_terms, tokens, tokens_between
from indexer.analysis import ner
from indexer.analysis.countries import country_hits, find_countries
from indexer.analysis.dates import date_found
from indexer.analysis.officials import Mention, NameBook, canonical
from indexer.analysis.people import find_people, prepare
from indexer.analysis.sides import FOREIGN, KZ, name_form, plural_title, side_of, side_scopes, sentence_of
from indexer.analysis.orgs import canonical_org, known_orgs, named_orgs, nominative_head
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
    # Evidence records of countries, orgs and the date (people's are made with their names resolved).
    evidence: list[dict] = field(default_factory=list)


@dataclass
class Analysis:
    release: Release
    events: list[EventAnalysis] = field(default_factory=list)

    def documents(self, book: NameBook) -> tuple[dict, list[dict]]:
        """Store documents, with partial names resolved (this release first, then `book`)."""
        r = self.release
        local = NameBook(m.name for e in self.events for m in e.mentions if not m.partial)
        local = NameBook(local.fuller(n) or book.fuller(n) or n for n in local.names())  # one form per person
        # Each mention on its own: namesakes are told apart by the title next to them.
        names, via = {}, {}
        # Partial names already resolved in this release: «М.Ескендиров» told us which Ескендиров a later
        # «Ескендиров» is, even when the book knows two.
        met = NameBook()
        for e in self.events:
            for m in e.mentions:
                key = e.n, m.start
                here = local.resolve(m.name, m.title, book) if m.partial else None
                if m.partial and not here and met.candidates(m.name):
                    here = met.resolve(m.name, m.title, book)
                earlier = book.resolve(m.name, m.title) if m.partial and not here else None
                if earlier:
                    met.add([earlier])
                if not m.partial:  # a full name written shorter than before: one value per person
                    here = local.fuller(m.name)
                    earlier = None if here else book.fuller(m.name)
                names[key] = here or earlier or (None if m.partial and m.tentative else m.name)
                via[key] = "release" if here else "earlier" if earlier else None
        # …and a later one tells which an earlier «А.Кенжебулатов» was («министр Кенжебулатов» below it).
        for e in self.events:
            for m in e.mentions:
                key = e.n, m.start
                if m.partial and via[key] is None and met.candidates(m.name):
                    found = met.resolve(m.name, m.title, book)
                    names[key], via[key] = (found, "release") if found else (names[key], None)
        # A tentative surname nobody is known by is no one.
        events = [replace(e, mentions=[m for m in e.mentions if names[e.n, m.start] is not None]) for e in self.events]
        kazakh = _KazakhSide(events, names, book)
        release_doc = schema.release(
            release_id=r.release_id,
            source=r.source,
            title=r.title,
            date=r.date.isoformat(),
            dateline=r.dateline,
            lead=r.lead,
            credit=r.credit,
            original_url=r.original_url,
        )
        docs = []
        for e in events:
            officials = _unique(names[e.n, m.start] for m in e.mentions)
            why: dict[str, list[tuple]] = {}
            roles = kazakh.roles(e, why)
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
                    terms=e.terms + _name_terms(officials) + _org_terms(e.orgs)
                    + [t for c in e.countries for t in terms_of(c)],
                    kz_roles=[f"{o}{schema.ROLE_SEPARATOR}{role}" for o, role in roles.items() if role],
                    evidence=e.evidence + _people_evidence(e, names, via, why),
                )
            )
            book.add_roles({o: role for o, role in roles.items() if role}, e.date.isoformat())
        book.add(n for n in names.values() if n)
        return release_doc, docs


class _KazakhSide:
    """Who acts for Kazakhstan in a release: said in a mention, or carried over from another
    mention of the same person in this release or an earlier one (continuity)."""

    def __init__(self, events: list[EventAnalysis], names: dict[tuple[int, int], str], book: NameBook):
        self.names, self.book = names, book
        self.release_roles: dict[str, str] = {}
        self.kazakh: set[str] = set()
        for e in events:
            for m in e.mentions:
                if m.side == KZ:
                    name = names[e.n, m.start]
                    self.kazakh.add(name)
                    if m.kz_role:
                        self.release_roles[name] = m.kz_role

    def roles(self, e: EventAnalysis, why: dict | None = None) -> dict[str, str]:
        """Kazakh officials of an event → role (the event's own words, else the last known); `why`
        gets name → [(rule, start, stop)] of what made each one Kazakh."""
        why = {} if why is None else why
        out: dict[str, str] = {}
        when = e.date.isoformat()
        sides: dict[str, list[Mention]] = {}
        for m in e.mentions:
            sides.setdefault(self.names[e.n, m.start], []).append(m)
        for name, mentions in sides.items():
            own = [m for m in mentions if m.side == KZ]
            if own:
                out[name] = next((m.kz_role for m in own if m.kz_role), None) or self._known(name, when) or ""
                why[name] = [(m.side_rule, *m.side_span) for m in own]
            elif not any(m.side == FOREIGN for m in mentions):
                known = self._known(name, when)
                if name in self.kazakh or known is not None:
                    out[name] = self.release_roles.get(name) or known or ""
                    # Nothing here says it: the mentions, and where it was said.
                    rule = "side:release" if name in self.kazakh else "side:earlier"
                    why[name] = [(rule, m.start, m.stop) for m in mentions]
        return out

    def _known(self, name: str, when: str) -> str | None:
        return self.release_roles.get(name) or self.book.kz_role(name, when)


class Analyzer:
    """Loads natasha once (per process) and analyses releases."""

    def __init__(self) -> None:
        ner.load()

    def analyze(self, release: Release, previous: date | None = None) -> Analysis:
        """`previous`: the date of the event just before these paragraphs (when a large release is
        analysed in slices), for «Днем ранее» at a slice's start."""
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
            previous = analysis.events[-1].date if analysis.events else previous
            analysis.events.append(self._event(n, text, lo, ents, release, toks, previous))
        return analysis

    def _event(self, n: int, text: str, offset: int, ents: list, release: Release, toks,
               previous: date | None = None) -> EventAnalysis:
        natasha = {(x.start, x.stop) for x in ents if x.type == "PER"}
        ents = prepare(ents, text, offset)
        found, spans = find_people(ents, text, offset)
        people = [(p.entity, p.floor) for p in found]
        scopes = side_scopes(text)
        bounds = [y.start - offset for y, _ in people[1:]] + [None]
        sides = [side_of(text, x.start - offset, x.stop - offset, fl, scopes, bound)
                 for (x, fl), bound in zip(people, bounds)]
        for i in range(1, len(people)):
            # «депутаты X и Y», «послами X, Y»: a plural title is every listed name's.
            gap = text[people[i - 1][0].stop - offset:people[i][0].start - offset]
            if sides[i].title is None and _LIST_GAP.fullmatch(gap) and plural_title(sides[i - 1].title):
                sides[i] = sides[i - 1]
        mentions, cases = [], []
        for (x, fl), side, person in zip(people, sides, found):
            start = x.start - offset
            # A title without a country makes its holder Kazakhstan's only when nobody else in
            # the sentence is named as Kazakhstan's (then this one is the counterpart), unless the
            # two are listed together («приняли посол Казахстана X и вице-министр Y»).
            if side.side == KZ and not side.strong and any(
                o.side == KZ and o.strong and sentence_of(text, y.start - offset) == sentence_of(text, start)
                and not _listed_together(text, y.start - offset, y.stop - offset, start, x.stop - offset)
                for (y, _), o in zip(people, sides)
            ):
                side = replace(side, side=None, role=None)
            case, gender = name_form(text, start, x.stop - offset, fl)
            if case is None and mentions and _LIST_GAP.fullmatch(text[mentions[-1].stop:start]):
                case = cases[-1]  # «с министром X и Y»: a name listed after another is in its case
            cases.append(case)
            name, partial = canonical(x.text, case or tuple(x.cases), gender)
            rule = "surname:bare" if person.tentative else "natasha:PER" if any(
                a <= x.start < b for a, b in natasha) else "person:rules"
            mentions.append(Mention(name, start, x.stop - offset, partial, side.role if side.side == KZ else None,
                                    side.side, side.title, person.tentative, rule, side.rule, side.span))
        orgs = [(x.start - offset, x.start - offset + len(t), canonical_org(t), "natasha:ORG")
                for x in ents if x.type == "ORG" for t in [_org_text(x, ents, text, offset)]]
        table = [(a, b, name, "org:table") for a, b, name in named_orgs(toks)]
        # natasha's span cut short inside a name the table knows («Европейской службы внешних» of
        # «… внешних действий») is that name, not another organization.
        orgs = [o for o in orgs if not any(c <= o[0] < d and o[1] < d for c, d, *_ in table)]
        orgs = sorted(orgs + table, key=lambda o: o[0])
        locations = _unique(nominative_head(x.text) for x in ents if x.type == "LOC")
        when = date_found(text, release.date, release.dateline_date, previous)
        countries = country_hits(text, spans + _inside_org_names(ents, text, offset), toks)
        evidence = [_record("country", c, a, b, rule) for c, a, b, rule in countries]
        evidence += [_record("org", name, a, b, rule) for a, b, name, rule in orgs if name]
        evidence.append(_record("date", when.day.isoformat(), when.at, when.stop, when.rule))
        return EventAnalysis(
            n=n,
            text=text,
            date=when.day,
            countries=_unique(c for c, *_ in countries),
            mentions=mentions,
            orgs=_unique(name for _, _, name, _ in orgs),
            locations=locations,
            terms=text_terms(text, spans, toks),
            evidence=evidence,
        )


def _record(facet: str, value: str, start: int, end: int, rule: str) -> dict:
    """One evidence record (eventstore/schema.py describes the shape)."""
    return {"facet": facet, "value": value, "start": start, "end": end, "rule": rule}


def _people_evidence(e: EventAnalysis, names: dict, via: dict, why: dict) -> list[dict]:
    """Each mention of each official (with how a partial name was completed), then what made the
    Kazakh ones Kazakh."""
    out = []
    for m in e.mentions:
        record = _record("official", names[e.n, m.start], m.start, m.stop, m.rule)
        if via[e.n, m.start]:
            record["via"] = via[e.n, m.start]
        out.append(record)
    for name, reasons in why.items():
        out += [_record("kz_official", name, a, b, rule) for rule, a, b in reasons]
    return out


_LIST_GAP = re.compile(r"\s*(,|и)\s*")  # between two names of one list


def _listed_together(text: str, a_start: int, a_stop: int, b_start: int, b_stop: int) -> bool:
    """Two names in one list of subjects: only titles, «и» and commas between them — no verb, no «с»."""
    between = text[a_stop:b_start] if a_stop <= b_start else text[b_stop:a_start]
    if re.search(r"[;:()–—]", between):
        return False
    return not any(w.lower() in ("с", "со") or parses(w.lower())[0].tag.POS == "VERB"
                   for w in re.findall(r"[\w-]+", between))


def _org_text(org, ents: list, text: str, offset: int) -> str:
    """The organization's name as natasha should have cut it: with a place or the parent organization
    right after it («Торгово-промышленная палата» + «Кувейта», «Совета Безопасности» + «ООН») and the
    person it is named after («Центр тюркологии имени» + «Махмуда Кашгари»)."""
    stop = org.stop - offset
    for x in ents:
        start = x.start - offset
        if start <= stop:
            continue
        gap = text[stop:start]
        parent = x.type == "ORG" and canonical_org(x.text) in known_orgs()
        if (x.type == "LOC" or parent) and gap == " " or x.type == "PER" and re.fullmatch(r"\s+(имени\s+)?", gap) and (
                org.text.endswith("имени") or gap.strip() == "имени"):
            return text[org.start - offset:x.stop - offset]
        break
    return org.text


_WITH_INSIDE = re.compile(r"(?<![\w-])(?:с|со)\s+([А-ЯЁ][\w-]+)")
_ORG_PREPOSITION = re.compile(r"(?<![\w-])(?:с|со|по|для)\s+$")


def _inside_org_names(ents: list, text: str, offset: int) -> list[tuple[int, int]]:
    """Places an organization's name is about, not where it is: «Японской ассоциации по торговле с
    Россией» (natasha ends the body at the preposition) names no Russia."""
    out = [(x.start - offset + m.start(1), x.start - offset + m.end(1)) for x in ents if x.type == "ORG"
           for m in _WITH_INSIDE.finditer(x.text)]
    for x, y in zip(ents, ents[1:]):
        if x.type != "ORG" or y.type != "LOC":
            continue
        gap = text[x.stop - offset:y.start - offset]
        # … or ends before it, at a noun of relations: «Корейского общества дружбы с Монголией».
        ends_with_relation = re.fullmatch(r"\s+(с|со)\s+", gap) and parses(x.text.split()[-1].lower())[0].normal_form \
            in _RELATIONS
        if ends_with_relation or gap.strip() == "" and _ORG_PREPOSITION.search(text[x.start - offset:y.start - offset]):
            out.append((y.start - offset, y.stop - offset))
    return out


_RELATIONS = {"дружба", "торговля", "сотрудничество", "связь", "отношение", "партнёрство", "партнерство"}


def _name_terms(officials: list[str]) -> list[str]:
    """The canonical names' own terms after the text's: a facet value typed into the search box, in
    any form, finds its events even where the text wrote the name otherwise («Мацудой», «А.Ескараев»)."""
    out: list[str] = []
    for name in officials:
        for word in name.split():
            out.extend(terms(word, person=True))
    return out


def _org_terms(orgs: list[str]) -> list[str]:
    """Likewise an organization as the facet names it («МИД Казахстана» for «Министерство иностранных
    дел», «ОИС» for «Организация исламского сотрудничества»)."""
    return [t for name in orgs for token in tokens(name) for t in terms(token.text)]


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
