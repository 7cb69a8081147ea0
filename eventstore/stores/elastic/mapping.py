"""The index definition: `mappings/events.json`, completed from the document schema.

The file holds the settings, the analyzer and every field that needs special handling
(the lemma stream, bookkeeping fields). A plain schema field the file does not list gets
the type of its kind, so adding a field to `eventstore.schema` needs no second edit here.
"""
from __future__ import annotations

import mappings
from eventstore.schema import EVENT

_TYPES = {
    "keyword": {"type": "keyword"},
    "keywords": {"type": "keyword"},
    "int": {"type": "integer"},
    "date": {"type": "date", "format": "strict_date"},
    "text": {"type": "text", "index": False},
    "map": {"type": "object", "enabled": False},
}


def mapping() -> dict:
    body = mappings.load("events")
    properties = body["mappings"]["properties"]
    for field in EVENT:
        if field.name not in properties:
            properties[field.name] = dict(_TYPES[field.kind])
    return body
