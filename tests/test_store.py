"""The store on SQLite and on the PostgreSQL server: migrations, models, cascades, counts."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from talent.cli import main
from talent.errors import StoreError
from talent.settings import load_settings
from talent.store import SCHEMA_HEAD, Store, make_engine, models
from talent.store.migrate import downgrade, head_revision


@pytest.fixture
def store(database_url: str) -> Store:
    store = Store.open(load_settings(database_url=database_url))
    yield store
    store.close()


def test_schema_head_constant_matches_alembic() -> None:
    assert head_revision() == SCHEMA_HEAD


def test_migrations_create_exactly_the_models(store: Store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), models.Base.metadata)
    assert diff == []
    assert store.current_revision() == SCHEMA_HEAD


def test_downgrade_to_nothing_and_back(store: Store) -> None:
    downgrade(store.engine, "base")
    assert store.current_revision() is None
    store.upgrade()
    assert store.current_revision() == SCHEMA_HEAD


def test_person_with_accounts_round_trips_and_cascades(store: Store) -> None:
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    with store.session() as s:
        person = models.Person(display_name="Alesia К.", country="BY", city="Minsk")
        gh = models.GithubAccount(
            github_id=1, login="Alesia-K", login_lower="alesia-k", person=person, created_at=when
        )
        hf = models.HfAccount(name="alesiak", name_lower="alesiak", person=person)
        repo = models.Repository(
            github_id=10,
            full_name="alesia-k/rag",
            full_name_lower="alesia-k/rag",
            owner_login="alesia-k",
            topics=["rag", "llm-evaluation"],
        )
        s.add_all([person, gh, hf, repo])
        s.flush()
        s.add(models.Contribution(github_account_id=gh.id, repository_id=repo.id, commits=3))
        s.add(
            models.IdentityLink(
                github_account_id=gh.id,
                hf_account_id=hf.id,
                confidence=0.95,
                method="blog-link",
                evidence=["blog → hf"],
                merged=True,
            )
        )
        s.add(
            models.EvidenceItem(
                person_id=person.id,
                category="retrieval",
                kind="repo",
                text="rag",
                url="https://x",
                weight=1.0,
            )
        )
        person_id = person.id
    with store.session() as s:
        got = s.scalars(select(models.GithubAccount)).one()
        assert got.created_at == when and got.created_at.tzinfo is not None
        assert s.scalars(select(models.Repository)).one().topics == ["rag", "llm-evaluation"]
    counts = store.counts()
    assert counts["people"] == 1 and counts["contributions"] == 1
    with store.session() as s:
        s.delete(s.get(models.Person, person_id))
    counts = store.counts()
    assert counts["evidence_items"] == 0  # person data goes with the person
    assert counts["github_accounts"] == 0 and counts["hf_accounts"] == 0  # accounts too
    assert counts["contributions"] == 0 and counts["identity_links"] == 0
    assert counts["repositories"] == 1  # a repository is not the person's to take along


def test_unique_logins_are_enforced(store: Store) -> None:
    with pytest.raises(IntegrityError), store.session() as s:
        s.add(models.GithubAccount(github_id=1, login="a", login_lower="a"))
        s.add(models.GithubAccount(github_id=2, login="A", login_lower="a"))


def test_membership_needs_exactly_one_account(store: Store) -> None:
    with store.session() as s:
        org = models.Organisation(platform="github", login="qdrant", login_lower="qdrant")
        s.add(org)
    with pytest.raises(IntegrityError), store.session() as s:
        s.add(models.Membership(organisation_id=org.id))


def test_naive_datetimes_are_refused(store: Store) -> None:
    with pytest.raises(Exception, match="naive datetime"), store.session() as s:
        s.add(models.CrawlRun(source="github", started_at=datetime(2026, 1, 1)))


def test_a_store_on_an_old_schema_says_what_to_run(database_url: str) -> None:
    settings = load_settings(database_url=database_url)
    settings.ensure_home()
    with pytest.raises(StoreError, match="talent db upgrade"):
        Store(make_engine(database_url)).ensure_schema(upgrade=False)


def test_unreachable_database_is_a_clear_error() -> None:
    settings = load_settings(database_url="postgresql+psycopg://nobody@127.0.0.1:1/none")
    with pytest.raises(StoreError, match="cannot reach database") as err:
        Store.open(settings)
    assert "start the database" in str(err.value)


def test_cli_db_upgrade_and_stats_json(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["--database-url", database_url, "db", "upgrade"])
    assert SCHEMA_HEAD in capsys.readouterr().out
    main(["--database-url", database_url, "stats", "--json"])
    counts = json.loads(capsys.readouterr().out)
    for key in (
        "people",
        "github_accounts",
        "hf_accounts",
        "repositories",
        "contributions",
        "hf_artifacts",
    ):
        assert counts[key] == 0


def test_sqlite_runs_in_wal_mode(tmp_path) -> None:
    store = Store.open(load_settings(database_url=f"sqlite:///{tmp_path / 'w.db'}"))
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
