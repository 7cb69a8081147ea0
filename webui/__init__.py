"""The journalists' web UI: search page, event and release pages, JSON API, CSV export.

`create_app(store)` — store is a setting (SQLite path or Elasticsearch URL) or a Store.
Only the `Store` interface is used here; natasha is never imported by the web process.
"""
from __future__ import annotations

import os

from flask import Flask

from webui import api, errors, pages, security


def create_app(store=None, *, debug: bool = False) -> Flask:
    app = Flask(__name__)
    app.config.update(
        STORE=store if store is not None else os.environ.get("EVENTS_STORE"),
        JSON_AS_ASCII=False,
        DEBUG=debug,
    )
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    errors.register(app)
    security.register(app)
    app.jinja_env.globals["url_with"] = pages.url_with
    app.jinja_env.filters["country_name"] = pages.country_name
    app.jinja_env.filters["ru_date"] = pages.ru_date
    return app
