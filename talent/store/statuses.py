"""Candidate statuses: appended, never overwritten; the newest row (highest id) is current.

``current_statuses`` is the one reading of "current status" (searches hide people whose
current status is in ``talent.vocab.HIDDEN_STATUSES``; the indexer puts it in payloads).
``read_current_statuses`` answers the same query for a process that has not opened the store:
on SQLite it uses the standard library's driver, because SQLAlchemy's import and engine set-up
cost ~0.2 s of a search's one-second budget.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from talent.errors import ConfigError, StoreError
from talent.vocab import STATUSES

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from talent.settings import Settings
    from talent.store import models

CURRENT_STATUS_SQL = (
    "SELECT s.person_id, s.status FROM candidate_status s JOIN ("
    " SELECT person_id, max(id) AS last FROM candidate_status GROUP BY person_id"
    ") l ON s.id = l.last"
)
NO_STORE_HINT = "run `talent crawl` and then `talent index` first"


def normalise_status(status: str) -> str:
    """``Do_Not_Contact`` → ``do-not-contact``; anything else unknown is an error."""
    value = status.strip().lower().replace("_", "-").replace(" ", "-")
    if value not in STATUSES:
        raise ConfigError(f"unknown status {status!r}", f"choose one of: {', '.join(STATUSES)}")
    return value


def set_status(
    session: Session,
    person_id: int,
    status: str,
    *,
    note: str | None = None,
    at: datetime | None = None,
) -> models.CandidateStatus:
    """Append a status row; it becomes the person's current status."""
    from talent.store import models

    row = models.CandidateStatus(
        person_id=person_id,
        status=normalise_status(status),
        note=(note or "").strip() or None,
        created_at=at or datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    return row


def status_history(session: Session, person_id: int) -> list[models.CandidateStatus]:
    """Every status of a person, oldest first (the last one is current)."""
    from sqlalchemy import select

    from talent.store import models

    return list(
        session.scalars(
            select(models.CandidateStatus)
            .where(models.CandidateStatus.person_id == person_id)
            .order_by(models.CandidateStatus.id)
        )
    )


def current_statuses(session: Session, person_ids: Iterable[int] | None = None) -> dict[int, str]:
    """person id -> current status, for everyone or for ``person_ids``."""
    from sqlalchemy import text

    rows = session.execute(text(CURRENT_STATUS_SQL)).all()
    wanted = None if person_ids is None else set(person_ids)
    return {int(pid): status for pid, status in rows if wanted is None or int(pid) in wanted}


def read_current_statuses(settings: Settings) -> dict[int, str]:
    """``current_statuses`` for everyone, without opening the store through SQLAlchemy on
    SQLite (read-only, so a search never blocks a crawl)."""
    url = settings.sqlalchemy_url
    if url.startswith("sqlite:///"):
        import sqlite3

        path = url.removeprefix("sqlite:///")
        if not Path(path).exists():
            raise StoreError("there is no store yet", NO_STORE_HINT)
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)) as conn:
            try:
                return {int(pid): status for pid, status in conn.execute(CURRENT_STATUS_SQL)}
            except sqlite3.OperationalError as exc:
                raise StoreError(
                    f"cannot read candidate statuses: {exc}", "run `talent db upgrade`"
                ) from None
    from talent.store import Store

    store = Store.open(settings, upgrade=False)
    try:
        with store.session() as session:
            return current_statuses(session)
    finally:
        store.close()
