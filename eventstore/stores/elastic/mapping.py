"""The index definition: `mappings/events.json`, completed from the document schema.

The file holds the settings, the analyzer and every field that needs special handling
(the lemma stream, bookkeeping fields). A plain schema field the file does not list gets
the type of its kind, so adding a field to `eventstore.schema` needs no second edit here.
Shards and replicas come from the store URL (`…/events?shards=3&replicas=1`).
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
    "records": {"type": "object", "enabled": False},
}
MAPPING_VERSION = mappings.load("events")["mappings"]["_meta"]["version"]


def mapping(options: dict | None = None, building: bool = False) -> dict:
    """Settings and mappings for a new index; `building`: refresh and replicas off while a rebuild fills it."""
    options = options or {}
    body = mappings.load("events")
    properties = body["mappings"]["properties"]
    for field in EVENT:
        if field.name not in properties:
            properties[field.name] = dict(_TYPES[field.kind])
    settings = body["settings"]
    settings["number_of_shards"] = int(options.get("shards", settings["number_of_shards"]))
    settings.update(index_settings(options, settings))
    if building:
        settings.update({"refresh_interval": "-1", "number_of_replicas": 0})
        body["mappings"]["_meta"] = {**body["mappings"]["_meta"], "building": True}
    return body


def index_settings(options: dict | None = None, defaults: dict | None = None) -> dict:
    """The dynamic settings a finished index runs with."""
    options, defaults = options or {}, defaults or mappings.load("events")["settings"]
    return {"number_of_replicas": int(options.get("replicas", defaults["number_of_replicas"])),
            "refresh_interval": defaults["refresh_interval"]}
