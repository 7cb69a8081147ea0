"""Raw facet counts → labelled `FacetValue` lists, the same for every store."""
from __future__ import annotations

import heapq

from eventstore.countries import label as country_label
from eventstore.search.result import FacetValue

MONTHS_RU = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
             "сентябрь", "октябрь", "ноябрь", "декабрь"]
_CYRILLIC = "абвгдежзийклмнопрстуфхцчшщъыьэюя"


def label(facet: str, value: str) -> str:
    return country_label(value) if facet == "country" else value


def ru_key(text: str) -> tuple:
    """Russian alphabetical order: Cyrillic names first (ё as е), then Latin, then the rest."""
    t = text.lower().replace("ё", "е")
    first = next((c for c in t if c.isalnum()), "")
    return (0 if first in _CYRILLIC else 1 if first.isascii() and first.isalpha() else 2, t)


def facet_values(facet: str, rows: list[tuple[str, int]], selected: tuple[str, ...], top: int) -> list[FacetValue]:
    """Top values by count (ties in Russian alphabetical order of their labels) plus every selected one
    (with its count, 0 if none), selected first."""
    chosen = set(selected)
    shown = _top(facet, rows, top) + [r for r in rows[top:] if r[0] in chosen]
    shown = list(dict.fromkeys(shown))
    present = {v for v, _ in shown}
    shown += [(v, 0) for v in sorted(chosen - present)]
    values = [FacetValue(v, label(facet, v), int(c), v in chosen) for v, c in shown]
    # Selected values first, so they stay in sight at the top of a long, scrolling list.
    return [v for v in values if v.selected] + [v for v in values if not v.selected]


def _top(facet: str, rows: list[tuple[str, int]], top: int) -> list[tuple[str, int]]:
    """The first `top` rows by count, then label. Stores give rows by count: only the values
    tied with the last one shown need sorting by label."""
    if not rows or top <= 0:
        return []
    last = rows[min(top, len(rows)) - 1][1]
    above = [r for r in rows[:top] if r[1] > last]
    tied = [r for r in rows if r[1] == last]
    key = lambda r: ru_key(label(facet, r[0]))  # noqa: E731
    ordered = [r for count_rows in _by_count(above) for r in sorted(count_rows, key=key)]
    return ordered + heapq.nsmallest(top - len(above), tied, key=key)


def _by_count(rows):
    group: list = []
    for r in rows:
        if group and group[-1][1] != r[1]:
            yield group
            group = []
        group.append(r)
    if group:
        yield group


def months(rows: list[tuple[str, int]]) -> list[FacetValue]:
    """[("2026-02", 10)] → month values in date order, labelled «февраль 2026»."""
    out = []
    for value, count in rows:
        year, month = value.split("-")
        out.append(FacetValue(value, f"{MONTHS_RU[int(month) - 1]} {year}", int(count)))
    return out
