"""`pip install .` (not editable): the installed packages find their data, templates and mapping."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import RELEASES, ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    target = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    env = {**os.environ, "PYTHONPATH": str(target)}
    return target, env


def run(args, env, cwd, **kw):
    return subprocess.run([sys.executable, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300, **kw)


def test_installed_indexer_and_mapping_come_from_the_install(installed, tmp_path):
    target, env = installed
    code = ("import indexer, eventstore, webui, json; from eventstore.stores.elastic.mapping import mapping; "
            "print(json.dumps([indexer.__file__, eventstore.__file__, webui.__file__, "
            "mapping()['mappings']['properties']['terms']['type']]))")
    out = run(["-c", code], env, tmp_path)
    files = json.loads(out.stdout)
    assert all(f.startswith(str(target)) for f in files[:3]), out.stderr
    assert files[3] == "text"
    store = tmp_path / "events.sqlite3"
    done = run(["-m", "indexer", "run", "--source", str(RELEASES), "--store", str(store), "--workers", "1", "-v"], env, tmp_path)
    assert done.returncode == 0 and "indexed" in done.stdout, done.stderr


def test_installed_web_serves_pages_and_api(installed, tmp_path):
    target, env = installed
    store = tmp_path / "events.sqlite3"
    assert run(["-m", "indexer", "run", "--source", str(RELEASES), "--store", str(store), "--workers", "1"], env, tmp_path).returncode == 0
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    web = subprocess.Popen([sys.executable, "-m", "webui", "--store", str(store), "--port", str(port)],
                           env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                page = urllib.request.urlopen(base + "/?q=%D0%BF%D0%BE%D1%81%D0%BE%D0%BB", timeout=5).read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert "Поиск: «посол»" in page and 'class="hit"' in page
        api = json.loads(urllib.request.urlopen(base + "/api/search?per_page=1", timeout=5).read())
        assert api["total"] > 0
        css = urllib.request.urlopen(base + "/static/style.css", timeout=5)
        assert css.status == 200
    finally:
        web.terminate()
        web.wait(10)
