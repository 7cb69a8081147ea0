import json
import subprocess
import sys

from conftest import ROOT, SAMPLE


def run_extract(*args):
    return subprocess.run([sys.executable, "-m", "indexer", "extract", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_seed_prints_ten_events_with_their_countries(seed):
    out = run_extract(seed)
    assert out.returncode == 0, out.stderr
    events = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(events) == 10
    for field in ("id", "release_id", "n", "text", "date", "release_date", "release_title", "countries",
                  "officials", "kz_officials", "orgs", "locations"):
        assert field in events[0]
    assert "terms" not in events[0]
    codes = [e["countries"] for e in events]
    assert codes[:4] + codes[5:] == [["ZA"], ["SK"], ["CN"], ["IN"], ["KW"], ["FR"], ["JO"], ["ET"], ["SE"]]
    assert sorted(codes[4]) == ["MY", "TR"]


def test_bad_file_is_reported_on_stderr_and_the_others_still_come_out(tmp_path):
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01 not a release")
    out = run_extract(bad, SAMPLE)
    assert out.returncode == 1
    assert "broken.txt" in out.stderr and "binary" in out.stderr
    assert len(out.stdout.splitlines()) == 5


def test_ids_are_stable_across_runs_and_paths(tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SAMPLE.read_bytes())
    first = [json.loads(x)["id"] for x in run_extract(SAMPLE).stdout.splitlines()]
    second = [json.loads(x)["id"] for x in run_extract(copy, "--terms").stdout.splitlines()]
    assert first == second and len(set(first)) == 5
