"""Error pages: a hostile request or a broken store gets a 4xx/503 with the security headers."""
import logging
import sqlite3

from conftest import corrupt
from webui import create_app


def test_a_host_header_flask_cannot_route_gets_a_400_page_with_security_headers(sqlite_store_path):
    client = create_app(str(sqlite_store_path)).test_client()
    for path in ("/", "/api/search", "/nope"):
        resp = client.get(path, headers={"Host": "a" * 1000})
        assert resp.status_code == 400, path
        assert resp.headers["Content-Security-Policy"].startswith("default-src 'self'")
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert "Неверный запрос" in client.get("/", headers={"Host": "a" * 1000}).get_data(as_text=True)


def test_a_corrupt_store_answers_503_and_says_so_in_the_log(sqlite_store_path, tmp_path, caplog):
    path = tmp_path / "e.sqlite3"
    with sqlite3.connect(f"file:{sqlite_store_path}?mode=ro", uri=True) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    warm = create_app(str(path)).test_client()
    assert warm.get("/api/search?q=посол").status_code == 200  # columns now in this process's memory
    corrupt(path)
    caplog.set_level(logging.ERROR, logger="webui.errors")
    for client in (create_app(str(path)).test_client(), warm):  # a new connection, warm columns; and the old one
        for url in ("/?q=посол", "/api/search?q=Кувейт&country=KW", "/export.csv?q=посол"):
            resp = client.get(url)
            assert resp.status_code in (200, 503), (url, resp.status_code)
    cold = create_app(str(path)).test_client()
    assert cold.get("/api/search?q=посол").status_code == 503
    assert "store corrupt: rebuild with `python -m indexer reindex --source DIR`" in caplog.text
