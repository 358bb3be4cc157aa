"""The HTTP validator cache: ETag / Last-Modified and the body they stand for, per URL.

Stored in the database (``http_validators``) so that every crawler process, on any machine,
revalidates with conditional requests and a 304 can be answered from what we already have.
A 404 can be remembered too (a dependency file a repository lacks). Only URLs, validators,
the ``Link`` header and bodies are kept: never request headers.
"""

from __future__ import annotations

import hashlib
import time
import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite

from talent.store.models import HttpValidator

_TABLE = HttpValidator.__table__
_COLUMNS = (
    _TABLE.c.etag,
    _TABLE.c.last_modified,
    _TABLE.c.link,
    _TABLE.c.body,
    _TABLE.c.validated_at,
    _TABLE.c.status,
)


def url_key(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Cached:
    url: str
    etag: str | None
    last_modified: str | None
    link: str | None
    body: bytes
    validated_at: datetime
    status: int = 200


class ValidatorCache:
    """Reads per URL; writes are buffered and flushed together (every ``FLUSH_EVERY`` writes
    or ``FLUSH_SECONDS``), which keeps a commit off the path of every response. A killed
    process loses at most that buffer, which a resumed crawl simply fetches again."""

    FLUSH_EVERY = 25
    FLUSH_SECONDS = 0.5

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
        self._known: set[str] | None = None  # hashes stored, so unknown URLs skip the query
        self._puts: dict[str, dict[str, Any]] = {}
        self._touches: dict[str, datetime] = {}
        self._last_flush = time.monotonic()

    def _known_keys(self) -> set[str]:
        if self._known is None:
            with self.engine.connect() as conn:
                self._known = set(conn.execute(select(_TABLE.c.url_hash)).scalars())
        return self._known

    def get(self, url: str) -> Cached | None:
        key = url_key(url)
        pending = self._puts.get(key)
        if pending is not None:
            return _cached(url, pending)
        if key not in self._known_keys():
            return None  # stored by another process since we started? then we fetch it again
        with self.engine.connect() as conn:
            row = conn.execute(select(*_COLUMNS).where(_TABLE.c.url_hash == key)).first()
        if row is None or row.body is None:
            return None
        return _cached(url, row._asdict())

    def put(
        self,
        url: str,
        *,
        etag: str | None,
        last_modified: str | None,
        link: str | None,
        body: bytes,
        at: datetime,
        status: int = 200,
    ) -> None:
        key = url_key(url)
        self._puts[key] = {
            "url_hash": key,
            "url": url,
            "etag": etag,
            "last_modified": last_modified,
            "link": link,
            "body": zlib.compress(body, 6),
            "status": status,
            "fetched_at": at,
            "validated_at": at,
        }
        self._known_keys().add(key)
        self._maybe_flush()

    def touch(self, url: str, at: datetime) -> None:
        """Record that a 304 confirmed the stored body is still current."""
        self._touches[url_key(url)] = at
        self._maybe_flush()

    def _maybe_flush(self) -> None:
        pending = len(self._puts) + len(self._touches)
        if pending >= self.FLUSH_EVERY or time.monotonic() - self._last_flush > self.FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        puts, touches = list(self._puts.values()), dict(self._touches)
        self._puts, self._touches = {}, {}
        self._last_flush = time.monotonic()
        if not puts and not touches:
            return
        with self.engine.begin() as conn:
            if puts:
                stmt = self._insert(_TABLE)
                stmt = stmt.on_conflict_do_update(
                    index_elements=[_TABLE.c.url_hash],
                    set_={k: stmt.excluded[k] for k in puts[0] if k != "url_hash"},
                )
                conn.execute(stmt, puts)
            if touches:
                conn.execute(
                    update(_TABLE)
                    .where(_TABLE.c.url_hash == bindparam("key"))
                    .values(validated_at=bindparam("at")),
                    [{"key": k, "at": v} for k, v in touches.items()],
                )


def _cached(url: str, row: dict[str, Any]) -> Cached:
    body = row["body"]
    return Cached(
        url=url,
        etag=row["etag"],
        last_modified=row["last_modified"],
        link=row["link"],
        body=zlib.decompress(body) if body else b"",
        validated_at=row["validated_at"],
        status=row["status"],
    )
