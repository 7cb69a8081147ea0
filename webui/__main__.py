"""`python -m webui --store STORE --host 127.0.0.1 --port 8000` (development server).

In production run it under gunicorn: `gunicorn -w 2 --threads 4 'webui:create_app()'`.
"""
from __future__ import annotations

import argparse

from eventstore.stores import store_setting
from webui import create_app


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m webui", description=__doc__)
    parser.add_argument("--store", help="SQLite path or Elasticsearch URL (default: $EVENTS_STORE or ./data/events.sqlite3)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--debug", action="store_true", help="Flask debug mode (never in production)")
    args = parser.parse_args(argv)
    app = create_app(store_setting(args.store), debug=args.debug)
    print(f"Serving on http://{args.host}:{args.port}/ (store: {store_setting(args.store)})", flush=True)
    app.run(host=args.host, port=args.port, debug=args.debug, use_reloader=False, threaded=True)


if __name__ == "__main__":
    main()
