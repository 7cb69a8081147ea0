"""The app under real servers: gunicorn (production) and the development server answer alike."""
import json
import os
import re
import socket
import subprocess
import sys
from urllib.parse import quote_plus

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow
BIN = os.path.dirname(sys.executable)


def start(command: list[str], ready: str, env: dict) -> tuple[subprocess.Popen, int]:
    """Start a server on a free port; return it once its log line `ready` (a regex with the port) appears."""
    proc = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            env={**os.environ, **env})
    for line in proc.stderr:
        if m := re.search(ready, line):
            return proc, int(m.group(1))
    proc.kill()
    pytest.fail(f"{command[0]} did not start")


@pytest.fixture(scope="module", params=["gunicorn", "development"])
def server(request, sqlite_store_path):
    if request.param == "gunicorn":
        command = [os.path.join(BIN, "gunicorn"), "-w", "1", "--threads", "2", "-b", "127.0.0.1:0", "webui:create_app()"]
        ready = r"Listening at: http://127\.0\.0\.1:(\d+)"
    else:
        command = [sys.executable, "-m", "webui", "--port", "0"]
        ready = r"Running on http://127\.0\.0\.1:(\d+)"
    proc, port = start(command, ready, {"EVENTS_STORE": str(sqlite_store_path)})
    yield port
    proc.terminate()
    proc.wait(30)


def get(port: int, target: bytes) -> tuple[int, bytes]:
    """One request with the target's bytes sent as they are (http.client would refuse non-ASCII)."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        s.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


@pytest.mark.parametrize("query", ["q=посол&country=KW&per_page=5", "q=послов Türkiye", "q=посол&org=МИД"])
def test_a_raw_utf8_query_string_is_read_like_a_percent_encoded_one(server, query):
    # README: curl 'http://127.0.0.1:8000/api/search?q=посол&country=KW&per_page=5' sends raw UTF-8.
    raw_status, raw = get(server, b"/api/search?" + query.replace(" ", "+").encode())
    encoded = "&".join(k + "=" + quote_plus(v) for k, v in (p.split("=") for p in query.split("&")))
    status, body = get(server, b"/api/search?" + encoded.encode())
    assert (raw_status, status) == (200, 200)
    assert json.loads(raw) == json.loads(body)
