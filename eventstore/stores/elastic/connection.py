"""One client per store, with timeouts for its role, and Elasticsearch's errors as store errors.

The web (read-only) gets a short deadline, no retries and a circuit breaker: a dead or hung
cluster answers 503 at once instead of holding every web thread. The indexer waits longer and
retries. Credentials in the URL are never printed.
"""
from __future__ import annotations

import threading
import time
from urllib.parse import parse_qs, urlsplit

from eventstore.stores.base import StoreError, StoreUnavailable

DEFAULT_ALIAS = "events"
READ = {"request_timeout": 5, "max_retries": 0, "retry_on_timeout": False}
WRITE = {"request_timeout": 120, "max_retries": 3, "retry_on_timeout": True}
BREAK_AFTER = 3  # consecutive failures that open the breaker
BREAK_FOR = 10.0  # seconds the breaker stays open before one request may try again


def split_url(url: str) -> tuple[str, str, dict[str, str]]:
    """http://user:pw@host:9200/myalias?shards=3 → ("http://user:pw@host:9200", "myalias", {"shards": "3"})."""
    parts = urlsplit(url)
    alias = parts.path.strip("/") or DEFAULT_ALIAS
    options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    return f"{parts.scheme}://{parts.netloc}", alias, options


def safe(url: str) -> str:
    """The URL without its password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return parts._replace(netloc=netloc).geturl()


class Breaker:
    """After BREAK_AFTER failures in a row, fail fast for BREAK_FOR seconds."""

    def __init__(self):
        self.failures, self.until, self._lock = 0, 0.0, threading.Lock()

    def check(self, url: str) -> None:
        if self.failures >= BREAK_AFTER and time.monotonic() < self.until:
            raise StoreUnavailable(f"Elasticsearch at {url} did not answer recently; next try in "
                                   f"{self.until - time.monotonic():.0f} s")

    def failed(self) -> None:
        with self._lock:
            self.failures += 1
            if self.failures >= BREAK_AFTER:
                self.until = time.monotonic() + BREAK_FOR

    def succeeded(self) -> None:
        self.failures = 0


class Connection:
    def __init__(self, url: str, readonly: bool):
        from elasticsearch import Elasticsearch

        host, _, _ = split_url(url)
        self.safe_url = safe(url)
        self.es = Elasticsearch(host, **(READ if readonly else WRITE))
        self.breaker = Breaker() if readonly else None

    def call(self, fn, *args, **kwargs):
        """Run one client call: unreachable, overloaded or broken → StoreUnavailable; a refused request → StoreError."""
        from elasticsearch import (ApiError, ConflictError, ConnectionError, ConnectionTimeout, NotFoundError,
                                   TransportError, UnsupportedProductError)

        if self.breaker:
            self.breaker.check(self.safe_url)
        try:
            out = fn(*args, **kwargs)
        except NotFoundError as e:
            if _error_type(e) == "index_not_found_exception":
                raise StoreUnavailable(f"no index at {self.safe_url} yet: run `python -m indexer run` first") from None
            raise  # a missing document: the caller answers None
        except ConflictError:
            raise  # a conditional write lost its race: the caller decides
        except UnsupportedProductError:
            self._failed()
            raise StoreUnavailable(f"{self.safe_url} does not answer like Elasticsearch") from None
        except ApiError as e:
            status = getattr(e, "status_code", None) or getattr(getattr(e, "meta", None), "status", None)
            if status == 429 or (status and status >= 500):
                self._failed()
                raise StoreUnavailable(f"Elasticsearch at {self.safe_url} is unavailable ({status})") from None
            raise StoreError(f"Elasticsearch refused a request ({status}): {_error_type(e) or e}") from None
        except (ConnectionError, ConnectionTimeout) as e:
            self._failed()
            raise StoreUnavailable(f"Elasticsearch at {self.safe_url} is unreachable: {e.__class__.__name__}") from None
        except TransportError as e:
            self._failed()
            raise StoreUnavailable(f"Elasticsearch at {self.safe_url}: {e.__class__.__name__}") from None
        if self.breaker:
            self.breaker.succeeded()
        return out

    def _failed(self) -> None:
        if self.breaker:
            self.breaker.failed()


def _error_type(e) -> str | None:
    info = getattr(e, "body", None)
    if isinstance(info, dict) and isinstance(info.get("error"), dict):
        return info["error"].get("type")
    return getattr(e, "error", None)
