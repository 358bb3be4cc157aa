"""PyGithub and huggingface_hub, pointed at the simulator: profile refresh and doctor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from crawl_support import NOW, simulator
from sqlalchemy import select
from sqlalchemy.orm import Session

from talent.cli import main
from talent.settings import load_settings
from talent.store import Store, models
from talent.upstream.generate import generate_world


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("world")
    generate_world(path, people=60, seed=5, now=NOW)
    return path


def linked_person(world: Path) -> tuple[str, str]:
    """A simulated person whose GitHub blog points at their HF account."""
    for line in (world / "truth" / "labels.jsonl").read_text().splitlines():
        label = json.loads(line)
        if (
            label.get("github")
            and label.get("hf")
            and label.get("link") in ("blog", "blog+details")
        ):
            return label["github"], label["hf"]
    pytest.skip("no blog-linked person in this small world")


def test_profile_refresh_stores_one_person_with_both_accounts(
    world: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    login, hf_name = linked_person(world)
    monkeypatch.setenv("GITHUB_TOKEN", "t")
    with simulator(world) as sim:
        main(["profile", "refresh", login, "--upstream", sim.base_url])
    out = capsys.readouterr().out
    assert f"refreshed GitHub {login}" in out and hf_name in out
    store = Store.open(load_settings())
    with Session(store.engine) as s:
        account = s.scalars(
            select(models.GithubAccount).where(models.GithubAccount.login == login)
        ).one()
        assert account.profiled_at is not None and account.person is not None
        assert hf_name in [h.name for h in account.person.hf_accounts]
        assert s.scalar(select(models.Repository).where(models.Repository.owner_login == login))


def test_profile_refresh_of_an_unknown_login_is_a_clear_error(
    world: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with simulator(world) as sim, pytest.raises(SystemExit) as exit_:
        main(["profile", "refresh", "no-such-person-xyz", "--upstream", sim.base_url])
    assert exit_.value.code == 3
    assert "no account 'no-such-person-xyz'" in capsys.readouterr().err


def test_doctor_reports_limits_and_never_the_token(
    world: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_doctor_canary_123")
    monkeypatch.setenv("HF_TOKEN", "hf_doctor_canary_456")
    with simulator(world, core_limit=5000) as sim:
        main(["doctor", "--upstream", sim.base_url])
    out = capsys.readouterr().out
    assert "core 5,000/5,000" in out or "core 4,99" in out
    assert "token of" in out
    assert "canary" not in out


def test_doctor_fails_when_the_api_is_down(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["doctor", "--upstream", "http://127.0.0.1:9"])
    assert exit_.value.code == 1
    assert "FAIL GitHub API" in capsys.readouterr().out
