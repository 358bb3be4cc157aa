"""The HTTP validator cache: ETag / Last-Modified and the body they stand for, per URL.

Stored in the database (``http_validators``) so that every crawler process, on any machine,
revalidates with conditional requests and a 304 can be answered from what we already have.
A 404 can be remembered too (a dependency file a repository lacks). Only URLs, validators,
the ``Link`` header and bodies are kept: never request headers.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select, update
from sqlalchemy.dialects import postgresql, sqlite

from talent.store.models import HttpValidator

_TABLE = HttpValidator.__table__


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
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert

    def get(self, url: str) -> Cached | None:
        columns = (
            _TABLE.c.etag,
            _TABLE.c.last_modified,
            _TABLE.c.link,
            _TABLE.c.body,
            _TABLE.c.validated_at,
            _TABLE.c.status,
        )
        with self.engine.connect() as conn:
            row = conn.execute(select(*columns).where(_TABLE.c.url_hash == url_key(url))).first()
        if row is None or row.body is None:
            return None
        body = zlib.decompress(row.body)
        return Cached(
            url, row.etag, row.last_modified, row.link, body, row.validated_at, row.status
        )

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
        values = {
            "url_hash": url_key(url),
            "url": url,
            "etag": etag,
            "last_modified": last_modified,
            "link": link,
            "body": zlib.compress(body, 6),
            "status": status,
            "fetched_at": at,
            "validated_at": at,
        }
        stmt = self._insert(_TABLE).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=[_TABLE.c.url_hash],
            set_={k: stmt.excluded[k] for k in values if k != "url_hash"},
        )
        with self.engine.begin() as conn:
            conn.execute(stmt)

    def touch(self, url: str, at: datetime) -> None:
        """Record that a 304 confirmed the stored body is still current."""
        with self.engine.begin() as conn:
            conn.execute(
                update(_TABLE).where(_TABLE.c.url_hash == url_key(url)).values(validated_at=at)
            )
