"""Raw facet counts → labelled `FacetValue` lists, the same for every store."""
from __future__ import annotations

from eventstore.countries import short as country_label
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
    """Top values by count plus every selected one (with its count, 0 if none), selected first;
    values of the same count in Russian alphabetical order of their labels.

    Which values make the top is the stores' order (count, then value), so every store shows the
    same ones; only their order on the page is the alphabet's.
    """
    chosen = set(selected)
    shown = rows[:top] + [r for r in rows[top:] if r[0] in chosen]
    present = {v for v, _ in shown}
    shown += [(v, 0) for v in sorted(chosen - present)]
    values = [FacetValue(v, label(facet, v), int(c), v in chosen) for v, c in shown]
    values.sort(key=lambda v: (-v.count, ru_key(v.label)))
    # Selected values first, so they stay in sight at the top of a long, scrolling list.
    return [v for v in values if v.selected] + [v for v in values if not v.selected]


def months(rows: list[tuple[str, int]]) -> list[FacetValue]:
    """[("2026-02", 10)] → month values in date order, labelled «февраль 2026»."""
    out = []
    for value, count in rows:
        year, month = value.split("-")
        out.append(FacetValue(value, f"{MONTHS_RU[int(month) - 1]} {year}", int(count)))
    return out
