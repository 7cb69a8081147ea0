"""Atom feeds of any search: `/feed.atom` takes the search page's parameters (`q`, `country`,
`official`, `org`, dates, `per_page`) and lists its newest events, one entry per event.

Entry ids are tag URIs of the event ids (`tag:<host>,2026:event/<id>`), so a reader shows each
event once however often it polls; `updated` is when the event's release file was indexed. Feeds
need absolute links, built from `EVENTS_PUBLIC_URL` (or the app's `PUBLIC_URL` setting), never
from the request's Host header, which any client can forge.
"""
from __future__ import annotations

import logging
import os
from datetime import datetime, timezone
from urllib.parse import urlencode, urlsplit
from xml.etree import ElementTree as ET

from flask import Blueprint, Response, current_app, request

from eventstore.countries import short as country_label
from eventstore.search.feed import FEED_SIZE, Feed, newest
from webui import render, urls
from webui.backend import searcher
from webui.params import query_from_args

bp = Blueprint("feeds", __name__)
log = logging.getLogger(__name__)
ATOM = "http://www.w3.org/2005/Atom"
SITE = "Дипломатическая хроника Казахстана"
TAG_DATE = "2026"  # the tag URIs' date: fixed, so ids never change
TITLE_WORDS = 80  # characters of an event's text in its entry title
FALLBACK_URL = "http://localhost"
ET.register_namespace("", ATOM)


@bp.get("/feed.atom")
def feed():
    query = query_from_args(request.args, per_page_default=FEED_SIZE)
    return atom_response(newest(searcher().store, query), query)


def public_url() -> str:
    """The site's public address: the app's PUBLIC_URL setting, else $EVENTS_PUBLIC_URL, else
    http://localhost (with a warning, once per app: feed readers elsewhere cannot follow it)."""
    url = current_app.config.get("PUBLIC_URL") or os.environ.get("EVENTS_PUBLIC_URL", "")
    if url:
        return url.rstrip("/")
    if not current_app.extensions.get("public_url_warned"):
        current_app.extensions["public_url_warned"] = True
        log.warning("EVENTS_PUBLIC_URL is not set: feeds link to %s", FALLBACK_URL)
    return FALLBACK_URL


def atom_response(feed: Feed, query) -> Response:
    return Response(ET.tostring(atom(feed, query), encoding="unicode", xml_declaration=True),
                    content_type="application/atom+xml; charset=utf-8")


def atom(feed: Feed, query) -> ET.Element:
    base = public_url()
    host = urlsplit(base).hostname or "localhost"
    params = _params(query)
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "ru"})
    _add(root, "id", f"tag:{host},{TAG_DATE}:search" + ("?" + params if params else ""))
    _add(root, "title", f"{describe(query)} — {SITE}")
    _add(root, "subtitle", f"Новые события по запросу; всего найдено: {feed.total}")
    _add(root, "updated", _time(feed.updated) if feed.updated else _now())
    author = _add(root, "author")
    _add(author, "name", SITE)
    _add(root, "link", rel="self", type="application/atom+xml", href=f"{base}/feed.atom" + ("?" + params if params else ""))
    _add(root, "link", rel="alternate", type="text/html", href=f"{base}/" + ("?" + params if params else ""))
    _add(root, "generator", "kz-diplomacy-search")
    titles = entry_titles([e.doc for e in feed.entries])
    for e, title in zip(feed.entries, titles):
        doc = e.doc
        entry = _add(root, "entry")
        _add(entry, "id", f"tag:{host},{TAG_DATE}:event/{doc['id']}")
        _add(entry, "title", title)
        _add(entry, "updated", _time(e.indexed_at) if e.indexed_at else f"{doc['date']}T00:00:00Z")
        _add(entry, "link", rel="alternate", type="text/html", href=base + urls.event(doc["id"]))
        _add(entry, "content", f"{doc['text']}\n\nРелиз: {doc['release_title']} ({render.ru_date(doc['release_date'])})",
             type="text")
        for c in doc["countries"]:
            _add(entry, "category", term=c, label=country_label(c), scheme=f"{base}/country/")
        for o in doc["officials"]:
            _add(entry, "category", term=o, label=o, scheme=f"{base}/official/")
        for o in doc["orgs"]:
            _add(entry, "category", term=o, label=o, scheme=f"{base}/?org=")
    return root


def entry_titles(docs: list[dict]) -> list[str]:
    """«17 февраля 2026 · Кувейт · Посол Казахстана в Кувейте встретился…»: the date, the countries
    and the first words; titles that would be the same get the event's number in its release."""
    titles = [_title(d) for d in docs]
    seen: dict[str, int] = {}
    for t in titles:
        seen[t] = seen.get(t, 0) + 1
    return [f"{t} (событие {d['n']})" if seen[t] > 1 else t for t, d in zip(titles, docs)]


def _title(doc: dict) -> str:
    text = " ".join(doc["text"].split())
    if len(text) > TITLE_WORDS:
        text = text[:TITLE_WORDS].rsplit(" ", 1)[0].rstrip(",;:—-") + "…"
    parts = [render.ru_date(doc["date"])]
    if doc["countries"]:
        parts.append(", ".join(country_label(c) for c in doc["countries"]))
    return " · ".join(parts + [text])


def describe(query) -> str:
    """What a search asks for, in words: «посол · Кувейт · Ерлан Байжанов · с 1 февраля 2026»."""
    parts = [f"«{query.text.strip()}»"] if query.text.strip() else []
    parts += [country_label(c) for c in query.country] + list(query.official) + list(query.org)
    if query.date_from:
        parts.append("с " + render.ru_date(query.date_from))
    if query.date_to:
        parts.append("по " + render.ru_date(query.date_to))
    return " · ".join(parts) or "Все события"


def _params(query) -> str:
    """The search the feed follows, in one canonical order (its id must not depend on the URL's order)."""
    pairs = [("q", query.text.strip())] if query.text.strip() else []
    for name in ("country", "official", "org"):
        pairs += [(name, v) for v in sorted(getattr(query, name))]
    pairs += [("all", f) for f in sorted(query.all_of)]
    pairs += [(n, getattr(query, n).isoformat()) for n in ("date_from", "date_to") if getattr(query, n)]
    return urlencode(pairs)


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        el.text = text
    return el


def _time(iso: str) -> str:
    """A stored timestamp as RFC 3339 (UTC when it has no zone)."""
    t = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    if t.tzinfo is None:
        t = t.replace(tzinfo=timezone.utc)
    return t.isoformat(timespec="seconds")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
