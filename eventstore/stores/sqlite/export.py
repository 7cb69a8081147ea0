"""Every hit of a search, in the order its pages show them (exports).

`scan` runs the same engine as the pages over all the hits, so an export's rows are the pages'
rows one after another (FTS5's own `ORDER BY rank` differs for prefix terms and ties). `Plan` is
the plain SQL version, FTS5's exact order, kept as the benchmarks' reference.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from typing import Iterator

from eventstore.schema import public
from eventstore.search.request import SearchRequest
from eventstore.stores.sqlite import engine
from eventstore.stores.sqlite.columns import Columns
from eventstore.stores.sqlite.fts import fts5_expression


def scan(db: sqlite3.Connection, cols: Columns, request: SearchRequest) -> Iterator[dict]:
    whole = replace(request, offset=0, size=max(cols.size, 1))
    m = engine.Matcher(db, cols, whole)
    rowids = [r for r, _ in engine.page(m, m.selected())]
    for i in range(0, len(rowids), engine.CHUNK):
        chunk = rowids[i : i + engine.CHUNK]
        marks = ",".join("?" * len(chunk))
        docs = dict(db.execute(f"SELECT rowid, doc FROM events WHERE rowid IN ({marks})", chunk))
        for r in chunk:
            if r in docs:  # deleted by the indexer since the columns were read
                yield public(json.loads(docs[r]))


class Plan:
    def __init__(self, request: SearchRequest):
        self.request = request
        text = request.text
        self.positive, self.negative = fts5_expression(text.must, text.must_not)
        if self.positive and self.negative:
            self.positive, self.negative = f"({self.positive}) NOT ({self.negative})", None

    def where(self, scope=None) -> tuple[list[str], list]:
        """Conditions on `e` (events) for the text and every filter (of `scope`, default the request's)."""
        scope, conds, params = scope or self.request.scope(), [], []
        if self.positive:
            conds.append("e.rowid IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
            params.append(self.positive)
        elif self.negative:
            conds.append("e.rowid NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
            params.append(self.negative)
        if scope.date_from:
            conds.append("e.date >= ?")
            params.append(scope.date_from.isoformat())
        if scope.date_to:
            conds.append("e.date <= ?")
            params.append(scope.date_to.isoformat())
        for facet, values in scope.facets:
            for group in ([(v,) for v in values] if facet in scope.all_of else [values]):
                marks = ",".join("?" * len(group))
                conds.append(f"e.rowid IN (SELECT event FROM facets WHERE facet = ? AND value IN ({marks}))")
                params += [facet, *group]
        return conds, params

    def ordered(self) -> tuple[str, list]:
        """SELECT doc, rank of every hit in the request's order (FTS5's own rank for relevance)."""
        if self.request.by_relevance and self.positive:
            conds, params = self.where()
            # Rank comes from the FTS row: join on it instead of the IN() filter.
            conds[0] = "fts MATCH ?"
            return (
                "SELECT e.doc, f.rank FROM fts f JOIN events e ON e.rowid = f.rowid WHERE "
                + " AND ".join(conds)
                + " ORDER BY f.rank, e.date DESC, e.release_id DESC, e.n DESC",
                params,
            )
        conds, params = self.where()
        where = " WHERE " + " AND ".join(conds) if conds else ""
        direction = "ASC" if self.request.sort == "date_asc" else "DESC"
        order = ", ".join(f"e.{c} {direction}" for c in ("date", "release_id", "n"))
        return f"SELECT e.doc, NULL FROM events e{where} ORDER BY {order}", params

    def all_docs(self) -> tuple[str, list]:
        sql, params = self.ordered()
        return f"SELECT doc FROM ({sql})", params
