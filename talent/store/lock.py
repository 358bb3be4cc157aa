"""One writer at a time on a SQLite store: a crawl (or a nightly run) holds its lock.

SQLite serialises single writes, not a crawl's read-then-write steps: two crawls on one home
interleaved them and left people without accounts behind. So a long writer takes this lock
for its whole run, and a second one is refused at once, told who holds it. The lock is an
OS file lock (``filelock``) beside the database file, released by the kernel when its holder
dies, so a killed crawl never leaves a stale lock. A PostgreSQL store takes none: distributed
crawlers share one on purpose, and the steps that must not interleave take advisory locks.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout
from sqlalchemy.engine import make_url

from talent.errors import Busy, StoreError

_held: dict[Path, int] = {}  # lock file -> depth, so a nightly run may nest a crawl in its hold


def lock_path(url: str) -> Path | None:
    """The lock file of a SQLite database (``talent.db`` -> ``talent.db.writer.lock``)."""
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    path = Path(database).resolve()
    return path.with_name(f"{path.name}.writer.lock")


@contextmanager
def exclusive_writer(url: str, purpose: str) -> Iterator[None]:
    """Hold the store's writer lock for the block; ``Busy`` names the holder when it is taken."""
    path = lock_path(url)
    if path is None:
        yield
        return
    if path in _held:
        _held[path] += 1
        try:
            yield
        finally:
            _held[path] -= 1
        return
    holder = json.dumps(
        {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "purpose": purpose,
            "since": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        }
    ).encode()

    def describe(fd: int) -> None:  # the holder's card, read by whoever is refused
        os.ftruncate(fd, 0)
        os.pwrite(fd, holder, 0)

    lock = FileLock(path, timeout=0, on_acquired=describe)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except Timeout:
        raise _busy(path, purpose) from None
    except OSError as exc:  # a read-only or missing home: say so, not "database locked"
        raise StoreError(
            f"{purpose} cannot take the store's writer lock {path}: {exc.strerror or exc}",
            "make the folder writable, or set TALENT_HOME / TALENT_DATABASE_URL to one that is",
        ) from None
    _held[path] = 1
    try:
        yield
    finally:
        del _held[path]
        lock.release()


def _busy(path: Path, purpose: str) -> Busy:
    database = path.with_name(path.name.removesuffix(".writer.lock"))
    try:
        card = json.loads(path.read_text())
        who = f"{card['purpose']} (pid {card['pid']} on {card['host']}, since {card['since']})"
        stop = f"stop it with `kill -TERM {card['pid']}`"
    except (OSError, ValueError, KeyError, TypeError):  # the holder is still writing its card
        who, stop = "another talent process", "stop it"
    return Busy(
        f"{purpose} cannot start: {who} is already writing to {database}",
        f"wait for it to finish or {stop}; to crawl in parallel, use PostgreSQL "
        "(TALENT_DATABASE_URL) with `talent crawl --distributed`",
    )
