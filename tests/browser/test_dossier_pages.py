"""Dossier pages in headless Debian Chromium at desktop and phone size, on the real server.

Screenshots go to tests/artifacts/ (dossier-official-desktop.png, dossier-country-phone.png, …) to be looked at.
"""
from __future__ import annotations

import re

import pytest

from .conftest import ARTIFACTS, SIZES, open_page

pytestmark = pytest.mark.browser
PAGES = {"official": "/official/Ерлан Байжанов", "country": "/country/JP"}


@pytest.mark.parametrize("kind", PAGES)
def test_dossier_page_fits_and_is_screenshotted(browser, server, kind, size):
    width, _ = SIZES[size]
    page = open_page(browser, size)
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
    page.context.close()


def test_from_a_search_hit_to_a_dossier_and_to_a_month(browser, server):
    page = open_page(browser, "desktop")
    page.goto(server + "/?q=Байжанов")
    page.locator('.hit a.tag:has-text("Ерлан Байжанов")').first.click()
    page.wait_for_url(re.compile(r".*/official/.*"))
    assert page.locator("h1").inner_text() == "Ерлан Байжанов"
    cell = page.locator(".timeline td a").first
    count, month = int(cell.inner_text()), re.search(r"date_from=(\d{4}-\d\d)", cell.get_attribute("href")).group(1)
    cell.click()
    page.wait_for_url(re.compile(rf".*official=.*date_from={month}-01&date_to={month}-\d\d$"))
    assert f"Найдено: {count} " in page.locator("#total").inner_text() or f"из {count} " in page.locator("#total").inner_text()
    page.go_back()
    page.locator(".ranked a", has_text="Япония").click()
    page.wait_for_url(re.compile(r".*/country/JP$"))
    assert page.locator("h1").inner_text() == "Япония"
    feed = page.locator('link[rel="alternate"][type="application/atom+xml"]').get_attribute("href")
    assert feed == "/feed.atom?country=JP"
    page.context.close()
