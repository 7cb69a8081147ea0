"""Facet counts (value, count) → `FacetValue` lists with labels and selection, for any store."""
from __future__ import annotations

from typing import Callable

from indexer.analysis.countries import label as country_label
from indexer.search.query import FACET_FIELDS, FacetValue, Query

TOP = 50
MONTHS_RU = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
             "сентябрь", "октябрь", "ноябрь", "декабрь"]

def _label(facet: str, value: str) -> str:
    return country_label(value) if facet == "country" else value

def build_facets(query: Query, counts: Callable[[str], list[tuple[str, int]]]) -> dict[str, list[FacetValue]]:
    """`counts(facet)` → [(value, count)] ordered by count desc; top values plus every selected one."""
    out = {}
    for facet in FACET_FIELDS:
        selected = set(getattr(query, facet))
        rows = list(counts(facet))
        shown = rows[:TOP] + [r for r in rows[TOP:] if r[0] in selected]
        present = {v for v, _ in shown}
        shown += [(v, 0) for v in sorted(selected - present)]
        values = [FacetValue(v, _label(facet, v), int(c), v in selected) for v, c in shown]
        # Selected values first, so they stay in sight at the top of a long, scrolling list.
        out[facet] = [v for v in values if v.selected] + [v for v in values if not v.selected]
    return out

def months(rows) -> list[FacetValue]:
    """[("2026-02", 10)] → month facet values in date order, labelled «февраль 2026»."""
    out = []
    for value, count in rows:
        year, month = value.split("-")
        out.append(FacetValue(value, f"{MONTHS_RU[int(month) - 1]} {year}", int(count)))
    return out

