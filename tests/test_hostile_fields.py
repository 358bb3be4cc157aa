"""One bad field never costs a person, and one bad row never costs a batch (issue 10, defects
1 and 5): fields are cleaned or cut to their column, rows the store refuses are dropped one
by one with their reason, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scrapy import Request
from scrapy.http import TextResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from talent.crawler import parse
from talent.crawler.middlewares.jsonbody import JsonBodyMiddleware
from talent.settings import load_settings
from talent.store import Store, models
from talent.store.identity import resolve_people
from talent.store.items import (
    AccountRef,
    ContributionItem,
    GithubAccountItem,
    HfAccountItem,
    RepositoryItem,
)
from talent.store.upserts import StoreWriter

URL = "https://api.example/users/x"
BASE = {"id": 3, "login": "x", "name": "Ok Name", "company": "@acme"}


@pytest.mark.parametrize(
    ("field", "value", "kept", "reason"),
    [
        ("bio", "x" * 1_000_000, lambda v: len(v) == 20_000, "'bio' was cut"),
        ("company", "Ac\x00me", lambda v: v == "Acme", "'company' held NUL"),
        ("name", "bad \ud800 name", lambda v: v == "bad  name", "'name' held broken unicode"),
        ("name", "N" * 500, lambda v: len(v) == 400, "'name' was cut"),
        ("followers", "many", lambda v: v == 0, "'followers' has the wrong type"),
        ("bio", 42, lambda v: v is None, "'bio' has the wrong type"),
        ("hireable", "yes", lambda v: v is None, "'hireable' has the wrong type"),
        ("created_at", "last tuesday", lambda v: v is None, "'created_at' is not an ISO 8601 time"),
    ],
)
def test_one_bad_optional_field_is_cleaned_and_the_account_kept(
    field: str, value: object, kept: object, reason: str
) -> None:
    item = parse.github_account({**BASE, field: value}, URL)
    repairs = item.validate()
    assert kept(getattr(item, field)), repr(getattr(item, field))[:80]
    assert [r for r in repairs if r.startswith(reason)], repairs
    assert all(len(r) < 200 for r in repairs), "a reason must never carry the value"
    assert item.login == "x" and item.company in ("@acme", "Acme")


def test_hf_and_repository_fields_are_cleaned_too() -> None:
    hf = parse.hf_account(
        {"user": "a", "fullname": 7, "details": "d" * 30_000, "orgs": "nope"}, "u", "user"
    )
    repairs = hf.validate()
    assert hf.fullname is None and len(hf.details) == 20_000 and hf.orgs == []
    assert len(repairs) == 3
    repo = parse.repository(
        {"id": 9, "full_name": "a/b", "topics": ["ok", 3], "description": "\x00" * 3}, "u"
    )
    repo.validate()
    assert repo.topics == ["ok"] and repo.description == ""


def test_invalid_utf8_in_a_body_is_replaced_not_refused() -> None:
    request = Request("http://127.0.0.1:1/users/x", meta={"api": "github"})
    body = b'{"login": "x", "id": 3, "bio": "caf\xe9 \xff"}'
    response = TextResponse(request.url, status=200, body=body, request=request)
    JsonBodyMiddleware().process_response(request, response)
    assert request.meta["_json_ok"] and not request.meta.get("_malformed")
    assert request.meta["_json"]["bio"] == "caf\ufffd \ufffd"
    assert request.meta["_repaired"] == "invalid UTF-8"


@pytest.fixture
def store(database_url: str) -> Store:
    store = Store.open(load_settings(database_url=database_url))
    yield store
    store.close()


def test_over_long_values_are_cut_to_their_columns(store: Store) -> None:
    """The 500-character display name that stalled a PostgreSQL crawl (String(400))."""
    when = datetime(2026, 11, 1, tzinfo=UTC)
    items = [
        GithubAccountItem(
            source_url="u/users/long",
            github_id=41,
            login="long",
            name="N" * 500,
            location="L" * 450,
            twitter_username="t" * 150,
            followers=2**40,
            created_at=when,
        ),
        HfAccountItem(source_url="u/api/users/long", name="long", fullname="F" * 600),
    ]
    counts = StoreWriter(store.engine).write(items)
    assert counts["values_cut"] >= 5
    with Session(store.engine) as s, s.begin():
        resolve_people(s)
    with Session(store.engine) as s:
        account = s.scalar(select(models.GithubAccount).where(models.GithubAccount.github_id == 41))
        assert len(account.name) == 400 and account.name.endswith("…")
        assert len(account.location) == 400 and len(account.twitter_username) == 100
        assert account.followers == 2**31 - 1
        assert len(s.scalar(select(models.HfAccount.fullname))) == 400
        assert len(account.person.display_name) == 400


def test_one_bad_row_never_poisons_a_batch(store: Store) -> None:
    """A row the database still refuses after bounding (a naive datetime) is dropped with its
    reason; the rest of its batch is stored."""
    good = GithubAccountItem(source_url="u/users/good", github_id=51, login="good", name="Good")
    bad = GithubAccountItem(
        source_url="u/users/bad", github_id=52, login="bad", created_at=datetime(2026, 1, 1)
    )
    repo = RepositoryItem(
        source_url="u/repos/good/r", github_id=501, full_name="good/r", owner_login="good"
    )
    work = ContributionItem(
        source_url="u/contributors",
        account=AccountRef(github_id=51, login="good"),
        repo_github_id=501,
        repo_full_name="good/r",
        commits=3,
    )
    counts = StoreWriter(store.engine).write([good, bad, repo, work])
    assert counts["dropped"] == 1 and counts["dropped/github_account"] == 1
    with Session(store.engine) as s:
        logins = set(s.scalars(select(models.GithubAccount.login)))
        assert logins == {"good"}
        assert s.scalar(select(models.Contribution.commits)) == 3


def test_a_refused_row_never_poisons_the_next_batches(database_url: str) -> None:
    """The store pipeline used to keep a batch that raised, so every later flush failed on
    the same row and nothing more was stored."""
    from scrapy.utils.test import get_crawler

    from talent.crawler.pipelines.store import StorePipeline

    crawler = get_crawler(
        settings_dict={"TALENT_SETTINGS": load_settings(database_url=database_url)}
    )
    pipeline = StorePipeline(crawler)
    bad = GithubAccountItem(
        source_url="u/users/bad", github_id=62, login="bad", created_at=datetime(2026, 1, 1)
    )
    pipeline.process_item(bad)
    pipeline.process_item(GithubAccountItem(source_url="u/users/a", github_id=61, login="a"))
    pipeline.flush()
    assert pipeline.pending == []
    pipeline.process_item(GithubAccountItem(source_url="u/users/b", github_id=63, login="b"))
    pipeline.close_spider()
    assert crawler.stats.get_value("talent/store/dropped") == 1
    assert crawler.stats.get_value("talent/dropped") == 1
    with Session(pipeline.writer.engine) as s:
        assert set(s.scalars(select(models.GithubAccount.login))) == {"a", "b"}


def test_a_dependency_name_too_long_to_store_is_left_out(store: Store) -> None:
    from talent.store.items import DependencyItem

    repo = RepositoryItem(source_url="u/r", github_id=701, full_name="o/r", owner_login="o")
    deps = DependencyItem(
        source_url="u/r/package.json",
        repo_github_id=701,
        repo_full_name="o/r",
        file="package.json",
        packages=[("npm", "x" * 300), ("npm", "left\x00pad"), ("npm", "react")],
    )
    counts = StoreWriter(store.engine).write([repo, deps])
    assert counts["dependency_names_unusable"] == 2 and not counts["dropped"]
    with Session(store.engine) as s:
        assert list(s.scalars(select(models.Dependency.name))) == ["react"]
