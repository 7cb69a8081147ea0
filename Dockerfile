# One image for the web UI and the scheduled indexer.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY eventstore ./eventstore
COPY indexer ./indexer
COPY webui ./webui
COPY mappings ./mappings
COPY deploy ./deploy
RUN pip install --no-cache-dir '.[serve]' && useradd --create-home app && mkdir -p /releases /data && chown app /releases /data
USER app
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "2", "--threads", "4", "--access-logfile", "-", "webui:create_app()"]
