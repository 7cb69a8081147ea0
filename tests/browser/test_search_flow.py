"""A journalist's path through the real server in headless Debian Chromium (Playwright)."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (apt-get install chromium)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(sqlite_store_path):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "webui", "--store", str(sqlite_store_path), "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/api/search?per_page=1", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("web server did not start")
    yield url
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"])
        pg = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ru-RU")
        yield pg
        browser.close()


def total(page) -> int:
    return int(re.search(r"\d+", page.locator("#total strong").inner_text()).group())


def test_type_tick_open_and_page(page, server):
    page.goto(server + "/")
    browse_total = total(page)
    assert browse_total > 40

    page.fill(".searchbox input", "послы")
    page.press(".searchbox input", "Enter")
    page.wait_for_url(re.compile(r".*q=.*"))
    query_total = total(page)
    assert 0 < query_total < browse_total
    assert page.locator(".hit mark").count() > 0

    turkey = page.locator('[data-facet="country"] a[data-value="TR"]')
    turkey_count = int(turkey.locator(".count").inner_text())
    turkey.click()
    page.wait_for_url(re.compile(r".*country=TR.*"))
    assert total(page) == turkey_count
    assert page.locator(".chip").first.inner_text().startswith("Турция")
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)

    # February from the histogram: «все встречи послов в феврале».
    page.locator(".chip").first.click()
    page.locator('.histogram a[title^="февраль 2026"]').click()
    page.wait_for_url(re.compile(r".*date_from=2026-02-01.*"))
    feb = total(page)
    assert 0 < feb < query_total
    dates = page.locator(".hit time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    assert dates and all(d.startswith("2026-02") for d in dates)
    page.screenshot(path=str(ARTIFACTS / "search-february.png"), full_page=True)

    first = page.locator(".hit .snippet a").first
    first.click()
    page.wait_for_url(re.compile(r".*/event/.*"))
    assert page.locator(".event.current").count() == 1
    assert page.locator(".event").count() >= 2
    page.screenshot(path=str(ARTIFACTS / "event.png"), full_page=True)


def test_paging_forward(page, server):
    page.goto(server + "/?per_page=10")
    first_ids = page.locator(".hit .snippet a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    page.locator(".pager a.next").click()
    page.wait_for_url(re.compile(r".*page=2.*"))
    assert "страница 2" in page.locator(".pager").inner_text()
    second_ids = page.locator(".hit .snippet a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert len(second_ids) == 10 and not set(first_ids) & set(second_ids)


def test_no_javascript_errors_and_csp_holds(page, server):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + "/?q=посол")
    page.goto(server + "/?q=<script>alert(1)</script>")
    assert page.locator("script:not([src])").count() == 0
    assert errors == []
