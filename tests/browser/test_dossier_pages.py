"""Dossier pages in headless Debian Chromium at desktop and phone size, on the real server.

Screenshots go to tests/artifacts/ (dossier-*-desktop.png, dossier-*-phone.png) to be looked at.
"""
from __future__ import annotations

import re

import pytest

from browser.test_search_flow import ARTIFACTS, CHROMIUM, pytestmark, server  # noqa: F401 (fixture, marks)

SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
PAGES = {"official": "/official/Ерлан Байжанов", "country": "/country/JP"}


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"])
        yield b
        b.close()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("kind", PAGES)
def test_dossier_page_fits_and_is_screenshotted(browser, server, kind, size):
    width, height = SIZES[size]
    page = browser.new_page(viewport={"width": width, "height": height}, locale="ru-RU")
    errors = []  # script errors and failed loads (the browser's own favicon request aside)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: errors.append(r.url) if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    page.goto(server + PAGES[kind])
    assert page.locator("h1").inner_text() in ("Ерлан Байжанов", "Япония")
    assert page.locator("a.subscribe").is_visible() and "подписаться" in page.locator("a.subscribe").inner_text()
    assert page.locator("table.timeline").is_visible()
    # Nothing sticks out sideways: the page scrolls only down.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for panel in page.locator(".panel").all():
        box = panel.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5
    page.screenshot(path=str(ARTIFACTS / f"dossier-{kind}-{size}.png"), full_page=True)
    assert errors == []
    page.close()


def test_from_a_search_hit_to_a_dossier_and_to_a_month(browser, server):
    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page.goto(server + "/?q=Байжанов")
    page.locator('.hit a.tag:has-text("Ерлан Байжанов")').first.click()
    page.wait_for_url(re.compile(r".*/official/.*"))
    assert page.locator("h1").inner_text() == "Ерлан Байжанов"
    cell = page.locator(".timeline td a").first
    count, month = int(cell.inner_text()), re.search(r"date_from=(\d{4}-\d\d)", cell.get_attribute("href")).group(1)
    cell.click()
    page.wait_for_url(re.compile(rf".*official=.*date_from={month}-01&date_to={month}-\d\d$"))
    assert int(re.search(r"\d+", page.locator("#total strong").inner_text()).group()) == count
    page.go_back()
    page.locator(".ranked a", has_text="Япония").click()
    page.wait_for_url(re.compile(r".*/country/JP$"))
    assert page.locator("h1").inner_text() == "Япония"
    feed = page.locator('link[rel="alternate"][type="application/atom+xml"]').get_attribute("href")
    assert feed == "/feed.atom?country=JP"
    page.close()
