"""A read-only deployment: the web reads a store whose folder it cannot write (another user, a :ro mount)."""
import os
import subprocess
import sys

import pytest

from conftest import RELEASES, ROOT, fill_store, make_event, make_release, without_root
from eventstore.stores import open_store

pytestmark = pytest.mark.slow
READER = """
import sys
from webui import create_app
client = create_app(sys.argv[1]).test_client()
for _ in sys.stdin:
    resp = client.get("/api/search?per_page=1")
    print(resp.status_code, resp.get_json().get("total"), flush=True)
"""


@pytest.fixture
def folder(tmp_path, corpus_docs):
    """A store of the sample corpus whose writer has closed it: no -wal, no -shm next to it."""
    path = tmp_path / "ro" / "e.sqlite3"
    with open_store(str(path)) as store:
        fill_store(store, corpus_docs)
    assert sorted(p.name for p in path.parent.iterdir()) == ["e.sqlite3"]
    path.parent.chmod(0o555)
    yield path
    path.parent.chmod(0o755)


def test_a_reader_that_cannot_write_the_folder_reads_the_store_and_follows_a_writer(folder, corpus_docs):
    total = sum(len(events) for *_, events in corpus_docs)
    reader = subprocess.Popen(without_root([sys.executable, "-c", READER, str(folder)]), cwd=ROOT, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def ask() -> str:
        reader.stdin.write("\n")
        reader.stdin.flush()
        return reader.stdout.readline().strip()

    try:
        assert ask() == f"200 {total}"  # was 503: a WAL reader could not create the -shm file
        # The indexer (allowed to write) starts a run: the reader must leave immutable mode and see it.
        writer = open_store(str(folder))
        writer.replace_source("new.txt", "h", make_release("r-new"), [make_event("r-new", 1, "посол Кувейт")])
        assert os.path.exists(f"{folder}-shm")
        assert ask() == f"200 {total + 1}"
        writer.close()
        assert ask() == f"200 {total + 1}"
    finally:
        reader.stdin.close()
        reader.wait(60)
    assert reader.returncode == 0, reader.stderr.read()


def test_status_reads_a_store_in_a_read_only_folder(folder):
    out = subprocess.run(without_root([sys.executable, "-m", "indexer", "status", "--store", str(folder)]),
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert f"releases:  {len(list(RELEASES.glob('*.txt')))}" in out.stdout
    assert sorted(p.name for p in folder.parent.iterdir()) == ["e.sqlite3"]
