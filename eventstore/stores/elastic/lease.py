"""One indexer at a time across hosts: a lease document in the cluster.

Several machines may run the indexer against one cluster; a lock file only sees its own host.
The lease lives in `<alias>-lock` (outside the versioned indices, so a rebuild keeps it), is taken
with a create-only write, renewed while the run lasts, and released at the end. A holder that
died stops blocking when its lease runs out — at once if it was on this host and its process is gone.
"""
from __future__ import annotations

import os
import socket
import threading
import time
from datetime import datetime, timezone

from eventstore.stores.base import Locked, StoreError

LEASE_SECONDS = 600
RENEW_EVERY = 60


class Lease:
    def __init__(self, conn, alias: str, seconds: int = LEASE_SECONDS):
        self.conn, self.es = conn, conn.es
        self.index, self.seconds = f"{alias}-lock", seconds
        self.holder = {"host": socket.gethostname(), "pid": os.getpid()}
        self._seq = None
        self._stop = threading.Event()

    def _ensure_index(self) -> None:
        """One shard, a replica only where there is another node: green on one node as on three."""
        if self.conn.call(self.es.indices.exists, index=self.index):
            return
        try:
            self.conn.call(self.es.indices.create, index=self.index, settings={
                "number_of_shards": 1, "auto_expand_replicas": "0-1"})
        except StoreError as e:  # created by another run in between
            if "resource_already_exists" not in str(e):
                raise

    def __enter__(self) -> "Lease":
        from elasticsearch import ConflictError, NotFoundError

        self._ensure_index()
        body = self._body()
        try:
            r = self.conn.call(self.es.create, index=self.index, id="run", document=body, refresh=True)
        except ConflictError:
            try:
                current = self.conn.call(self.es.get, index=self.index, id="run")
            except NotFoundError:  # released in between: try once more
                r = self.conn.call(self.es.create, index=self.index, id="run", document=body, refresh=True)
            else:
                if not self._stale(current["_source"]):
                    held = current["_source"]
                    raise Locked(f"another indexer run is active ({held['host']} pid {held['pid']}, "
                                    f"lease until {held['until']}); exiting") from None
                try:  # take over a dead holder's lease, unless someone else just did
                    r = self.conn.call(self.es.index, index=self.index, id="run", document=body, refresh=True,
                                       if_seq_no=current["_seq_no"], if_primary_term=current["_primary_term"])
                except ConflictError:
                    raise Locked("another indexer run took the lease just now; exiting") from None
        self._seq = (r["_seq_no"], r["_primary_term"])
        threading.Thread(target=self._renew, name="lease-renewal", daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._seq is not None:
            try:
                self.es.options(ignore_status=(404, 409)).delete(
                    index=self.index, id="run", if_seq_no=self._seq[0], if_primary_term=self._seq[1], refresh=True)
            except Exception:  # the lease runs out by itself
                pass

    def _body(self) -> dict:
        until = datetime.fromtimestamp(time.time() + self.seconds, timezone.utc).isoformat(timespec="seconds")
        return {**self.holder, "until": until}

    def _stale(self, held: dict) -> bool:
        if datetime.fromisoformat(held["until"]) < datetime.now(timezone.utc):
            return True
        if held["host"] == self.holder["host"]:
            try:
                os.kill(int(held["pid"]), 0)
            except ProcessLookupError:
                return True  # its process on this very host is gone
            except PermissionError:
                return False
        return False

    def _renew(self) -> None:
        while not self._stop.wait(RENEW_EVERY):
            try:
                r = self.es.index(index=self.index, id="run", document=self._body(),
                                  if_seq_no=self._seq[0], if_primary_term=self._seq[1])
                self._seq = (r["_seq_no"], r["_primary_term"])
            except Exception:  # lost or unreachable: the run's own writes will fail and say why
                return
