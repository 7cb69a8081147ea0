"""The journalists' web UI: search page, event and release pages, JSON API, CSV export.

`create_app(store)` — store is a setting (SQLite path or Elasticsearch URL) or a Store.
Only `eventstore` is used here (its Searcher and stores); the web process never loads natasha.
`EVENTS_PUBLIC_URL` (e.g. `https://events.example.org`) makes the CSV export's links absolute.
"""
from __future__ import annotations

import os
import re
import sys
from urllib.parse import quote

from flask import Flask
from flask.json.provider import DefaultJSONProvider

from webui import dossiers, errors, feeds, render, routes, security, urls


class SafeJSONProvider(DefaultJSONProvider):
    """JSON whose text can never open a tag, even if a client mistakes it for HTML."""

    ensure_ascii = False
    sort_keys = False

    def dumps(self, obj, **kwargs) -> str:
        text = super().dumps(obj, **kwargs)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class WebApp(Flask):
    json_provider_class = SafeJSONProvider

    def wsgi_app(self, environ, start_response):
        # `curl '…?q=послов'` sends raw UTF-8; WSGI hands it over as latin-1 text. Re-quote it
        # so it decodes like the percent-encoded URL a browser would send.
        qs = environ.get("QUERY_STRING", "")
        if not qs.isascii():
            environ["QUERY_STRING"] = quote(_request_bytes(qs), safe="=&%+;/:,")
        return super().wsgi_app(environ, start_response)


def _request_bytes(qs: str) -> bytes:
    """The bytes the client sent. gunicorn gives them as latin-1 text; werkzeug's development server
    encodes them once more (UTF-8 bytes read as latin-1, then again): undo that only when the
    result is UTF-8 itself, or «Türkiye» under gunicorn would be taken for a double encoding."""
    raw = qs.encode("latin-1", "replace")
    try:
        twice = raw.decode("utf-8").encode("latin-1")
        twice.decode("utf-8")
        return twice
    except (UnicodeDecodeError, UnicodeEncodeError):
        return raw


def _accept_raw_utf8_targets() -> None:
    """gunicorn ≥ 24 answers 400 itself to a request line with bytes over 0x7F, so `curl '…?q=посол'`
    never reached the app. Let those bytes through (control bytes, DEL and spaces stay refused):
    `WebApp.wsgi_app` percent-encodes them as a browser would have."""
    message = sys.modules.get("gunicorn.http.message")
    if message is not None and hasattr(message, "RFC9112_TARGET_INVALID"):
        message.RFC9112_TARGET_INVALID = re.compile(r"[^\x21-\x7e\x80-\xff]")


def _few_malloc_arenas() -> None:
    """glibc gives each thread its own malloc arena and keeps what a search freed in it: with 4
    threads per worker and searches allocating tens of MB of numpy arrays at a million events, a
    worker grew by ~100 MB that way. Two arenas hold it (as MALLOC_ARENA_MAX=2 would)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").mallopt(-8, 2)  # M_ARENA_MAX
    except (OSError, AttributeError):
        pass  # not glibc: nothing to tune


def create_app(store=None, *, debug: bool = False) -> Flask:
    app = WebApp(__name__)
    app.config.update(
        STORE=store if store is not None else os.environ.get("EVENTS_STORE"),
        PUBLIC_URL=os.environ.get("EVENTS_PUBLIC_URL", "").rstrip("/"),
        JSON_AS_ASCII=False,
        DEBUG=debug,
    )
    _accept_raw_utf8_targets()
    _few_malloc_arenas()
    app.register_blueprint(routes.bp)
    app.register_blueprint(dossiers.bp)
    app.register_blueprint(feeds.bp)
    errors.register(app)
    security.register(app)
    render.register(app)
    app.jinja_env.globals["urls"] = urls
    if os.environ.get("EVENTS_WARM_UP") == "1":
        from webui.backend import warm_up

        warm_up(app)
    return app
