"""The event and release documents: one definition of their fields, used by every part.

The indexer fills these fields, the stores index them (facet fields become filters and
counts, `terms` is the searchable lemma stream), the web shows the public ones. Adding a
field is one line here plus the analysis that fills it.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # "keyword", "keywords" (a list), "text", "date", "int", "map", "terms", "records" (a list of dicts)
    label: str  # Russian column header (exports)
    public: bool = True  # False: stored for searching, never shown (the lemma stream)
    facet: str | None = None  # the facet (URL parameter) that filters on this field

    @property
    def empty(self):
        return [] if self.kind in ("keywords", "terms", "records") else {} if self.kind == "map" else None


EVENT = (
    Field("id", "keyword", "id"),
    Field("release_id", "keyword", "релиз"),
    Field("n", "int", "номер в релизе"),
    Field("text", "text", "текст"),
    Field("date", "date", "дата события"),
    Field("release_date", "date", "дата релиза"),
    Field("release_title", "text", "заголовок релиза"),
    Field("countries", "keywords", "страны", facet="country"),
    Field("officials", "keywords", "люди", facet="official"),
    Field("kz_officials", "keywords", "представители Казахстана"),
    Field("roles", "map", "должности"),
    Field("orgs", "keywords", "организации", facet="org"),
    Field("locations", "keywords", "места"),
    Field("terms", "terms", "термины", public=False),
    # «name\x1frole» for each Kazakh official with a role: the indexer rebuilds who was whom, when, from it.
    Field("kz_roles", "keywords", "роли лиц Казахстана", public=False),
    # Where each facet value came from (README «Evidence»): {"facet": country | official | kz_official |
    # org | date, "value" (as in the facet field), "start", "end" (characters of `text`; both 0 when the
    # date came from the header), "rule" (e.g. "natasha:PER", "country:adjective", "side:delegation",
    # "date:dateline", "curation"), optional "via" (release | earlier: where a partial name was completed)
    # and, from the curation, "entry"}. One record per mention: a value may have several.
    Field("evidence", "records", "основания"),
    # What the curation file changed: {"facet", "value", "action", "was", "entry"} (indexer/curation).
    Field("corrections", "records", "исправления"),
    # What the analysis said where the curation file changed it (the changed fields, and how many terms
    # the curation appended): a changed file is re-applied to stored events without the NLP.
    Field("extracted", "map", "извлечено", public=False),
)
RELEASE = (
    Field("release_id", "keyword", "id"),
    Field("source", "keyword", "файл"),
    Field("title", "text", "заголовок"),
    Field("date", "date", "дата"),
    Field("dateline", "text", "датлайн"),
    Field("lead", "text", "лид"),
    Field("credit", "text", "фото"),
    # The release's address on the publisher's site, when the file gives one (shown as «оригинал»).
    Field("original_url", "keyword", "оригинал"),
)

FIELDS = {f.name: f for f in EVENT}
PUBLIC = tuple(f.name for f in EVENT if f.public)
# Facet name (URL parameter) → event field it filters on.
FACETS = {f.facet: f.name for f in EVENT if f.facet}
# Also held per value by the stores, to tell Kazakhstan's officials from counterparts.
KZ_FIELD = "kz_officials"
ROLE_FIELD = "kz_roles"
# Every value set the stores index per event, by the name aggregations use: the facets, and two
# that are never URL filters (which officials are Kazakh in the event; their (name, role) pairs).
VALUE_FIELDS = {**FACETS, "kz_official": KZ_FIELD, "kz_role": ROLE_FIELD}


ROLE_SEPARATOR = "\x1f"


def role_pair(official: str, role: str) -> str:
    """A `kz_roles` value."""
    return f"{official}{ROLE_SEPARATOR}{role}"


def split_role_pair(value: str) -> tuple[str, str]:
    official, _, role = value.partition(ROLE_SEPARATOR)
    return official, role


def event_id(release_id: str, serial: int) -> str:
    """An event's id: its release's id and a number the release issued it, once and for good.

    Not its position (`n`): the first indexing numbers events 1, 2, 3… in order, but an event keeps its
    id when paragraphs are inserted or removed around it or its text is corrected, and an event new to
    the release gets the next number the release never issued (`indexer/identity.py`)."""
    return f"{release_id}-{serial}"


def event(**values) -> dict:
    """An event document: every field present (missing lists empty), no unknown field."""
    return _document(EVENT, "event", values)


def release(**values) -> dict:
    return _document(RELEASE, "release", values)


def _document(fields: tuple[Field, ...], kind: str, values: dict) -> dict:
    unknown = set(values) - {f.name for f in fields}
    if unknown:
        raise TypeError(f"not {kind} fields: {', '.join(sorted(unknown))}")
    return {f.name: values.get(f.name, f.empty) for f in fields}


def public(doc: dict) -> dict:
    """The document as readers see it: public fields only, in schema order."""
    return {name: doc[name] for name in PUBLIC if name in doc}
