"""Stores: where event documents live. `open_store` picks one from a single setting."""
from __future__ import annotations

import os

from eventstore.stores.base import Locked, Store, StoreCorrupt, StoreError, StoreUnavailable

DEFAULT_STORE = "./data/events.sqlite3"


def store_setting(cli_value: str | None = None) -> str:
    """`--store` wins, then env EVENTS_STORE, then the default SQLite file."""
    return cli_value or os.environ.get("EVENTS_STORE") or DEFAULT_STORE


def open_store(setting: str | None = None, *, readonly: bool = False) -> Store:
    """A filesystem path → embedded SQLite store; an http(s):// URL → Elasticsearch."""
    target = store_setting(setting)
    if target.startswith(("http://", "https://")):
        from eventstore.stores.elastic import ElasticStore

        return ElasticStore(target, readonly=readonly)
    from eventstore.stores.sqlite import SqliteStore

    return SqliteStore(target, readonly=readonly)


__all__ = ["Locked", "Store", "StoreCorrupt", "StoreError", "StoreUnavailable", "open_store", "store_setting", "DEFAULT_STORE"]
