"""Country codes → Russian names (CLDR via babel), for facets, pages and exports."""
from __future__ import annotations

from functools import lru_cache

from babel import Locale


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    return dict(Locale("ru").territories)


def label(code: str) -> str:
    """Russian name of a country («JP» → «Япония»); unknown codes as given."""
    return _names().get(code, code)
