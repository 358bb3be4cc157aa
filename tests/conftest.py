"""Shared fixtures: an isolated TALENT_HOME per test and the real services.

Tests that need PostgreSQL or Redis use the servers on 127.0.0.1 for real, each in its own
schema or key prefix, and clean up. On a laptop without them those tests skip with the
reason; under CI=true an unreachable server is a failure.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

POSTGRES_URL = os.environ.get(
    "TALENT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("TALENT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
IN_CI = os.environ.get("CI", "").lower() == "true"
_ENV_TO_CLEAR = ("GITHUB_TOKEN", "HF_TOKEN", "TALENT_GITHUB_TOKEN", "TALENT_HF_TOKEN")


def require_service(name: str, host: str, port: int) -> None:
    """Skip (laptop) or fail (CI) when a service is not listening."""
    try:
        with socket.create_connection((host, port), timeout=2):
            return
    except OSError as exc:
        message = f"{name} is not reachable at {host}:{port} ({exc})"
        if IN_CI:
            pytest.fail(f"{message}; CI=true requires it")
        pytest.skip(f"{message}; start it to run this test")


@pytest.fixture(autouse=True)
def talent_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own home, no tokens and no database URL from the caller's shell."""
    home = tmp_path / "talent-home"
    monkeypatch.setenv("TALENT_HOME", str(home))
    keep = ("TALENT_HOME", "TALENT_CONFIG_DIR")
    for name in list(os.environ):
        if name.startswith("TALENT_") and name not in keep and not name.startswith("TALENT_TEST_"):
            monkeypatch.delenv(name)
    for name in _ENV_TO_CLEAR:
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture
def postgres_urls() -> Iterator[Callable[[], str]]:
    """Makes SQLAlchemy URLs into fresh schemas of the PostgreSQL test database; drops them."""
    require_service("PostgreSQL", "127.0.0.1", 5432)
    from sqlalchemy import create_engine, text

    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    schemas: list[str] = []

    def make() -> str:
        schema = f"t_{uuid.uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        schemas.append(schema)
        sep = "&" if "?" in POSTGRES_URL else "?"
        return f"{POSTGRES_URL}{sep}options={quote(f'-csearch_path={schema}')}"

    try:
        yield make
    finally:
        with admin.connect() as conn:
            for schema in schemas:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def postgres_url(postgres_urls: Callable[[], str]) -> str:
    """A SQLAlchemy URL into a fresh schema of the PostgreSQL test database, dropped after."""
    return postgres_urls()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Runs a test once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'talent.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A unique key prefix on the Redis test server; its keys are deleted after the test."""
    require_service("Redis", "127.0.0.1", 6379)
    import redis

    prefix = f"talent-test:{uuid.uuid4().hex[:12]}"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(f"{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()
