"""axe-core (from npm, pinned in tests/browser/package.json) on every page, on a desktop and a phone:
no serious or critical violation. The CSP is bypassed for this test only, to inject axe."""
from __future__ import annotations

import json

import pytest

from .conftest import ARTIFACTS, AXE, open_page

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (npm ci --prefix tests/browser)")]

PAGES = {
    "search": "/?q=посол",
    "browse": "/",
    "filtered": "/?q=посол&country=JP&country=TR&date_from=2025-06-01&date_to=2026-03-31",
    "all-of": "/?country=AF&country=PK&all=country",
    "nothing": "/?q=посол Кувейтт",
    "notes": "/?q=посол * OR",
    "reversed-dates": "/?date_from=2026-03-01&date_to=2026-02-01",
    "facet": "/facet/official",
    "facet-filtered": "/facet/country?contains=ки",
    "help": "/help",
    "error": "/?page=abc",
    "not-found": "/event/nope",
    "official": "/official/Ерлан Байжанов",
    "country": "/country/JP",
}


@pytest.fixture(scope="module")
def ids(server):
    import urllib.request

    hit = json.loads(urllib.request.urlopen(server + "/api/search?q=%D0%BF%D0%BE%D1%81%D0%BE%D0%BB&per_page=1").read())["hits"][0]
    return hit["id"], hit["release_id"]


def serious(page) -> list[dict]:
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return result["violations"]


@pytest.mark.parametrize("name", [*PAGES, "event", "release", "filters-open"])
def test_no_serious_or_critical_violations(browser, server, ids, size, name):
    page = open_page(browser, size, bypass_csp=True)
    if name == "event":
        url = f"/event/{ids[0]}?q=посол"
    elif name == "release":
        url = f"/release/{ids[1]}?q=посол"
    else:
        url = PAGES.get(name, "/?q=посол")
    page.goto(server + url)
    if name == "filters-open" and size == "phone":
        page.locator(".filters-toggle").click()
    violations = serious(page)
    report = [{"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"]),
               "targets": [n["target"] for n in v["nodes"][:5]]} for v in violations]
    (ARTIFACTS / f"axe-{name}-{size}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    bad = [v for v in report if v["impact"] in ("serious", "critical")]
    page.context.close()
    assert bad == [], bad
