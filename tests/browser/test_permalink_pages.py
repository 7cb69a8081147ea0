"""An edited release's page («изменено», the earlier text) and a removed event's 410 page in Chromium:
no serious axe violation, screenshots at desktop and phone size, a redirect followed by the browser."""
from __future__ import annotations

import json
import shutil

import pytest

from conftest import RELEASES, REWORDED, edit_every_way, indexer
from eventstore.stores import open_store

from .conftest import ARTIFACTS, AXE, open_page, serving
from .test_accessibility import serious

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (npm ci --prefix tests/browser)")]


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    """(server URL, release id) of a store whose release was edited every way (`edit_every_way`)."""
    tmp = tmp_path_factory.mktemp("edited")
    source, store = tmp / "incoming", tmp / "e.sqlite3"
    source.mkdir()
    shutil.copy(RELEASES / "002_europe.txt", source / "europe.txt")
    assert indexer("run", "--source", source, "--store", store).returncode == 0
    edit_every_way(source / "europe.txt")
    assert indexer("run", "--source", source, "--store", store).returncode == 0
    rid = open_store(str(store)).held("europe.txt").release_id
    with serving(store) as url:
        yield url, rid


@pytest.mark.parametrize("name", ["edited-release", "removed-event"])
def test_pages_of_edits_have_no_serious_violations_and_are_screenshotted(browser, edited, size, name):
    url, rid = edited
    page = open_page(browser, size, bypass_csp=True)
    page.goto(url + (f"/release/{rid}" if name == "edited-release" else f"/event/{rid}-2"))
    if name == "edited-release":
        page.get_by_role("link", name="изменено", exact=False).click()
        page.locator("#versions summary").first.click()
        assert page.locator("#versions details").first.get_attribute("open") is not None
        assert page.get_by_text("Во Франкфурте-на-Майне").first.is_visible()  # the deleted paragraph, in the earlier text
    else:
        assert "удалено" in page.locator("main").inner_text()
    page.screenshot(path=str(ARTIFACTS / f"{name}-{size}.png"), full_page=True)
    violations = serious(page)
    report = [{"id": v["id"], "impact": v["impact"], "targets": [n["target"] for n in v["nodes"][:5]]} for v in violations]
    (ARTIFACTS / f"axe-{name}-{size}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    page.context.close()
    assert [v for v in report if v["impact"] in ("serious", "critical")] == []


def test_the_browser_follows_a_replaced_event_to_its_replacement(browser, edited):
    url, rid = edited
    page = open_page(browser, "desktop")
    response = page.goto(f"{url}/event/{rid}-4")
    assert page.url.endswith(f"/event/{rid}-7") and response.status == 200
    assert REWORDED[:40] in page.locator("main").inner_text()
    page.context.close()
