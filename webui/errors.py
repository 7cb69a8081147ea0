"""400 / 404 / 503 / 500 as friendly pages on the site and as {"error": …} under /api/."""
from __future__ import annotations

import logging

from flask import jsonify, redirect, render_template, request
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from eventstore.stores import StoreCorrupt, StoreUnavailable
from webui import urls, views
from webui.backend import searcher
from webui.params import BadParameter
from webui.render import ru_date

log = logging.getLogger(__name__)
MESSAGES = {
    400: "Неверный запрос",
    404: "Не найдено",
    410: "Удалено",
    405: "Метод не поддерживается",
    503: "Поиск временно недоступен",
    500: "Внутренняя ошибка",
}


def _respond(status: int, message: str, extra: dict | None = None):
    if request.path.startswith("/api/") or request.path.endswith((".csv", ".xlsx")):
        return jsonify({"error": message, **(extra or {})}), status
    title = MESSAGES.get(status, "Ошибка")
    try:
        return render_template("error.html", status=status, title=title, message=message, extra=extra), status
    except Exception:
        # The page itself cannot be built (a Host header Flask cannot route: no URL adapter for
        # the template's links). Answer plainly rather than with a bare 500 without our headers.
        log.warning("error page for %s rendered without its template", status, exc_info=True)
        body = f"<!doctype html><meta charset=utf-8><title>{escape(title)}</title><h1>{escape(title)}</h1><p>{escape(message)}</p>"
        return body, status, {"Content-Type": "text/html; charset=utf-8"}


def register(app) -> None:
    @app.errorhandler(BadParameter)
    def bad_parameter(e):
        return _respond(400, str(e))

    @app.errorhandler(StoreCorrupt)
    def corrupt(e):
        log.error("%s", e)  # "store corrupt: rebuild with `python -m indexer reindex --source DIR` (…)"
        return _respond(503, "Поиск временно недоступен. Попробуйте через несколько минут.")

    @app.errorhandler(StoreUnavailable)
    def unavailable(e):
        log.warning("store unavailable: %s", e)
        return _respond(503, "Поиск временно недоступен. Попробуйте через несколько минут.")

    @app.errorhandler(views.Moved)
    def moved(e):
        """An id an edit replaced: 301 to the same kind of page (or JSON) of the id that took its place."""
        api = request.path.startswith("/api/")
        build = {"event": urls.api_event if api else urls.event,
                 "release": urls.api_release if api else urls.release}[e.kind]
        query = request.query_string.decode("ascii", "replace")
        return redirect(build(e.to) + (f"?{query}" if query else ""), 301)

    @app.errorhandler(views.Removed)
    def removed(e):
        r = e.record
        when = ru_date(r.at)
        release = None
        if e.kind == "event":
            found = searcher().resolve_release(r.release_id)
            release = urls.release(r.release_id) if found and found[0] == "release" else None
            text = f"Это событие удалено из релиза {when}." + (" Релиз и его прежний текст — по ссылке ниже." if release else "")
        else:
            text = f"Этот релиз удалён {when}: его файла больше нет среди источников."
        return _respond(410, text, {"removed": r.at, "release_id": r.release_id, "release_url": release})

    @app.errorhandler(HTTPException)
    def http_error(e):
        text = {404: "Такой страницы или события нет.", 405: "Этот адрес только для чтения."}.get(e.code, e.description)
        return _respond(e.code or 500, text)

    @app.errorhandler(Exception)
    def unexpected(e):
        log.exception("unexpected error")
        return _respond(500, "Что-то пошло не так. Мы уже знаем об этом.")
