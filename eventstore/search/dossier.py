"""Dossiers: what the store knows about one official or one country, from aggregations only.

A dossier is a few store primitives over the events carrying the name or the code, the same on
every store: `execute` (how many, the month histogram, the latest events in date order), `spans`
(people, countries, organizations and official–role pairs, each with a count and first and last
date) and, for a country, `term_stats` (its distinctive topics). No event is read beyond the
latest few shown.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from eventstore.query.model import TextQuery
from eventstore.schema import role_pair, split_role_pair
from eventstore.search.aggregates import Span
from eventstore.search.facets import label, months
from eventstore.search.request import SearchRequest
from eventstore.search.result import FacetValue
from eventstore.search.topics import Topic, distinctive, name_like
from eventstore.text import text_terms

LIST_SIZE = 30  # values per list (people, countries, organizations)
LATEST = 10  # latest events shown
SPANS = 200  # values read per list: the shown ones, the people whose names are kept out of topics, roles
TOPICS = 15
TOPIC_CANDIDATES = 200
ENVOY_WORDS = ("посол", "посланник", "поверенный", "генеральный консул", "консул", "постоянный представитель")


@dataclass
class Role:
    role: str
    count: int
    first: str
    last: str


@dataclass
class Entry:
    """A value in a dossier's list: a person, a country or an organization."""

    value: str
    label: str
    count: int
    first: str
    last: str
    kz: bool = False  # people: one of Kazakhstan's officials
    roles: list[Role] = field(default_factory=list)  # people: their roles in these events, as the texts give them

    @property
    def envoy(self) -> bool:
        return any(r.role.lower().startswith(ENVOY_WORDS) for r in self.roles)


@dataclass
class Dossier:
    kind: str  # "official" or "country"
    value: str  # the name or the ISO code
    label: str
    total: int
    first: str
    last: str
    months: list[FacetValue]
    latest: list[dict]  # public documents, newest first
    orgs: list[Entry]
    kz: bool = False  # an official: one of Kazakhstan's
    roles: list[Role] = field(default_factory=list)  # an official: roles by date
    countries: list[Entry] = field(default_factory=list)  # an official: countries of their events
    people: list[Entry] = field(default_factory=list)  # counterparts met / the country's officials met
    kz_officials: list[Entry] = field(default_factory=list)  # a country: Kazakh envoys and officials
    topics: list[Topic] = field(default_factory=list)  # a country


def _request(facet: str, value: str, latest: int) -> SearchRequest:
    return SearchRequest(TextQuery(), filters=((facet, (value,)),), sort="date_desc", size=latest, facets=())


def _entries(facet: str, spans: list[Span], kz: set[str] = frozenset()) -> list[Entry]:
    return [Entry(s.value, label(facet, s.value), s.count, s.first, s.last, s.value in kz) for s in spans]


def _kazakh(store, names: list[str]) -> set[str]:
    return store.kazakh(names) if names else set()


def _roles(spans: list[Span]) -> dict[str, list[Role]]:
    """Official–role pairs → each official's roles, in the order they first held them."""
    out: dict[str, list[Role]] = {}
    for s in spans:
        name, role = split_role_pair(s.value)
        out.setdefault(name, []).append(Role(role, s.count, s.first, s.last))
    for roles in out.values():
        roles.sort(key=lambda r: (r.first, r.last, r.role))
    return out


def official(store, name: str, latest: int = LATEST, size: int = LIST_SIZE) -> Dossier | None:
    """Everything about one person (a Kazakh official or a counterpart); None if no event names them."""
    request = _request("official", name, latest)
    found = store.execute(request)
    if not found.total:
        return None
    spans = store.spans(request, ("official", "country", "org", "kz_role"), SPANS,
                        only={"kz_role": role_pair(name, "")})
    people = [s for s in spans["official"] if s.value != name][:size]
    kz = _kazakh(store, [name] + [s.value for s in people])
    first, last = _dates(spans["official"], name, found.months)
    return Dossier(
        "official", name, name, found.total, first, last,
        months(found.months), [doc for doc, _ in found.rows], _entries("org", spans["org"][:size]),
        kz=name in kz, roles=_roles(spans["kz_role"]).get(name, []),
        countries=_entries("country", spans["country"][:size]), people=_entries("official", people, kz))


def country(store, code: str, latest: int = LATEST, size: int = LIST_SIZE) -> Dossier | None:
    """Everything about one country; None if no event is about it."""
    code = code.upper()
    request = _request("country", code, latest)
    found = store.execute(request)
    if not found.total:
        return None
    spans = store.spans(request, ("official", "kz_official", "org", "kz_role", "country"), SPANS,
                        only={"country": code})
    kz = {s.value for s in spans["kz_official"]}
    kz |= _kazakh(store, [s.value for s in spans["official"] if s.value not in kz])
    ours = _entries("official", spans["kz_official"][:size], kz)
    roles = _roles(spans["kz_role"])
    for entry in ours:
        entry.roles = roles.get(entry.value, [])
    theirs = _entries("official", [s for s in spans["official"] if s.value not in kz][:size])
    first, last = _dates(spans["country"], code, found.months)
    return Dossier(
        "country", code, label("country", code), found.total, first, last,
        months(found.months), [doc for doc, _ in found.rows], _entries("org", spans["org"][:size]),
        people=theirs, kz_officials=ours, topics=topics(store, request, spans["official"]))


def _dates(spans: list[Span], value: str, months_found: list[tuple[str, int]]) -> tuple[str, str]:
    """First and last date of the dossier's own value (in every one of its events, so at the top of
    its list; if a crowd tied with it pushed it out, the months give the first and last month)."""
    own = next((s for s in spans if s.value == value), None)
    if own:
        return own.first, own.last
    return months_found[0][0] + "-01", months_found[-1][0] + "-01"


def topics(store, request: SearchRequest, people: list[Span], size: int = TOPICS) -> list[Topic]:
    """The request's distinctive topic terms; the names of the people in its events left out."""
    names = frozenset(t for s in people for t in (*text_terms(s.value, [(0, len(s.value))]), *text_terms(s.value)))
    stats = store.term_stats(request, TOPIC_CANDIDATES, min_count=1, exclude=names)
    stats.rows = [r for r in stats.rows if not name_like(r[0], names)]
    return distinctive(stats, size)
