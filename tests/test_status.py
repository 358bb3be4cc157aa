"""Candidate status: resolving handles, the kept history (on SQLite and PostgreSQL), and
`talent status` end to end, including that searches hide contacted people."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session
from store_support import copy_home, indexed_store, talent

from talent.errors import ConfigError, NotFound
from talent.settings import load_settings
from talent.store import Store, models
from talent.store.people import resolve_person
from talent.store.statuses import (
    current_statuses,
    normalise_status,
    read_current_statuses,
    set_status,
    status_history,
)

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


# Storage, on both databases ---------------------------------------------------------------
@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = Store.open(load_settings(database_url=database_url))
    with store.session() as s:
        alesia = models.Person(display_name="Alesia K.")
        other = models.Person(display_name="Someone Else")
        s.add_all(
            [
                models.GithubAccount(
                    github_id=1, login="Alesia-K", login_lower="alesia-k", person=alesia
                ),
                models.HfAccount(name="AlesiaK", name_lower="alesiak", person=alesia),
                # An HF name equal to another person's GitHub login: GitHub wins without hf:.
                models.HfAccount(name="alesia-k", name_lower="alesia-k", person=other),
                models.GithubAccount(
                    github_id=2, login="ragcorp", login_lower="ragcorp", type="Organization"
                ),
            ]
        )
    yield store
    store.close()


def test_resolve_person_by_github_login_or_hf_name_in_any_case(store: Store) -> None:
    with store.session() as s:
        alesia = resolve_person(s, "ALESIA-K")
        assert alesia.display_name == "Alesia K."
        assert resolve_person(s, "alesiak").id == alesia.id
        assert resolve_person(s, "@Alesia-K").id == alesia.id
        assert resolve_person(s, "hf:alesia-k").display_name == "Someone Else"


def test_resolve_unknown_or_non_person_says_what_to_do(store: Store) -> None:
    with store.session() as s:
        with pytest.raises(NotFound) as missing:
            resolve_person(s, "alesia-kk")
        assert "alesia-kk" in missing.value.message
        assert "Alesia-K" in (missing.value.hint or "")
        with pytest.raises(NotFound) as org:
            resolve_person(s, "RagCorp")
        assert "organisation" in org.value.message
        assert "refresh" in (org.value.hint or "")
        with pytest.raises(NotFound):
            resolve_person(s, "  ")


def test_status_history_is_kept_and_the_newest_is_current(store: Store, database_url: str) -> None:
    with store.session() as s:
        person = resolve_person(s, "alesia-k")
        other = resolve_person(s, "hf:alesia-k")
        assert status_history(s, person.id) == [] and current_statuses(s) == {}
        set_status(s, person.id, "contacted", note=" InMail ", at=T0)
        set_status(s, other.id, "hired", at=T0)
        set_status(s, person.id, "Replied", at=T0 + timedelta(days=2))
        set_status(s, person.id, "do_not_contact", note="asked not to", at=T0 + timedelta(days=3))
    with store.session() as s:
        history = status_history(s, person.id)
        assert [h.status for h in history] == ["contacted", "replied", "do-not-contact"]
        assert [h.note for h in history] == ["InMail", None, "asked not to"]
        assert history[0].created_at == T0
        current = {person.id: "do-not-contact", other.id: "hired"}
        assert current_statuses(s) == current
        assert current_statuses(s, [other.id]) == {other.id: "hired"}
    # the same reading without SQLAlchemy (SQLite) or through it (PostgreSQL)
    assert read_current_statuses(load_settings(database_url=database_url)) == current


def test_unknown_status_lists_the_valid_ones(store: Store) -> None:
    with pytest.raises(ConfigError) as bad:
        normalise_status("ghosted")
    assert "contacted" in (bad.value.hint or "") and "do-not-contact" in (bad.value.hint or "")
    with store.session() as s, pytest.raises(ConfigError):
        set_status(s, resolve_person(s, "alesia-k").id, "maybe")
    with store.session() as s:
        assert s.scalar(select(models.CandidateStatus)) is None


# End to end, on a crawled and indexed store -----------------------------------------------
@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return indexed_store(tmp_path_factory)


@pytest.fixture
def home(indexed: Path, tmp_path: Path) -> Path:
    return copy_home(indexed, tmp_path / "home")


def search_json(home: Path, *args: str) -> dict:
    result = talent(home, "search", "", "--limit", "100", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def search_logins(home: Path, *args: str) -> dict[str, str | None]:
    """login -> status of everyone an empty-query search returns."""
    return {
        r["github"] or f"hf:{r['hf']}": r["status"] for r in search_json(home, *args)["results"]
    }


def test_status_hides_people_from_search_until_include_contacted(home: Path) -> None:
    before = search_logins(home)
    login = next(iter(before))
    assert before[login] is None

    result = talent(home, "status", login.upper(), "contacted", "--note", "InMail, Tuesday")
    assert result.exit_code == 0, result.output
    assert "contacted (hidden from searches)" in result.output
    after = search_logins(home)
    assert login not in after and len(after) == len(before) - 1
    shown = search_logins(home, "--include-contacted")
    assert shown[login] == "contacted"
    hidden_before = search_json(home, "--include-contacted")["hidden"]  # bots only
    assert search_json(home)["hidden"] == hidden_before + 1

    # A reply is not a reason to hide someone: they come back.
    assert talent(home, "status", login, "replied").exit_code == 0
    assert search_logins(home)[login] == "replied"


def test_status_without_a_status_prints_the_history(home: Path) -> None:
    with Session(create_engine(f"sqlite:///{home / 'talent.db'}")) as s:
        person = s.scalars(select(models.Person).where(models.Person.is_bot.is_(False))).first()
        login = person.github_accounts[0].login
    empty = talent(home, "status", login)
    assert empty.exit_code == 0 and "no status yet" in empty.output
    talent(home, "status", login, "contacted", "--note", "first mail")
    talent(home, "status", login, "rejected", "--note", "not now")
    shown = talent(home, "status", login)
    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()
    assert "status history" in lines[0]
    assert "contacted" in lines[1] and "first mail" in lines[1]
    assert "rejected" in lines[2] and "not now" in lines[2]
    assert "current: rejected (hidden from searches)" in lines[3]
    data = json.loads(talent(home, "status", login, "--json").output)
    assert data["current"] == "rejected"
    assert [h["note"] for h in data["history"]] == ["first mail", "not now"]


def test_status_errors_are_domain_errors(indexed: Path) -> None:
    unknown = talent(indexed, "status", "no-such-person-anywhere", "contacted")
    assert isinstance(unknown.exception, NotFound)
    with Session(create_engine(f"sqlite:///{indexed / 'talent.db'}")) as s:
        login = s.scalars(
            select(models.GithubAccount.login).where(models.GithubAccount.person_id.is_not(None))
        ).first()
    bad = talent(indexed, "status", login, "ghosted")
    assert isinstance(bad.exception, ConfigError) and "do-not-contact" in bad.exception.hint
    note_only = talent(indexed, "status", login, "--note", "hello")
    assert isinstance(note_only.exception, ConfigError)


def test_unknown_login_is_a_message_not_a_traceback(indexed: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "talent", "--home", str(indexed), "status", "nobody-at-all"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == NotFound.exit_code
    assert "Traceback" not in proc.stderr
    assert "nobody-at-all" in proc.stderr and "hint:" in proc.stderr
