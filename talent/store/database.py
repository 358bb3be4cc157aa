"""The database: engine, sessions and schema migrations.

``Store.open(settings)`` makes sure the schema is at the newest Alembic revision (upgrading
it when ``upgrade=True``, otherwise saying what to run), so every command sees the same
tables on SQLite and PostgreSQL.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, func, inspect, select, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from talent.errors import StoreError
from talent.store import models

if TYPE_CHECKING:
    from talent.settings import Settings

# Bumped with every new migration; a test checks it equals Alembic's head. Comparing against
# this constant lets the hot path skip importing Alembic when the schema is already current.
SCHEMA_HEAD = "0003"
MIGRATION_LOCK = 0x7A1E01  # PostgreSQL advisory lock id held while migrating


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine with the settings each backend needs (WAL and foreign keys on SQLite)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def redact_url(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # a URL too broken to parse is still worth naming, minus credentials
        return url.split("@")[-1]


class Store:
    """An open database with a session factory."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, settings: Settings, *, upgrade: bool = True) -> Store:
        url = settings.sqlalchemy_url
        if url.startswith("sqlite:///"):
            settings.ensure_home()
        try:
            store = cls(make_engine(url))
        except (SQLAlchemyError, ValueError) as exc:
            raise StoreError(
                f"cannot use database {redact_url(url)}: {exc}",
                "check TALENT_DATABASE_URL (e.g. postgresql+psycopg://host/db or sqlite:///path)",
            ) from None
        store.ensure_schema(upgrade=upgrade)
        return store

    def current_revision(self) -> str | None:
        try:
            with self.engine.connect() as conn:
                if not inspect(conn).has_table("alembic_version"):
                    return None
                return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except OperationalError as exc:
            raise StoreError(
                f"cannot reach database {redact_url(str(self.engine.url))}: {exc.orig}",
                "start the database server or fix TALENT_DATABASE_URL",
            ) from None

    def ensure_schema(self, *, upgrade: bool) -> None:
        revision = self.current_revision()
        if revision == SCHEMA_HEAD:
            return
        if not upgrade:
            raise StoreError(
                f"the database schema is at {revision or 'nothing'}, this version needs "
                f"{SCHEMA_HEAD}",
                "run `talent db upgrade`",
            )
        self.upgrade()

    def upgrade(self, revision: str = "head") -> None:
        from talent.store.migrate import upgrade

        with self._migration_lock():
            upgrade(self.engine, revision)  # a no-op for whoever waited on the lock

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        """One process migrates at a time (crawler workers start together)."""
        if self.engine.dialect.name == "postgresql":
            with self.engine.connect() as conn:
                conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
                conn.commit()
                try:
                    yield
                finally:
                    conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
                    conn.commit()
            return
        database = self.engine.url.database
        if self.engine.dialect.name != "sqlite" or not database or database == ":memory:":
            yield
            return
        with open(f"{database}.migrate-lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def counts(self) -> dict[str, int]:
        with self.session() as session:
            return {
                name: session.scalar(select(func.count()).select_from(model)) or 0
                for name, model in models.ENTITY_COUNTS.items()
            }

    def close(self) -> None:
        self.engine.dispose()
