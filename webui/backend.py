"""The app's store and Searcher, opened on first use (so the app starts even when the store is down)."""
from __future__ import annotations

import threading

from flask import current_app

from eventstore.search import Searcher
from eventstore.stores import Store, open_store

_lock = threading.Lock()


def searcher() -> Searcher:
    app = current_app
    found = app.extensions.get("events_searcher")
    if found is None:
        with _lock:
            found = app.extensions.get("events_searcher")
            if found is None:
                setting = app.config["STORE"]
                # Raises StoreUnavailable when it cannot be opened: the error handler makes it a 503.
                store = setting if isinstance(setting, Store) else open_store(setting, readonly=True)
                found = app.extensions["events_searcher"] = Searcher(store)
    return found


def warm_up(app) -> threading.Thread:
    """Open the store and load what it keeps in memory in the background, so the first visitor does
    not pay for it (the SQLite store reads its in-memory columns: ~3 s at a million events)."""

    def work():
        from eventstore.query import Query

        with app.app_context():
            try:
                searcher().search(Query())
            except Exception as e:  # the store may be down or not built yet; requests will report it
                app.logger.warning("warm-up skipped: %s", e)

    thread = threading.Thread(target=work, name="store-warm-up", daemon=True)
    thread.start()
    return thread
