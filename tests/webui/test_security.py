"""XSS probes in every parameter, security headers, formula-safe CSV."""
import pytest

from webui import create_app

PROBES = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<скрипт>алерт(1)</скрипт><script>посол</script>",
    '"><svg onload=alert("посол")>',
    "javascript:alert(1)",
]


@pytest.fixture(scope="module")
def client(sqlite_store_path):
    return create_app(str(sqlite_store_path)).test_client()


@pytest.mark.parametrize("probe", PROBES)
@pytest.mark.parametrize("param", ["q", "country", "official", "org", "sort", "date_from", "page"])
def test_probe_is_escaped_everywhere(client, param, probe):
    for path in ("/", "/api/search", "/export.csv", "/facet/country"):
        resp = client.get(path, query_string={param: probe})
        assert resp.status_code in (200, 400)
        body = resp.get_data(as_text=True)
        assert "<script>" not in body and "<img" not in body and "<svg" not in body


def test_security_headers(client):
    resp = client.get("/")
    csp = resp.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] == "same-origin"


def test_html_has_no_inline_scripts_or_styles(client):
    html = client.get("/?q=посол").get_data(as_text=True)
    assert "<script>" not in html and "style=" not in html and "onclick" not in html


def test_csv_cells_cannot_become_formulas():
    from webui.exports import safe

    assert safe("=HYPERLINK(1)") == "'=HYPERLINK(1)" and safe("-2+3") == "'-2+3" and safe("посол") == "посол"
