"""The curation file on real runs (real natasha, real SQLite files, real processes): applied on
indexing, re-applied to stored events when it changes (no analysis), refused whole when bad."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import RELEASES, ROOT, indexer, search, snapshot
from eventstore.stores import open_store

pytestmark = pytest.mark.slow
EXAMPLE = ROOT / "docs" / "curation.example.toml"


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict:
    store = tmp_path_factory.mktemp("clean") / "e.sqlite3"
    assert indexer("run", "--source", RELEASES, "--store", store).returncode == 0
    return snapshot(store)


@pytest.fixture(scope="module")
def curated(tmp_path_factory) -> tuple[Path, dict]:
    """A store indexed from scratch with the example curation file (given by the environment)."""
    store = tmp_path_factory.mktemp("curated") / "e.sqlite3"
    assert indexer("run", "--source", RELEASES, "--store", store, env={"EVENTS_CURATION": str(EXAMPLE)}).returncode == 0
    return store, snapshot(store)


def by_official(snap: dict, name: str) -> list[dict]:
    return [d for d in snap["events"].values() if name in d["officials"]]


def test_every_kind_of_entry_is_applied_when_indexing(curated, clean):
    store, snap = curated
    events = snap["events"]
    # aliases: renamed everywhere, the role replaced from `since` on, the extracted values kept aside
    assert not by_official(snap, "Ерлан Байжанов")
    renamed = by_official(snap, "Эрлан Байжанов")
    assert len(renamed) == len(by_official(clean, "Ерлан Байжанов")) >= 5
    for d in renamed:
        assert {"facet": "official", "value": "Эрлан Байжанов", "action": "renamed", "was": "Ерлан Байжанов",
                "entry": "curation.example.toml:10"} in d["corrections"]
        assert "Ерлан Байжанов" in d["extracted"]["officials"] and "Эрлан Байжанов" in d["kz_officials"]
        assert any(r["rule"] == "curation" and r["value"] == "Эрлан Байжанов" for r in d["evidence"])
        if d["date"] >= "2026-01-01":
            assert d["roles"]["Эрлан Байжанов"] == "посол Казахстана в Японии"
    assert any(d["date"] < "2026-01-01" for d in renamed)  # those keep their extracted role
    # merge: two extracted people become one
    assert not by_official(snap, "Кэндзи Ямамото") and by_official(clean, "Кэндзи Ямамото")
    assert len(by_official(snap, "Хироси Накаяма")) == len(by_official(clean, "Хироси Накаяма")) + len(by_official(clean, "Кэндзи Ямамото"))
    # not Kazakh, not a person
    for d in by_official(snap, "Гульнар Сарсенова"):
        assert "Гульнар Сарсенова" not in d["kz_officials"] and "Гульнар Сарсенова" not in d["roles"]
        assert not any(p.startswith("Гульнар Сарсенова\x1f") for p in d["kz_roles"])
    assert by_official(clean, "Чхве Мин Хо") and not by_official(snap, "Чхве Мин Хо")
    # organizations
    assert all("Атамекен" not in d["orgs"] and "ОТГ" not in d["orgs"] for d in events.values())
    assert sum("НПП «Атамекен»" in d["orgs"] for d in events.values()) == sum("Атамекен" in d["orgs"] for d in clean["events"].values())
    # one event's countries
    assert clean["events"]["e977d12f895a-3"]["countries"] == ["JP"] and events["e977d12f895a-3"]["countries"] == ["ZA"]
    # the rest of the store is the clean run's
    untouched = [i for i, d in events.items() if not d["corrections"]]
    assert untouched and all(events[i] == clean["events"][i] for i in untouched)
    with open_store(str(store), readonly=True) as s:
        assert "Эрлан Байжанов" in s.known_officials() and "Ерлан Байжанов" not in s.known_officials()
        assert ("Эрлан Байжанов", "посол Казахстана в Японии") in {(n, r) for n, r, _ in s.known_roles()}
        # the canonical name typed into the search box finds its events, in any form
        assert search(s, text="Эрланом Байжановым").total == len(renamed)
        assert search(s, official=("Эрлан Байжанов",)).total == len(renamed)
        assert search(s, org=("НПП «Атамекен»",)).total == sum("НПП «Атамекен»" in d["orgs"] for d in events.values())
        assert search(s, country=("ZA",)).total == sum("ZA" in d["countries"] for d in events.values())


def test_a_changed_file_is_reapplied_without_analysis_and_no_file_restores_the_clean_store(source, tmp_path, clean, curated):
    store = tmp_path / "e.sqlite3"
    assert indexer("run", "--source", source, "--store", store).returncode == 0
    again = indexer("run", "--source", source, "--store", store, "--curation", EXAMPLE, "-v")
    assert again.returncode == 0, again.stderr
    assert " 0 indexed" in again.stdout and " events re-curated" in again.stdout
    assert snapshot(store) == curated[1]
    same = indexer("run", "--source", source, "--store", store, "--curation", EXAMPLE, "-v")
    assert "re-curated" not in same.stdout and snapshot(store) == curated[1]
    # an edit of the file: only what it changes moves
    edited = tmp_path / "c.toml"
    edited.write_text(EXAMPLE.read_text("utf-8").replace('name = "Эрлан Байжанов"', 'name = "Ерлан Байжанов-Улы"'), "utf-8")
    assert indexer("run", "--source", source, "--store", store, "--curation", edited).returncode == 0
    snap = snapshot(store)
    assert by_official(snap, "Ерлан Байжанов-Улы") and not by_official(snap, "Эрлан Байжанов")
    assert indexer("run", "--source", source, "--store", store).returncode == 0
    assert snapshot(store) == clean


def test_a_bad_file_stops_the_run_and_changes_nothing(source, tmp_path, clean):
    store = tmp_path / "e.sqlite3"
    assert indexer("run", "--source", source, "--store", store).returncode == 0
    bad = tmp_path / "c.toml"
    bad.write_text('[[person]]\nname = "Эрлан Байжанов"\naliases = ["Ерлан Байжанов"]\nkazakh = "да"\n', "utf-8")
    (source / "999_new.txt").write_bytes((RELEASES / "002_europe.txt").read_bytes().replace("хроника".encode(), "летопись".encode()))
    out = indexer("run", "--source", source, "--store", store, "--curation", bad)
    assert out.returncode == 2
    assert f"{bad}:4: [[person]]: «kazakh» must be true or false (no quotes)" in out.stderr and "nothing was changed" in out.stderr
    after = snapshot(store)
    assert after["events"] == clean["events"] and "999_new.txt" not in after["sources"]
    status = indexer("status", "--store", store, "--check", "--json")
    assert status.returncode == 1 and "CurationError" in json.loads(status.stdout)["last_error"]["error"]
    check = indexer("curation", "check", bad)
    assert check.returncode == 2 and f"{bad}:4:" in check.stderr


def test_reindex_applies_it(source, tmp_path, curated):
    store = tmp_path / "e.sqlite3"
    assert indexer("run", "--source", source, "--store", store).returncode == 0
    assert indexer("reindex", "--store", store, "--curation", EXAMPLE).returncode == 0
    assert snapshot(store)["events"] == curated[1]["events"]


def test_killed_while_reapplying_then_the_next_run_finishes(source, tmp_path, curated):
    store = tmp_path / "e.sqlite3"
    assert indexer("run", "--source", source, "--store", store).returncode == 0
    crashed = indexer("run", "--source", source, "--store", store, "--curation", EXAMPLE,
                      env={"INDEXER_CRASH_AT": "after_rewrite:2"})
    assert crashed.returncode == 137
    half = snapshot(store)["events"]
    assert 0 < sum(bool(d.get("corrections")) for d in half.values()) < sum(bool(d["corrections"]) for d in curated[1]["events"].values())
    rerun = indexer("run", "--source", source, "--store", store, "--curation", EXAMPLE, "-v")
    assert rerun.returncode == 0 and " 0 indexed" in rerun.stdout
    assert snapshot(store) == curated[1]


def test_show_lists_what_the_next_run_would_change(source, tmp_path):
    store = tmp_path / "e.sqlite3"
    assert indexer("run", "--source", source, "--store", store).returncode == 0
    shown = indexer("curation", "show", EXAMPLE, "--store", store)
    assert shown.returncode == 0
    assert "e977d12f895a-3\n" in shown.stdout and "country: ZA added  [curation.example.toml:44]" in shown.stdout
    assert "official: Ерлан Байжанов → Эрлан Байжанов  [curation.example.toml:10]" in shown.stdout
