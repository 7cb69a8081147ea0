"""Evidence on the event page in Chromium: hovering, focusing or tapping a tag lights exactly the words
of the text its evidence names; the reasons show in Russian; it works without JS; no serious axe
violation; screenshots at desktop and phone size (also under /work/scratch/shots when it exists)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import ARTIFACTS, AXE, SIZES, open_page
from .test_accessibility import serious

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (npm ci --prefix tests/browser)")]
SHOTS = Path("/work/scratch/shots")


@pytest.fixture(scope="module")
def event(corpus_docs):
    """An event with a country read from an adjective and a Kazakh official named by a side construction."""
    for *_, events in corpus_docs:
        for e in events:
            rules = {r["rule"] for r in e["evidence"]}
            if {"country:adjective", "side:title"} <= rules:
                return e
    pytest.fail("no event with an adjective and a titled Kazakh official in the corpus")


def _words(e: dict, facet: str, value: str) -> str:
    """The text's words the evidence of one tag names, merged, in text order (what should be lit)."""
    spans = sorted({(r["start"], r["end"]) for r in e["evidence"]
                    if r["facet"] == facet and r["value"] == value and r["end"] > r["start"]})
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return "".join(e["text"][a:b] for a, b in merged)


def _lit(page, cls: str = "lit") -> str:
    return "".join(page.locator(f".event.current .ev.{cls}").all_inner_texts())


def _key(e: dict, facet: str, value: str) -> str:
    field, prefix = {"country": ("countries", "c"), "official": ("officials", "p"), "org": ("orgs", "o")}[facet]
    return f"{prefix}{e[field].index(value)}"


def _adjective_country(e: dict) -> str:
    return next(r["value"] for r in e["evidence"] if r["rule"] == "country:adjective")


def test_hovering_a_tag_lights_its_words_and_shows_why(browser, server, event):
    page = open_page(browser, "desktop")
    page.goto(f"{server}/event/{event['id']}")
    assert _lit(page) == ""
    country = _adjective_country(event)
    tag = page.locator(f'.ev-tag[data-key="{_key(event, "country", country)}"]')
    tag.locator(".tag").hover()
    assert _lit(page) == _words(event, "country", country)
    tip = tag.locator(".tip")
    assert tip.is_visible() and "по прилагательному" in tip.inner_text()
    # Another tag: the first one's words go dark, the other's light up.
    kz = event["kz_officials"][0]
    person = page.locator(f'.ev-tag[data-key="{_key(event, "official", kz)}"]')
    person.locator(".tag").hover()
    assert _lit(page) == _words(event, "official", kz)
    assert _lit(page, "lit-why") == _words(event, "kz_official", kz)  # the words that made them Kazakhstan's
    assert "должность называет страну" in person.locator(".tip").inner_text()
    page.mouse.move(1, 1)
    assert _lit(page) == "" and not tip.is_visible()
    page.context.close()


def test_keyboard_focus_lights_the_words_and_escape_hides_the_tooltip(browser, server, event):
    page = open_page(browser, "desktop")
    page.goto(f"{server}/event/{event['id']}")
    country = _adjective_country(event)
    tag = page.locator(f'.ev-tag[data-key="{_key(event, "country", country)}"]')
    tag.locator(".tag").focus()
    assert _lit(page) == _words(event, "country", country)
    assert tag.locator(".tip").is_visible()
    page.keyboard.press("Escape")
    assert not tag.locator(".tip").is_visible() and _lit(page) == ""
    # «?» is a toggle button: Enter pins the words, again unpins them.
    why = tag.locator(".why")
    why.focus()
    page.keyboard.press("Enter")
    assert why.get_attribute("aria-pressed") == "true" and _lit(page) == _words(event, "country", country)
    page.keyboard.press("Tab")
    assert _lit(page) != ""  # pinned: stays lit when focus moves on
    why.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert why.get_attribute("aria-pressed") == "false"
    page.context.close()


def test_a_tap_on_a_phone_pins_the_words_and_a_tap_elsewhere_lets_go(browser, server, event):
    width, height = SIZES["phone"]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="ru-RU", has_touch=True,
                                  is_mobile=True)
    page = context.new_page()
    page.goto(f"{server}/event/{event['id']}")
    kz = event["kz_officials"][0]
    tag = page.locator(f'.ev-tag[data-key="{_key(event, "official", kz)}"]')
    tag.locator(".why").tap()
    assert page.url.endswith(event["id"])  # the tap did not leave the page
    assert _lit(page) == _words(event, "official", kz)
    assert tag.locator(".tip").is_visible()
    page.locator("h1").tap()
    assert _lit(page) == ""
    # The tag itself still leads to the person's dossier.
    tag.locator(".tag").tap()
    page.wait_for_url("**/official/**")
    context.close()


def test_without_js_the_reasons_and_the_marked_words_are_one_link_away(browser, server, event):
    page = open_page(browser, "desktop", js=False)
    page.goto(f"{server}/event/{event['id']}")
    country = _adjective_country(event)
    key = _key(event, "country", country)
    tag = page.locator(f'.ev-tag[data-key="{key}"]')
    tag.locator(".tag").hover()
    assert tag.locator(".tip").is_visible()  # CSS alone
    tag.locator(".why").click()
    assert page.url.endswith(f"#why-{key}")
    entry = page.locator(f"#why-{key} ~ dd", has_text="по прилагательному").first
    adjective = next(event["text"][r["start"]:r["end"]] for r in event["evidence"] if r["rule"] == "country:adjective")
    assert entry.locator("mark").inner_text() == adjective
    page.context.close()


def test_evidence_page_has_no_serious_violations_and_is_screenshotted(browser, server, event, size):
    page = open_page(browser, size, bypass_csp=True)
    page.goto(f"{server}/event/{event['id']}?q=посол")
    kz = event["kz_officials"][0]
    tag = page.locator(f'.ev-tag[data-key="{_key(event, "official", kz)}"]')
    tag.locator(".why").click()  # pinned: the tooltip and the lit words are in the picture and checked
    assert tag.locator(".tip").is_visible()
    page.locator(".event.current").scroll_into_view_if_needed()
    shots = [ARTIFACTS / f"evidence-{size}.png"] + ([SHOTS / f"evidence_{size}.png"] if SHOTS.is_dir() else [])
    for path in shots:
        page.screenshot(path=str(path))
    violations = serious(page)
    report = [{"id": v["id"], "impact": v["impact"], "targets": [n["target"] for n in v["nodes"][:5]]} for v in violations]
    (ARTIFACTS / f"axe-evidence-{size}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    page.context.close()
    assert report == []  # none at all, not only no serious one
