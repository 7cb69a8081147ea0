"""The app's one Store, opened on first use (so the app starts even when the store is down)."""
from __future__ import annotations

import threading

from flask import current_app

from indexer.store import Store, open_store

_lock = threading.Lock()


def get_store() -> Store:
    app = current_app
    store = app.extensions.get("events_store")
    if store is None:
        with _lock:
            store = app.extensions.get("events_store")
            if store is None:
                setting = app.config["STORE"]
                # Raises StoreUnavailable when it cannot be opened: the error handler makes it a 503.
                store = setting if isinstance(setting, Store) else open_store(setting, readonly=True)
                app.extensions["events_store"] = store
    return store


def warm_up(app) -> threading.Thread:
    """Open the store and run one empty search in the background, so the first visitor does not
    pay for loading it (the SQLite store reads its in-memory columns: ~3 s at a million events)."""

    def work():
        from indexer.search.query import Query

        with app.app_context():
            try:
                get_store().search(Query())
            except Exception as e:  # the store may be down or not built yet; requests will report it
                app.logger.warning("warm-up skipped: %s", e)

    thread = threading.Thread(target=work, name="store-warm-up", daemon=True)
    thread.start()
    return thread


def run_search(args):
    """Request arguments → (Query, Result), for the page and the API alike (400 past the last page)."""
    from webui.params import check_page, query_from_args

    query = query_from_args(args)
    result = get_store().search(query)
    if result.total:
        check_page(query, result.total)
    return query, result
