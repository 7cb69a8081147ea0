"""400 / 404 / 503 / 500 as friendly pages on the site and as {"error": …} under /api/."""
from __future__ import annotations

import logging

from flask import jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from eventstore.stores import StoreUnavailable
from webui.params import BadParameter

log = logging.getLogger(__name__)
MESSAGES = {
    400: "Неверный запрос",
    404: "Не найдено",
    405: "Метод не поддерживается",
    503: "Поиск временно недоступен",
    500: "Внутренняя ошибка",
}


def _respond(status: int, message: str):
    if request.path.startswith("/api/") or request.path.endswith((".csv", ".xlsx")):
        return jsonify({"error": message}), status
    return render_template("error.html", status=status, title=MESSAGES.get(status, "Ошибка"), message=message), status


def register(app) -> None:
    @app.errorhandler(BadParameter)
    def bad_parameter(e):
        return _respond(400, str(e))

    @app.errorhandler(StoreUnavailable)
    def unavailable(e):
        log.warning("store unavailable: %s", e)
        return _respond(503, "Поиск временно недоступен. Попробуйте через несколько минут.")

    @app.errorhandler(HTTPException)
    def http_error(e):
        text = {404: "Такой страницы или события нет.", 405: "Этот адрес только для чтения."}.get(e.code, e.description)
        return _respond(e.code or 500, text)

    @app.errorhandler(Exception)
    def unexpected(e):
        log.exception("unexpected error")
        return _respond(500, "Что-то пошло не так. Мы уже знаем об этом.")
