"""SQL for streaming every hit of a search in order (CSV export); pages use `sqlite_search`."""
from __future__ import annotations

from indexer.search.fts import fts5_expression
from indexer.search.query import Query, TextQuery


class Plan:
    def __init__(self, query: Query, text: TextQuery):
        self.query = query
        self.positive, self.negative = fts5_expression(text.must, text.must_not)
        if self.positive and self.negative:
            self.positive, self.negative = f"({self.positive}) NOT ({self.negative})", None

    def where(self, skip: str | None = None) -> tuple[list[str], list]:
        """Conditions on `e` (events) for every filter but `skip` (a facet name or 'date')."""
        q, conds, params = self.query, [], []
        if self.positive:
            conds.append("e.rowid IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
            params.append(self.positive)
        elif self.negative:
            conds.append("e.rowid NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
            params.append(self.negative)
        if skip != "date":
            if q.date_from:
                conds.append("e.date >= ?")
                params.append(q.date_from.isoformat())
            if q.date_to:
                conds.append("e.date <= ?")
                params.append(q.date_to.isoformat())
        for facet, values in q.filters().items():
            if facet != skip:
                marks = ",".join("?" * len(values))
                conds.append(f"e.rowid IN (SELECT event FROM facets WHERE facet = ? AND value IN ({marks}))")
                params += [facet, *values]
        return conds, params

    def _sql_where(self, skip=None) -> tuple[str, list]:
        conds, params = self.where(skip)
        return (" WHERE " + " AND ".join(conds) if conds else ""), params

    def _ordered(self) -> tuple[str, list]:
        q = self.query
        if q.sort == "relevance" and self.positive:
            conds, params = self.where()
            # Rank comes from the FTS row: join on it instead of the IN() filter.
            conds[0] = "fts MATCH ?"
            return (
                "SELECT e.doc, f.rank FROM fts f JOIN events e ON e.rowid = f.rowid WHERE "
                + " AND ".join(conds)
                + " ORDER BY f.rank, e.date DESC, e.rowid DESC",
                params,
            )
        where, params = self._sql_where()
        direction = "ASC" if q.sort == "date_asc" else "DESC"
        return f"SELECT e.doc, NULL FROM events e{where} ORDER BY e.date {direction}, e.rowid {direction}", params

    def all_docs(self):
        sql, params = self._ordered()
        return f"SELECT doc FROM ({sql})", params
