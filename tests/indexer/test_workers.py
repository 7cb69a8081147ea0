"""The analysis workers: large releases in slices (same events, bounded memory)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import RELEASES, ROOT

HEADER = " date 2026-02-20 Дайджест\nФото: gov.kz\nАстана. 19 февраля. KAZAKHSTAN TODAY - Дайджест встреч.\n"


def paragraphs() -> list[str]:
    from indexer.release import read_release

    return [par for p in sorted(RELEASES.glob("*.txt")) for par in read_release(p).paragraphs]


def test_a_large_release_is_analysed_in_slices_that_give_the_same_documents(analyzer):
    from indexer.analysis.officials import NameBook
    from indexer.release import parse_release
    from indexer.workers import _slices, analyse_release

    release = parse_release((HEADER + "\n".join(paragraphs())).encode(), "digest.txt")
    assert len(list(_slices(release, 5_000))) >= 5
    whole = analyzer.analyze(release).documents(NameBook())
    sliced = analyse_release(release, slice_chars=5_000).documents(NameBook())
    assert sliced == whole


@pytest.mark.slow
def test_a_worker_stays_small_on_a_large_release(tmp_path):
    # One pass over a 1 MB release took 0.8 GB (3.7 GB at the 5 MB limit); slices keep it at the
    # models' ~0.25 GB plus one slice. ru_maxrss of the children: the largest of run and worker.
    body = "\n".join(paragraphs())
    text = HEADER + "\n".join([body] * (1_000_000 // len(body.encode()) + 1))
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "big.txt").write_text(text, "utf-8")
    code = ("import resource, subprocess, sys; out = subprocess.run([sys.executable, '-m', 'indexer', 'run', "
            f"'--source', {str(tmp_path / 'src')!r}, '--store', {str(tmp_path / 'e.sqlite3')!r}, '--workers', '1']); "
            "print(out.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=900)
    returncode, peak_mb = map(int, out.stdout.split())
    assert returncode == 0, out.stderr
    assert peak_mb < 600, f"peak RSS {peak_mb} MB"


def test_a_release_that_is_one_endless_event_is_rejected_before_any_parsing():
    # Every paragraph continues the one before: one «event» of 5 MB would be parsed in one go (3.7 GB).
    from indexer.release import ReleaseError, parse_release
    from indexer.workers import analyse_release

    text = HEADER + "Посол Казахстана в Кувейте встретился с министром.\n" + "Стороны обсудили сотрудничество.\n" * 4_000
    with pytest.raises(ReleaseError) as e:
        analyse_release(parse_release(text.encode(), "endless.txt"))
    assert e.value.reason == "event 1 is 132051 characters long (over 100000): not a press release"
