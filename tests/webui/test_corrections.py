"""The event page marks what the curation file changed; its JSON twin carries `corrections`."""
from __future__ import annotations

import pytest

from conftest import RELEASES, ROOT, indexer
from webui import create_app

EXAMPLE = ROOT / "docs" / "curation.example.toml"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    store = tmp_path_factory.mktemp("curated") / "e.sqlite3"
    assert indexer("run", "--source", RELEASES, "--store", store, "--curation", EXAMPLE).returncode == 0
    return create_app(str(store)).test_client()


def test_corrected_values_are_marked_with_the_entry_and_the_former_value(client):
    html = client.get("/event/e977d12f895a-3").get_data(as_text=True)
    assert ('<a class="tag kz" href="/official/%D0%AD%D1%80%D0%BB%D0%B0%D0%BD%20%D0%91%D0%B0%D0%B9%D0%B6%D0%B0%D0%BD%D0%BE%D0%B2"'
            in html)
    assert '<span class="corrected" title="исправлено: curation.example.toml:10; было: Ерлан Байжанов">исправлено' in html
    assert 'title="исправлено: curation.example.toml:44">исправлено' in html  # ZA added: nothing before it
    assert "Исправлено редакцией" in html
    assert "страна: «Япония» — удалено" in html
    data = client.get("/api/event/e977d12f895a-3").get_json()
    assert {"facet": "country", "value": "ZA", "action": "added", "was": None,
            "entry": "curation.example.toml:44"} in data["corrections"]
    assert "extracted" not in data and data["countries"] == ["ZA"]


def test_an_event_the_file_leaves_alone_has_no_marks(client):
    data = client.get("/api/search?country=IT").get_json()
    plain = next(h for h in data["hits"] if not h["corrections"])
    html = client.get(f"/event/{plain['id']}").get_data(as_text=True)
    assert 'class="corrected"' not in html and "Исправлено редакцией" not in html
