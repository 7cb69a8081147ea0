"""Journalists' corrections of the extraction: a TOML file (`format.py`) applied to event documents
(`apply.py`) as each file is indexed, and to the stored events when the file changes (`stored.py`)."""
from __future__ import annotations

import os

from indexer.curation.format import NONE, Curation, CurationError, load

ENV = "EVENTS_CURATION"


def setting(path: str | None) -> str | None:
    """The curation file: `--curation`, else $EVENTS_CURATION, else none."""
    return path if path is not None else os.environ.get(ENV) or None


__all__ = ["NONE", "Curation", "CurationError", "ENV", "load", "setting"]
