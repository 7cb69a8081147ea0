"""Every URL the app writes, built here: entity pages, their JSON twins, and search links.

A results page builds ~150 search links (one per facet value), so the request's own
parameters are read once per request and each name=value pair is encoded once.
"""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote, urlencode

from flask import g, request

from webui.params import NAMES


def event(event_id: str) -> str:
    return f"/event/{quote(event_id, safe='')}"


def release(release_id: str) -> str:
    return f"/release/{quote(release_id, safe='')}"


def api_event(event_id: str) -> str:
    return f"/api/event/{quote(event_id, safe='')}"


def api_release(release_id: str) -> str:
    return f"/api/release/{quote(release_id, safe='')}"


def filter_link(name: str, value: str) -> str:
    """A new search for one facet value («every event with Kuwait»)."""
    return "/?" + _pair(name, value)


def twin(path: str) -> str:
    """The current search's parameters on another of its renderings (`/api/search`, `/export.csv`)."""
    pairs = _pairs(_current(drop_page=False))
    return path + ("?" + pairs if pairs else "")


def search(drop_page: bool = True, **changes) -> str:
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
    return "/?" + pairs if pairs else "/"


def _pairs(args: dict[str, list[str]]) -> str:
    return "&".join(_pair(k, v) for k, vs in args.items() for v in vs if v != "")


def _current(drop_page: bool) -> dict[str, list[str]]:
    cache = g.setdefault("url_args", {})
    if drop_page not in cache:
        args = {k: request.args.getlist(k) for k in NAMES if request.args.getlist(k)}
        if drop_page:
            args.pop("page", None)
        cache[drop_page] = args
    return cache[drop_page]


@lru_cache(maxsize=4096)
def _pair(name: str, value: str) -> str:
    return urlencode([(name, value)])
