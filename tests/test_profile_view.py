"""`talent profile LOGIN`: everything the store knows about a person, as text and JSON, on a
crawled and indexed store; hostile profile text; people not indexed yet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session
from store_support import copy_home, indexed_store, talent

from talent.errors import NotFound
from talent.store import models

HOSTILE_BIO = "RAG at scale \x1b[31mred\x1b[0m <script>alert(1)</script>\x07 done"


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return indexed_store(tmp_path_factory)


@pytest.fixture
def home(indexed: Path, tmp_path: Path) -> Path:
    return copy_home(indexed, tmp_path / "home")


def session(home: Path) -> Session:
    return Session(create_engine(f"sqlite:///{home / 'talent.db'}"))


def ok(home: Path, *args: str) -> str:
    result = talent(home, *args)
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


def linked_login(home: Path) -> tuple[str, str, int]:
    """GitHub login, HF name and id of a person joined by a merged identity link (one with a
    track, where there is one)."""
    with session(home) as s:
        rows = s.execute(
            select(models.GithubAccount, models.HfAccount, models.PersonSignals.track)
            .join(
                models.IdentityLink,
                models.IdentityLink.github_account_id == models.GithubAccount.id,
            )
            .join(models.HfAccount, models.HfAccount.id == models.IdentityLink.hf_account_id)
            .join(
                models.PersonSignals,
                models.PersonSignals.person_id == models.GithubAccount.person_id,
            )
            .where(models.IdentityLink.merged.is_(True))
            .order_by(models.PersonSignals.track.is_(None), models.GithubAccount.id)
        ).all()
        assert rows, "the generated world should hold a merged identity link"
        gh, hf, _ = rows[0]
        return gh.login, hf.name, gh.person_id


def test_profile_text_shows_links_reasons_and_all_evidence(indexed: Path) -> None:
    login, hf_name, person_id = linked_login(indexed)
    out = ok(indexed, "profile", login.upper())
    with session(indexed) as s:
        person = s.get(models.Person, person_id)
        name, html_url = person.display_name, person.github_accounts[0].html_url
        links = s.scalars(
            select(models.IdentityLink).where(
                models.IdentityLink.github_account_id == person.github_accounts[0].id
            )
        ).all()
        signals = s.get(models.PersonSignals, person_id)
        items = s.scalars(
            select(models.EvidenceItem).where(models.EvidenceItem.person_id == person_id)
        ).all()
    assert links and items
    assert name in out and html_url in out
    assert f"GitHub {login}" in out and f"Hugging Face {hf_name}" in out
    for each in links:
        assert f"{each.confidence:.2f} by {each.method} (merged)" in out
        for evidence in each.evidence:
            assert evidence in out
    assert f"Track: {signals.track}" in out
    assert f"Seniority: {signals.seniority} (confidence {signals.seniority_confidence:.2f})" in out
    for key in ("track", "seniority", "production"):
        for reason in signals.reasons[key]:
            assert f"  - {reason}" in out
    assert f"Evidence ({len(items)} items)" in out
    for item in items:
        if item.url:
            assert item.url in out
    # Categories, strongest first.
    shown = sorted(
        (c for c in signals.scores if f"  {c} (score " in out),
        key=lambda c: out.index(f"  {c} (score "),
    )
    scores = [signals.scores[c] for c in shown]
    assert shown and scores == sorted(scores, reverse=True)  # ties in either order
    assert "Status: none" in out


def test_profile_json_is_complete(indexed: Path) -> None:
    login, hf_name, person_id = linked_login(indexed)
    data = json.loads(ok(indexed, "profile", f"hf:{hf_name}", "--json"))
    with session(indexed) as s:
        signals = s.get(models.PersonSignals, person_id)
        urls = set(
            s.scalars(
                select(models.EvidenceItem.url).where(
                    models.EvidenceItem.person_id == person_id, models.EvidenceItem.url.is_not(None)
                )
            )
        )
    assert data["person_id"] == person_id and data["indexed"] is True
    assert login in [a["login"] for a in data["github"]]
    assert data["hf"][0]["url"].endswith(f"/{hf_name}")
    link = next(x for x in data["links"] if x["hf"] == hf_name)
    assert link["merged"] is True and link["evidence"] and link["confidence"] > 0.5
    assert data["signals"]["track_reasons"] == signals.reasons["track"]
    assert data["signals"]["seniority_reasons"] == signals.reasons["seniority"]
    assert data["signals"]["production_reasons"] == signals.reasons["production"]
    assert data["signals"]["scores"] == signals.scores
    assert {i["url"] for c in data["evidence"] for i in c["items"] if i["url"]} == urls
    scores = [c["score"] for c in data["evidence"]]
    assert scores == sorted(scores, reverse=True)
    assert data["statuses"] == []


def test_anti_signals_are_shown_with_reasons(indexed: Path) -> None:
    with session(indexed) as s:
        row = next(r for r in s.scalars(select(models.PersonSignals)) if r.anti_signals)
        person = s.get(models.Person, row.person_id)
        handle = (person.github_accounts or person.hf_accounts)[0]
        login = getattr(handle, "login", None) or f"hf:{handle.name}"
    out = ok(indexed, "profile", login)
    assert "Anti-signals\n" in out
    for name, why in row.reasons["anti_signals"].items():
        assert f"  - {name} {row.anti_signals[name]:.2f}: {why}" in out
    data = json.loads(ok(indexed, "profile", login, "--json"))
    assert data["signals"]["anti_signal_reasons"] == row.reasons["anti_signals"]


def test_status_history_is_part_of_the_profile(home: Path) -> None:
    login, _, _ = linked_login(home)
    ok(home, "status", login, "contacted", "--note", "intro mail")
    ok(home, "status", login, "replied")
    out = ok(home, "profile", login)
    assert "Status: replied" in out and "intro mail" in out
    data = json.loads(ok(home, "profile", login, "--json"))
    assert [x["status"] for x in data["statuses"]] == ["contacted", "replied"]


def test_hostile_profile_text_is_shown_without_escapes(home: Path) -> None:
    login, _, person_id = linked_login(home)
    with session(home) as s, s.begin():
        person = s.get(models.Person, person_id)
        person.bio = HOSTILE_BIO
        person.display_name = "Eve\x1b]0;pwned\x07 \u202eevil"
        person.company = "\x1b[2J<b>Corp</b>"
    out = ok(home, "profile", login)
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "RAG at scale red <script>alert(1)</script> done" in out
    assert "Eve evil" in out and "<b>Corp</b>" in out
    raw = ok(home, "profile", login, "--json")
    assert "\x1b" not in raw and "\x07" not in raw and "\\u001b" not in raw
    assert json.loads(raw)["bio"] == "RAG at scale red <script>alert(1)</script> done"


def test_a_person_not_indexed_yet_says_so(home: Path) -> None:
    with session(home) as s, s.begin():
        person = models.Person(display_name="Fresh Face", location_raw="Minsk")
        s.add(
            models.GithubAccount(
                github_id=99_999_999,
                login="Fresh-Face",
                login_lower="fresh-face",
                person=person,
                html_url="https://github.com/Fresh-Face",
            )
        )
    out = ok(home, "profile", "fresh-face")
    assert "Fresh Face" in out and "https://github.com/Fresh-Face" in out
    assert "not indexed yet" in out and "talent index" in out
    result = talent(home, "profile", "fresh-face", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["indexed"] is False and data["signals"] is None and data["evidence"] == []


def test_unknown_login_is_not_found(indexed: Path) -> None:
    result = talent(indexed, "profile", "nobody-here-at-all")
    assert isinstance(result.exception, NotFound)
    assert "refresh" in (result.exception.hint or "")
