"""Every URL the app writes, built here: entity pages, their JSON twins, and search links.

A results page builds ~150 search links (one per facet value), so the request's own
parameters are read once per request and each name=value pair is encoded once.
"""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote, urlencode

from flask import g, request

from eventstore.countries import code as country_code
from webui.params import NAMES


def event(event_id: str, context: bool = False) -> str:
    """An event's page; with `context`, carrying the current search (its «back» link and highlights)."""
    return _with_context(f"/event/{quote(event_id, safe='')}", context)


def release(release_id: str, context: bool = False) -> str:
    return _with_context(f"/release/{quote(release_id, safe='')}", context)


def api_event(event_id: str) -> str:
    return f"/api/event/{quote(event_id, safe='')}"


def api_release(release_id: str) -> str:
    return f"/api/release/{quote(release_id, safe='')}"


def facet(name: str, **changes) -> str:
    """The full list of one facet under the current search ("показать все")."""
    return search(path=f"/facet/{quote(name, safe='')}", **changes)


def help_page() -> str:
    return "/help"


def filter_link(name: str, value: str) -> str:
    """A new search for one facet value («every event with Kuwait»)."""
    return "/?" + _pair(name, value)


def day_link(day: str) -> str:
    """A new search for the events of one day (ISO date)."""
    return "/?" + _pair("date_from", day) + "&" + _pair("date_to", day)


def query_link(text: str) -> str:
    """The current search with another text (a suggestion), back to page 1."""
    return search(q=text)


def twin(path: str, **changes) -> str:
    """The current search's parameters on another of its renderings (`/api/search`, `/export.xlsx`)."""
    return search(drop_page=False, path=path, **changes)


def back_to_search() -> str:
    """On an event or release page: the search it was opened from (or the start page)."""
    return search(drop_page=False)


def search(drop_page: bool = True, path: str = "/", **changes) -> str:
    """The current search with some parameters changed.

    `add_<name>=v` / `remove_<name>=v` edit a multi-valued filter; `name=None` removes it.
    """
    args = dict(_current(drop_page))
    for key, value in changes.items():
        if key.startswith("add_"):
            name = key[4:]
            args[name] = [v for v in args.get(name, []) if v != value] + [value]
        elif key.startswith("remove_"):
            name = key[7:]
            args[name] = [v for v in args.get(name, []) if v != value]
        elif value is None:
            args.pop(key, None)
        else:
            args[key] = [str(value)]
    pairs = _pairs(args)
    return path + ("?" + pairs if pairs else "")


def _with_context(path: str, context: bool) -> str:
    pairs = _pairs(_current(drop_page=False)) if context else ""
    return path + ("?" + pairs if pairs else "")


def _pairs(args: dict[str, list[str]]) -> str:
    return "&".join(_pair(k, v) for k in NAMES for v in args.get(k, ()) if v != "")


def _current(drop_page: bool) -> dict[str, list[str]]:
    cache = g.setdefault("url_args", {})
    if drop_page not in cache:
        args = {k: request.args.getlist(k) for k in NAMES if request.args.getlist(k)}
        if "country" in args:  # `country=Кувейт` is KW, so that «remove KW» removes it
            args["country"] = list(dict.fromkeys(country_code(v) or v for v in args["country"]))
        if drop_page:
            args.pop("page", None)
        cache[drop_page] = args
    return cache[drop_page]


@lru_cache(maxsize=4096)
def _pair(name: str, value: str) -> str:
    return urlencode([(name, value)])


# --- dossiers and feeds (webui/dossiers.py, webui/feeds.py) ---
def official(name: str) -> str:
    return _page("/official", name)


def country(code: str) -> str:
    return _page("/country", code)


def api_official(name: str) -> str:
    return _page("/api/official", name)


def api_country(code: str) -> str:
    return _page("/api/country", code)


def _page(prefix: str, value: str) -> str:
    return f"{prefix}/{quote(value, safe='')}"


def feed() -> str:
    """The current search's Atom feed: the same parameters but the page, sort and page size."""
    return search(path="/feed.atom", sort=None, per_page=None)


def feed_of(name: str, value: str) -> str:
    """The feed of one facet value (a dossier's events)."""
    return "/feed.atom?" + _pair(name, value)


def facet_search(name: str, value: str, **params: str) -> str:
    """A new search for one facet value with more parameters (a dossier's month, a country's topic)."""
    return "/?" + "&".join((_pair(name, value), *(_pair(k, v) for k, v in params.items())))
