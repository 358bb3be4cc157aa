"""Bad input from a user or an operator ends in one clear message and a non-zero exit, never a
traceback or the "this is a bug" fallback: every case found while attacking the CLI, each run
as a real `talent` process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session
from store_support import copy_home, indexed_store

from talent.settings import REPO_CONFIG_DIR, load_settings
from talent.store import Store, models

BAD = b"\xff\xfe"  # not UTF-8: Python hands it over as lone surrogates
CLOSED_PORT = "http://127.0.0.1:9"  # nothing listens: a crawl that got this far would hang
BUG_EXIT = 70  # what the CLI exits with for an unexpected exception


@dataclass(frozen=True)
class Case:
    args: tuple[str | bytes, ...]
    says: str  # what the message must name
    home: str = "empty"  # empty | indexed | newer | read-only
    config: tuple[str, str] | None = None  # (file, text appended to it)


CRAWL = ("crawl", "--upstream", CLOSED_PORT, "--max-requests", "1")
CASES = {
    "saved add, non-UTF-8 query": Case(("saved", "add", "new-one", BAD), "UTF-8", "indexed"),
    "status --note, non-UTF-8": Case(
        ("status", "{login}", "contacted", "--note", BAD), "after --note", "indexed"
    ),
    "profile, non-UTF-8 login": Case(("profile", BAD), "UTF-8", "indexed"),
    "stats, newer schema": Case(("stats",), "newer than this version", "newer"),
    "crawl, newer schema": Case(CRAWL, "newer than this version", "newer"),
    "index, newer schema": Case(("index",), "newer than this version", "newer"),
    "db upgrade, newer schema": Case(("db", "upgrade"), "newer than this version", "newer"),
    "db upgrade to an unknown revision": Case(
        ("db", "upgrade", "--revision", "9999"), "cannot migrate to '9999'"
    ),
    "search --active-within huge": Case(
        ("search", "rag", "--active-within", "99999999999"), "--active-within", "indexed"
    ),
    "saved add --active-within huge": Case(
        ("saved", "add", "far", "rag", "--active-within", "99999999999"),
        "--active-within",
        "indexed",
    ),
    "read-only home": Case(("stats",), "read-only", "read-only"),
    "seeds.toml syntax error": Case(CRAWL, "seeds.toml is not valid TOML", config=("seeds", "[[[")),
    "signals.toml syntax error": Case(
        CRAWL, "signals.toml is not valid TOML", config=("signals", "[[[")
    ),
    "unknown gazetteer section": Case(
        CRAWL, "gazetteer.toml: countres", config=("gazetteer", "[countres.XX]\nname = 'x'")
    ),
    "mysql:// URL": Case(("--database-url", "mysql://me@localhost/talent", "stats"), "mysql"),
    "sqlite:////etc/passwd": Case(
        ("--database-url", "sqlite:////etc/passwd", "stats"), "/etc/passwd is not a SQLite"
    ),
}


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Path]:
    """A folder for the case's home and config, made writable again before it is removed."""
    folder = tmp_path / "case"
    folder.mkdir()
    yield folder
    home = folder / "home"
    if home.is_dir() and not os.access(home, os.W_OK) and os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(home)], check=True)
    if home.is_dir():
        home.chmod(0o755)
    shutil.rmtree(folder)


def make_read_only(folder: Path) -> None:
    """Mode bits for a user; root writes through them, so for root the immutable attribute."""
    folder.chmod(0o555)
    if os.geteuid() != 0:
        return
    done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot make a folder read-only for root here: {done.stderr.strip()}")


def prepare_home(kind: str, where: Path, factory: pytest.TempPathFactory) -> Path:
    home = where / "home"
    if kind == "indexed":
        return copy_home(indexed_store(factory), home)
    if kind == "read-only":
        home.mkdir()
        make_read_only(home)
        return home
    store = Store.open(load_settings(home=home))
    store.close()
    if kind == "newer":  # as left by a later talent with one more migration
        engine = create_engine(f"sqlite:///{home / 'talent.db'}")
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
        engine.dispose()
    return home


def some_login(home: Path) -> str:
    engine = create_engine(f"sqlite:///{home / 'talent.db'}")
    with Session(engine) as session:
        login = session.scalar(
            select(models.GithubAccount.login)
            .where(models.GithubAccount.person_id.is_not(None))
            .order_by(models.GithubAccount.login)
        )
    engine.dispose()
    assert login
    return login


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_bad_input_gets_one_clear_message(
    case: Case, scratch: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    home = prepare_home(case.home, scratch, tmp_path_factory)
    config = scratch / "config"
    shutil.copytree(REPO_CONFIG_DIR, config)
    if case.config:
        name, extra = case.config
        with (config / f"{name}.toml").open("a", encoding="utf-8") as fh:
            fh.write(f"\n{extra}\n")
    args = [some_login(home) if a == "{login}" else a for a in case.args]
    env = {
        **os.environ,
        "TALENT_HOME": str(home),
        "TALENT_CONFIG_DIR": str(config),
        "HOME": str(scratch),
        "LC_ALL": "C.UTF-8",
    }
    env.pop("TALENT_LOG_LEVEL", None)  # DEBUG would re-raise unexpected errors on purpose
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "talent", *args], env=env, capture_output=True, timeout=120
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"still running after {exc.timeout}s instead of refusing the input")
    out = proc.stdout.decode("utf-8", "replace")
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode not in (0, BUG_EXIT), (proc.returncode, out[-2000:], err[-2000:])
    assert "Traceback" not in out + err, err[-3000:]
    assert "unexpected" not in err, err[-2000:]
    assert case.says in err, err[-2000:]
    assert len(err.strip().splitlines()) <= 2, err[-2000:]  # the message and its hint
