"""People without accounts (issue 10, defect 4): never created by two resolutions at once,
found by `talent db check` and removed, with all that hangs on them, by `--fix`."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from talent.cli import cli
from talent.settings import load_settings
from talent.store import Store, make_engine, models
from talent.store.check import accountless_people
from talent.store.identity import resolve_people

NOW = datetime(2026, 11, 26, tzinfo=UTC)


def github_account(n: int, person: models.Person | None = None) -> models.GithubAccount:
    return models.GithubAccount(
        github_id=1000 + n,
        login=f"user{n}",
        login_lower=f"user{n}",
        type="User",
        name=f"User {n}",
        fetched_at=NOW,
        person=person,
    )


def plant(url: str) -> tuple[Store, list[int], list[int]]:
    """Two real people (GitHub only, Hugging Face only) and two without accounts, one of
    them with evidence, signals and a status."""
    store = Store.open(load_settings(database_url=url))
    with store.session() as s:
        real = [models.Person(display_name="A"), models.Person(display_name="B")]
        s.add(github_account(1, real[0]))
        s.add(models.HfAccount(name="bee", name_lower="bee", kind="user", person=real[1]))
        empty = [models.Person(display_name=None), models.Person(display_name="ghost")]
        s.add_all([*real, *empty])
        s.flush()
        ghost = empty[1].id
        s.add(models.EvidenceItem(person_id=ghost, category="rag", kind="repo", text="x"))
        s.add(models.PersonSignals(person_id=ghost, seniority="mid", computed_at=NOW))
        s.add(models.CandidateStatus(person_id=ghost, status="contacted", created_at=NOW))
        return store, [p.id for p in real], [p.id for p in empty]


def test_db_check_finds_and_fix_removes_people_without_accounts(database_url: str) -> None:
    store, real, empty = plant(database_url)
    runner = CliRunner()
    base = ["--database-url", database_url, "db", "check"]

    found = runner.invoke(cli, base)
    assert found.exit_code == 1, found.output
    assert f"2 people without any account: ids {empty[0]}, {empty[1]}" in found.output
    assert "talent db check --fix" in found.output

    fixed = runner.invoke(cli, [*base, "--fix"])
    assert fixed.exit_code == 0, fixed.output
    assert "removed 2 people without any account" in fixed.output

    with store.session() as s:
        assert sorted(s.scalars(select(models.Person.id))) == real
        assert accountless_people(s) == []
        for model in (models.EvidenceItem, models.PersonSignals, models.CandidateStatus):
            assert s.scalar(select(func.count()).select_from(model)) == 0, model
        assert s.scalar(select(func.count()).select_from(models.GithubAccount)) == 1
        assert s.scalar(select(func.count()).select_from(models.HfAccount)) == 1

    again = runner.invoke(cli, base)
    assert again.exit_code == 0 and "no damage found" in again.output
    store.close()


def test_two_resolutions_at_once_leave_no_person_without_accounts(tmp_path: Path) -> None:
    """Two crawler processes finishing together: the second resolution must read what the
    first wrote, not give the same accounts people of its own."""
    url = f"sqlite:///{tmp_path / 'talent.db'}"
    store = Store.open(load_settings(database_url=url))
    with store.session() as s:
        s.add_all(github_account(n) for n in range(30))
    first, second = make_engine(url), make_engine(url)
    waiting = threading.Event()  # the second has begun: blocked on the lock, or has read

    @event.listens_for(second, "before_cursor_execute")
    def begins(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.startswith("BEGIN"):
            waiting.set()

    @event.listens_for(second, "after_cursor_execute")
    def read(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if "FROM github_accounts" in statement:
            waiting.set()

    failures: list[BaseException] = []

    def resolve_second() -> None:
        try:
            with Session(second) as s, s.begin():
                resolve_people(s)
        except BaseException as exc:
            failures.append(exc)

    with Session(first) as s:
        assert resolve_people(s).new == 30  # written, not yet committed
        thread = threading.Thread(target=resolve_second)
        thread.start()
        assert waiting.wait(60), "the second resolution never started"
        s.commit()
    thread.join(60)
    assert not thread.is_alive() and not failures, failures
    with store.session() as s:
        assert accountless_people(s) == []
        assert s.scalar(select(func.count()).select_from(models.Person)) == 30
    for engine in (first, second):
        engine.dispose()
    store.close()
