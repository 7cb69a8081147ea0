"""The real web server in its own process, and Debian's headless Chromium driven by Playwright."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(url: str, proc, attempts: int = 300) -> bool:
    """Whether the server process answers `url` before it exits or the attempts run out."""
    while attempts and proc.poll() is None:
        try:
            return urllib.request.urlopen(url, timeout=1).status == 200
        except OSError:
            attempts -= 1
            time.sleep(0.1)
    return False


@contextmanager
def serving(store):
    """The web server (`python -m webui`) on a store, in its own process: yields its URL."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "webui", "--store", str(store), "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    if not answers(url + "/api/search?per_page=1", proc):
        proc.kill()
        pytest.fail("web server did not start")
    yield url
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="session")
def server(sqlite_store_path):
    with serving(sqlite_store_path) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def open_page(browser, size: str, *, js: bool = True, bypass_csp: bool = False):
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="ru-RU",
                                  java_script_enabled=js, bypass_csp=bypass_csp)
    return context.new_page()


@pytest.fixture(params=list(SIZES))
def size(request) -> str:
    return request.param


@pytest.fixture
def page(browser, size):
    pg = open_page(browser, size)
    yield pg
    pg.context.close()
