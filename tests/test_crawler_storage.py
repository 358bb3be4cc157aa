"""Crawl items land idempotently in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from talent.settings import load_settings
from talent.store import Store, models
from talent.store.identity import resolve_people
from talent.store.items import (
    AccountRef,
    ActivityItem,
    ContributionItem,
    DependencyItem,
    GithubAccountItem,
    HfAccountItem,
    HfArtifactItem,
    MembershipItem,
    RepositoryItem,
)
from talent.store.upserts import StoreWriter

WHEN = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.fixture
def store(database_url: str) -> Store:
    store = Store.open(load_settings(database_url=database_url))
    yield store
    store.close()


def batch() -> list:
    alesia = AccountRef(github_id=7, login="alesia-k")
    return [
        RepositoryItem(
            source_url="u/repo",
            github_id=100,
            full_name="run-llama/llama_index",
            owner_login="run-llama",
            stars=40000,
            topics=["rag"],
        ),
        ContributionItem(
            source_url="u/contributors",
            account=alesia,
            repo_github_id=100,
            repo_full_name="run-llama/llama_index",
            commits=42,
        ),
        MembershipItem(
            source_url="u/members", platform="github", organisation="run-llama", github=alesia
        ),
        GithubAccountItem(
            source_url="u/users/alesia-k",
            github_id=7,
            login="alesia-k",
            name="Alesia K",
            location="Мінск",
            country="BY",
            city="Minsk",
            blog="https://huggingface.co/alesiak",
            created_at=WHEN,
        ),
        RepositoryItem(
            source_url="u/repos",
            github_id=101,
            full_name="alesia-k/rag-eval",
            owner_login="alesia-k",
            owner=alesia,
            description="ragas in CI",
        ),
        DependencyItem(
            source_url="u/contents",
            repo_github_id=101,
            repo_full_name="alesia-k/rag-eval",
            file="pyproject.toml",
            packages=[("pypi", "ragas"), ("pypi", "qdrant-client"), ("pypi", "ragas")],
        ),
        ContributionItem(
            source_url="u/stats",
            account=alesia,
            repo_github_id=100,
            repo_full_name="run-llama/llama_index",
            commits=45,
            first_commit_at=WHEN,
            last_commit_at=WHEN,
        ),
        ActivityItem(source_url="u/events", account=alesia, last_event_at=WHEN),
        HfAccountItem(
            source_url="u/overview", name="alesiak", fullname="Alesia K", orgs=["minsk-nlp"]
        ),
        HfArtifactItem(
            source_url="u/models",
            artifact_kind="model",
            hf_id="alesiak/bge-ft",
            author="alesiak",
            tags=["sentence-transformers"],
            downloads=1800,
        ),
    ]


def snapshot(store: Store) -> dict:
    with Session(store.engine) as s:
        return {
            "counts": store.counts(),
            "contribution": [
                (c.commits, c.role, c.first_commit_at)
                for c in s.scalars(select(models.Contribution).order_by(models.Contribution.id))
            ],
            "deps": sorted(s.scalars(select(models.Dependency.name))),
        }


def test_writing_twice_changes_nothing(store: Store) -> None:
    writer = StoreWriter(store.engine)
    first = writer.write(batch())
    assert first["github_accounts_new"] == 1 and first["github_profiled"] == 1
    before = snapshot(store)
    again = writer.write(batch())
    assert again["github_accounts_new"] == 0 and again["contributions_new"] == 0
    assert snapshot(store) == before
    assert before["deps"] == ["qdrant-client", "ragas"]
    # The later stats item set dates and count; membership made the contributor a member.
    assert (45, "member", WHEN) in before["contribution"]
    assert (0, "owner", None) in before["contribution"]


def test_people_are_resolved_and_linked(store: Store) -> None:
    StoreWriter(store.engine).write(batch())
    with Session(store.engine) as s, s.begin():
        change = resolve_people(s)
    assert change.new == 1 and change.merged == 1
    with Session(store.engine) as s:
        person = s.scalars(select(models.Person)).one()
        assert person.display_name == "Alesia K" and person.country == "BY"
        assert [a.name for a in person.hf_accounts] == ["alesiak"]
        link = s.scalars(select(models.IdentityLink)).one()
        assert link.merged and "huggingface.co/alesiak" in link.evidence[0]
    with Session(store.engine) as s, s.begin():
        assert resolve_people(s).new == 0  # idempotent


def test_a_renamed_login_keeps_one_row_per_account(store: Store) -> None:
    writer = StoreWriter(store.engine)
    writer.write([GithubAccountItem(source_url="u", github_id=1, login="old-name")])
    writer.write([GithubAccountItem(source_url="u", github_id=2, login="someone")])
    writer.write([GithubAccountItem(source_url="u", github_id=1, login="someone")])
    with Session(store.engine) as s:
        logins = {a.github_id: a.login for a in s.scalars(select(models.GithubAccount))}
    assert logins[1] == "someone" and logins[2] != "someone"
