"""The web app's store: opened once, and warmed up in the background when asked to."""
from eventstore.stores.sqlite.store import COLUMNS
from webui import create_app


def test_warm_up_loads_the_columns_before_the_first_request(sqlite_store_path, monkeypatch):
    monkeypatch.setenv("EVENTS_WARM_UP", "1")
    COLUMNS.clear()
    app = create_app(str(sqlite_store_path))
    warm = [t for t in __import__("threading").enumerate() if t.name == "store-warm-up"]
    for t in warm:
        t.join(30)
    assert COLUMNS.holds(str(sqlite_store_path))
    assert app.test_client().get("/api/search?q=посол").status_code == 200


def test_warm_up_of_a_missing_store_is_only_a_warning(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("EVENTS_WARM_UP", "1")
    from webui.backend import warm_up

    app = create_app(str(tmp_path / "absent.sqlite3"))
    warm_up(app).join(30)
    assert "warm-up skipped" in caplog.text
    assert app.test_client().get("/api/search").status_code == 503
