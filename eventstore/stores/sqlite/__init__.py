"""The embedded store: one SQLite file (FTS5 for the text, numpy columns for the rest)."""
from eventstore.stores.sqlite.store import SqliteStore

__all__ = ["SqliteStore"]
