"""One data function per page: what the page shows, as JSON-ready dicts.

The HTML page, its JSON twin and its CSV/XLSX exports are renderings of the same data
(see `routes.py`), so they can never disagree.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterator

from werkzeug.exceptions import NotFound

from eventstore.countries import full_name
from eventstore.countries import short as country_label
from eventstore.query import parse
from eventstore.schema import FACETS, PUBLIC
from eventstore.search.facets import MONTHS_RU
from eventstore.search.snippets import highlight, match_spans
from webui import evidence, urls
from webui.render import ru_date
from webui.backend import searcher
from webui.params import EXPORT_NAMES, FACET_NAMES, NAMES, BadParameter, check_names, check_page, query_from_args

# Hits stay light: the evidence behind the tags is for the event page and its JSON twin.
HIT_FIELDS = tuple(f for f in PUBLIC if f != "evidence")
FACET_TITLES = {"country": "Страны", "official": "Люди", "org": "Организации"}
_DATELINE = re.compile(r"^(?P<city>[^.]+)\.\s+\d{1,2}\s+\S+?\.?\s+(?P<agency>.+)$")


def search(args, *, keep_form: bool = False) -> tuple:
    """(Query, data) of a search page.

    With `keep_form` (the HTML page), a wrong date range does not end in an error page: the
    search runs without it and `data["date_error"]` says what to fix, next to the dates as typed.
    """
    date_error = None
    try:
        query = query_from_args(args)
    except BadParameter as e:
        if not (keep_form and e.name in ("date_from", "date_to", "date_range")):
            raise
        date_error = str(e)
        query = query_from_args(_without(args, "date_from", "date_to"))
        start, end = (args.get(k, "").strip() for k in ("date_from", "date_to"))
        swap = e.name == "date_range"  # both valid, in the wrong order
        if swap:
            date_error = (f"Дата «с» ({ru_date(start)}) позже даты «по» ({ru_date(end)}): "
                          "поменяйте их местами или исправьте одну из них.")
    result = searcher().search(query)
    if result.total:
        check_page(query, result.total)
    hits = [_hit(h.doc, h.snippet_html) for h in result.hits]
    pages = -(-result.total // query.per_page)
    first = query.offset + 1 if hits else 0
    data = {
        "query": _echo(query, result.normalized),
        "total": result.total,
        "page": query.page,
        "per_page": query.per_page,
        "pages": pages,
        "first": first,
        "last": query.offset + len(hits),
        "links": _links(query.page, pages),
        "empty_query": result.empty_query,
        "notes": list(result.notes),
        "suggestions": [{"q": s.text, "total": s.total, "kind": s.kind, "word": s.word, "url": urls.query_link(s.text)}
                        for s in result.suggestions],
        "hits": hits,
        "facets": {**{name: [_facet(v, name) for v in result.facets.get(name, [])] for name in FACETS},
                   "month": fill_months([{"value": v.value, "label": v.label, "count": v.count}
                                         for v in result.facets.get("date", [])])},
        "facet_sizes": result.facet_sizes,
        "coverage": searcher().coverage(),
    }
    if date_error:
        data["date_error"] = date_error
        data["typed_dates"] = {k: args.get(k, "") for k in ("date_from", "date_to")}
        data["swap"] = swap
    return query, data


def _without(args, *names):
    from werkzeug.datastructures import MultiDict

    return MultiDict([(k, v) for k, v in args.items(multi=True) if k not in names])


def _echo(query, normalized: str) -> dict:
    """The search as understood: the normalized text and the filters (country names beside codes)."""
    return {
        "q": query.text, "normalized": normalized,
        **{f: list(getattr(query, f)) for f in FACETS},
        "country_names": [country_label(c) for c in query.country],
        "all": list(query.all_of),
        "date_from": query.date_from.isoformat() if query.date_from else None,
        "date_to": query.date_to.isoformat() if query.date_to else None,
        "sort": query.sort,
    }


def _links(page: int, pages: int) -> dict:
    out = {"self": urls.twin("/api/search"), "html": urls.twin("/"),
           "xlsx": urls.twin("/export.xlsx", page=None), "csv": urls.twin("/export.csv", page=None)}
    if page > 1:
        out["prev"] = urls.twin("/api/search", page=page - 1)
    if page < pages:
        out["next"] = urls.twin("/api/search", page=page + 1)
    return out


def _hit(doc: dict, snippet_html: str) -> dict:
    item = {k: doc.get(k) for k in HIT_FIELDS}
    item["country_names"] = [country_label(c) for c in doc.get("countries") or []]
    item["snippet_html"] = snippet_html
    item["url"] = urls.event(doc["id"])
    item["release_url"] = urls.release(doc["release_id"])
    return item


def _facet(v, name: str) -> dict:
    # By hand, not dataclasses.asdict: a page has ~150 of these and asdict was a fifth of its time.
    d = {"value": v.value, "label": v.label, "count": v.count, "selected": v.selected}
    if name == "official":
        d["kz"] = v.kz
    elif name == "country":
        d["full_name"] = full_name(v.value)
    return d


def fill_months(months: list[dict]) -> list[dict]:
    """Months in date order with the empty ones between them as zero: a real time axis."""
    if not months:
        return []
    counts = {m["value"]: m["count"] for m in months}
    (y, m), (last_y, last_m) = (map(int, months[0]["value"].split("-")), map(int, months[-1]["value"].split("-")))
    out = []
    while (y, m) <= (last_y, last_m):
        value = f"{y:04d}-{m:02d}"
        out.append({"value": value, "label": f"{MONTHS_RU[m - 1]} {y}", "count": counts.get(value, 0)})
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def facet(name: str, args) -> tuple:
    """(Query, data) of one facet's full list ("показать все"), filtered by `contains`."""
    if name not in FACETS:
        raise NotFound()
    query = query_from_args(args, allowed=FACET_NAMES)
    contains = (args.get("contains") or "").strip()[:100]
    values, size = searcher().facet(query, name, contains)
    return query, {
        "facet": name, "title": FACET_TITLES[name], "contains": contains, "size": size,
        "values": [_facet(v, name) for v in values], "query": _echo(query, parse(query.text).normalized()),
    }


def export(args, *, default_headers: str) -> tuple:
    """(Query, rows): every hit of the search, in the order the pages show them, for CSV and XLSX."""
    from webui.params import export_headers

    query = query_from_args(args, per_page_default=100, allowed=EXPORT_NAMES)
    headers = export_headers(args, default_headers)
    s = searcher()
    s.count(replace(query, page=1))  # fail fast (400/503) before streaming
    return query, headers, _rows(s.scan(query))


def _rows(docs) -> Iterator[dict]:
    for doc in docs:
        yield {**doc, "url": urls.event(doc["id"]), "release_url": urls.release(doc["release_id"])}


def _context(args) -> dict:
    """The search an event or release page was opened from: its text (to mark) and whether there is one."""
    check_names(args, NAMES)
    text = parse(args.get("q", ""))
    return {"terms": text.highlight_terms(), "prefixes": text.highlight_prefixes(),
            "from_search": any(args.get(k) for k in NAMES)}


def _marked(doc: dict, context: dict) -> dict:
    return {**doc, "text_html": highlight(doc["text"], context["terms"], context["prefixes"])}


class Moved(Exception):
    """The id was retired by an edit in favour of another (301)."""

    def __init__(self, kind: str, to: str):
        super().__init__(to)
        self.kind, self.to = kind, to


class Removed(Exception):
    """The id was retired by an edit that removed it (410); `record` says when and from which release."""

    def __init__(self, kind: str, record):
        super().__init__(record.id)
        self.kind, self.record = kind, record


def _live(kind: str, found) -> dict:
    """The document of a resolved id, or the exception that answers for a retired one."""
    if found is None:
        raise NotFound()
    what, value = found
    if what == "moved":
        raise Moved(kind, value)
    if what == "gone":
        raise Removed(kind, value)
    return value


def event(event_id: str, args) -> dict:
    context = _context(args)
    s = searcher()
    doc = _live("event", s.resolve(event_id))
    release = s.release(doc["release_id"])
    if release is None:
        raise NotFound()
    release = _release_data(release, context)
    current = next(e for e in release["events"] if e["id"] == doc["id"])
    why = evidence.view(current, release.get("dateline"), match_spans(current["text"], context["terms"], context["prefixes"]))
    return {"event": current, "release": release, "headline": headline(doc["text"]),
            "from_search": context["from_search"], "corrected": corrected(current), "why": why}


_ACTIONS = {"renamed": "исправлено", "merged": "объединено", "removed": "удалено", "added": "добавлено",
            "kz": "отмечен как представитель Казахстана", "not_kz": "не представитель Казахстана"}
_FACET_NAMES = {"official": "человек", "org": "организация", "country": "страна", "role": "должность"}


def corrected(doc: dict) -> dict:
    """What the curation file changed in an event: per facet, the corrected values with the hover text
    («исправлено: <file:line>; было: …»), and one line per change for the page's list."""
    marks: dict[str, dict[str, str]] = {}
    lines = []
    for c in doc.get("corrections") or []:
        shown = {k: country_label(c[k]) if c["facet"] == "country" and c.get(k) else c.get(k) for k in ("value", "was")}
        title = f"исправлено: {c['entry']}" + (f"; было: {shown['was']}" if shown["was"] else "")
        if c["value"] is not None and c["facet"] in ("official", "org", "country"):
            marks.setdefault(c["facet"], {})[c["value"]] = title
        what = _FACET_NAMES.get(c["facet"], c["facet"]) + (f" ({c['official']})" if c.get("official") else "")
        change = " → ".join(f"«{v}»" for v in (shown["was"], shown["value"]) if v)
        lines.append({"text": f"{what}: {change} — {_ACTIONS.get(c['action'], c['action'])}", "entry": c["entry"],
                      "title": title})
    return {"marks": marks, "lines": lines}


def release(release_id: str, args) -> dict:
    context = _context(args)
    doc = _live("release", searcher().resolve_release(release_id))
    data = {**_release_data(doc, context), **versions(doc["release_id"])}
    return {"release": data, "from_search": context["from_search"]}


def versions(release_id: str) -> dict:
    """«изменено <date>» and the texts the release had before its edits, newest first."""
    earlier = [v for v in searcher().release_versions(release_id) if v.reason == "edited"]
    return {"changed": earlier[0].at if earlier else None,
            "versions": [{"until": v.at, **v.release} for v in earlier]}


def _release_data(doc: dict, context: dict) -> dict:
    return {**doc, **dateline_parts(doc.get("dateline")), "page_url": urls.release(doc["release_id"]),
            "events": [_marked(e, context) for e in doc.get("events", [])]}


def dateline_parts(dateline: str | None) -> dict:
    """«Алматы. 26 февраля. Tengrinews» → {"city": "Алматы", "agency": "Tengrinews"}."""
    m = _DATELINE.match(dateline or "")
    return {"city": m.group("city").strip(), "agency": m.group("agency").strip()} if m else {"city": None, "agency": None}


def headline(text: str, width: int = 110) -> str:
    """An event's own title: its first sentence, cut at a word near `width` characters."""
    first = re.split(r"(?<=[.!?])\s+(?=[А-ЯЁA-Z0-9«])", text.strip(), maxsplit=1)[0].split("\n")[0]
    if len(first) <= width:
        return first.rstrip(".")
    cut = first[:width].rsplit(" ", 1)[0]
    return cut.rstrip(",;:—– ") + "…"


def help_examples() -> list[tuple[str, str]]:
    """The syntax help page's examples: (query, what it means). Each one finds events in the sample corpus."""
    return [
        ("посол Япония", "оба слова, в любой форме: «послом», «послы», «Японии»"),
        ("инвестиции", "и однокоренные прилагательные: «инвестиционный»; так же «нефть» — «нефтяной»"),
        ("посол в Японии", "предлоги, союзы и частицы («в», «с», «по») не обязательны; в кавычках — ищутся"),
        ('"посол Казахстана"', "слова подряд в этом порядке; слово в кавычках — только оно само"),
        ("Кувейт OR Катар", "любое из слов; можно писать or, ИЛИ, или, |"),
        ("посол -Турция", "без событий, где упомянута Турция; можно писать NOT Турция, НЕ Турция"),
        ("инвест*", "слова, начинающиеся с «инвест»: инвестиции, инвестиционный, инвестор"),
        ("посол Кувейт OR Катар", "OR связывает соседние слова сильнее: посол И (Кувейт ИЛИ Катар)"),
        ("(Кувейт OR Катар) посол", "скобки можно писать, они ничего не меняют"),
    ]

