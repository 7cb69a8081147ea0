"""The journalists' web UI: search page, event and release pages, JSON API, CSV export.

`create_app(store)` — store is a setting (SQLite path or Elasticsearch URL) or a Store.
Only `eventstore` is used here (its Searcher and stores); the web process never loads natasha.
"""
from __future__ import annotations

import os
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
            raw = qs.encode("latin-1", "replace")
            try:  # werkzeug's development server encodes it twice
                raw = raw.decode("utf-8").encode("latin-1")
            except (UnicodeDecodeError, UnicodeEncodeError):
                pass
            environ["QUERY_STRING"] = quote(raw, safe="=&%+;/:,")
        return super().wsgi_app(environ, start_response)


def create_app(store=None, *, debug: bool = False) -> Flask:
    app = WebApp(__name__)
    app.config.update(
        STORE=store if store is not None else os.environ.get("EVENTS_STORE"),
        JSON_AS_ASCII=False,
        DEBUG=debug,
    )
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
