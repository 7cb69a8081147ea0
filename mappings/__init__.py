"""Elasticsearch index definitions (`events.json`): their one source, shipped as package data
so that an installed copy (`pip install .`) finds them as well as a source checkout."""
from __future__ import annotations

import json
from importlib import resources


def load(name: str = "events") -> dict:
    return json.loads(resources.files(__name__).joinpath(f"{name}.json").read_text("utf-8"))
