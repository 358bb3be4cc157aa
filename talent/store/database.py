"""The database: engine, sessions and schema migrations.

``Store.open(settings)`` makes sure the schema is at the newest Alembic revision (upgrading
it when ``upgrade=True``, otherwise saying what to run), so every command sees the same
tables on SQLite and PostgreSQL.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, func, inspect, select, text
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from talent.errors import StoreError
from talent.store import models

if TYPE_CHECKING:
    from talent.settings import Settings

# Bumped with every new migration; a test checks it equals Alembic's head. Comparing against
# this constant lets the hot path skip importing Alembic when the schema is already current.
SCHEMA_HEAD = "0003"
MIGRATION_LOCK = 0x7A1E01  # PostgreSQL advisory lock id held while migrating
SUPPORTED_BACKENDS = ("sqlite", "postgresql")
_NOT_A_DATABASE_HINT = (
    "point TALENT_DATABASE_URL at a talent database file (or a new path), or unset it to use "
    "talent.db in TALENT_HOME"
)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine with the settings each backend needs (WAL and foreign keys on SQLite)."""
    backend = url.partition("://")[0].partition("+")[0] if "://" in url else ""
    if backend not in SUPPORTED_BACKENDS:
        raise StoreError(
            f"unsupported database URL {redact_url(url)}: talent stores its data in SQLite or "
            f"PostgreSQL, not {backend or 'this'}",
            "use postgresql+psycopg://host/db or sqlite:///path/talent.db in "
            "TALENT_DATABASE_URL, or unset it for the SQLite file in TALENT_HOME",
        )
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


def _check_sqlite_file(settings: Settings, url: str) -> None:
    """The SQLite file must be a database (or not exist yet) in a folder this process can
    write: SQLite writes the database, its WAL and lock files there."""
    from sqlalchemy.engine import make_url

    if settings.database_url is None:
        folder, name = settings.home, f"TALENT_HOME {settings.home}"
    else:
        database = make_url(url).database
        if not database or database == ":memory:":
            return
        folder = Path(database).parent
        name = f"the database folder {folder}"
        file = Path(database)
        if file.is_file() and file.stat().st_size and not _is_sqlite(file):
            raise StoreError(f"{file} is not a SQLite database", _NOT_A_DATABASE_HINT)
    hint = "make it writable, or choose another folder with --home / TALENT_HOME"
    try:
        settings.ensure_home()
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create {name}: {exc.strerror}", hint) from None
    if not os.access(folder, os.W_OK):
        raise StoreError(f"{name} is read-only: the database needs to write there", hint)


def _is_sqlite(file: Path) -> bool:
    try:
        with file.open("rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return True  # unreadable: SQLite itself says why


class Store:
    """An open database with a session factory."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, settings: Settings, *, upgrade: bool = True) -> Store:
        url = settings.sqlalchemy_url
        if url.startswith("sqlite:///"):
            _check_sqlite_file(settings, url)
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
        except DBAPIError as exc:
            raise self._unusable(exc) from None

    def _unusable(self, exc: DBAPIError) -> StoreError:
        url = self.engine.url
        if url.get_backend_name() != "sqlite":
            if isinstance(exc, OperationalError):
                return StoreError(
                    f"cannot reach database {redact_url(str(url))}: {exc.orig}",
                    "start the database server or fix TALENT_DATABASE_URL",
                )
            return StoreError(f"database {redact_url(str(url))} failed: {exc.orig}")
        # SQLite has no server to start: the file itself is wrong or cannot be written.
        file = url.database or ":memory:"
        if "not a database" in str(exc.orig):
            return StoreError(f"{file} is not a SQLite database", _NOT_A_DATABASE_HINT)
        return StoreError(
            f"cannot open the SQLite database {file}: {exc.orig}",
            f"check that {Path(file).parent} exists and is writable, or choose another folder "
            "with --home / TALENT_HOME",
        )

    def ensure_schema(self, *, upgrade: bool) -> None:
        revision = self.current_revision()
        if revision == SCHEMA_HEAD:
            return
        self._check_known(revision)
        if not upgrade:
            raise StoreError(
                f"the database schema is at {revision or 'nothing'}, this version needs "
                f"{SCHEMA_HEAD}",
                "run `talent db upgrade`",
            )
        self.upgrade()

    def _check_known(self, revision: str | None) -> None:
        """A schema newer than this code (written by a later talent) is never touched."""
        from talent.store.migrate import known_revision

        if revision is not None and not known_revision(revision):
            raise StoreError(
                f"the database {redact_url(str(self.engine.url))} is at schema revision "
                f"{revision}, newer than this version of talent knows (it needs {SCHEMA_HEAD})",
                "upgrade talent to the version that wrote this database, or point "
                "TALENT_DATABASE_URL / --home at another one",
            )

    def upgrade(self, revision: str = "head") -> None:
        from talent.store.migrate import upgrade

        self._check_known(self.current_revision())
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
