"""Forgetting a person: one store call removes them everywhere, in one transaction, on SQLite
and PostgreSQL, and nothing re-creates them afterwards (not the cache, not a new crawl)."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from crawl_support import all_text, crawl, simulator
from sqlalchemy import func, select
from store_support import copy_home, indexed_store, talent

from talent.app.people import forget
from talent.app.workspace import Workspace
from talent.contracts import EvidenceRecord, SignalsRecord
from talent.errors import NotFound
from talent.settings import load_settings
from talent.store import Store, models
from talent.store.forget import forget_person
from talent.store.identity import resolve_people
from talent.store.items import (
    AccountRef,
    ActivityItem,
    ContributionItem,
    DependencyItem,
    GithubAccountItem,
    HfAccountItem,
    HfArtifactItem,
    Item,
    MembershipItem,
    OrganisationItem,
    RepositoryItem,
)
from talent.store.people import resolve_person
from talent.store.saved import add_saved, record_run
from talent.store.signals import IndexedPerson, save_index_state, save_signals
from talent.store.statuses import set_status
from talent.store.upserts import StoreWriter
from talent.store.validators import ValidatorCache

T0 = datetime(2026, 11, 1, tzinfo=UTC)
API = "http://127.0.0.1:1"
ALICE = AccountRef(github_id=101, login="Alice-Dev")
BOB = AccountRef(github_id=202, login="bob")


def items() -> list[Item]:
    """Alice (GitHub + HF, own repository with a manifest, upstream commits, an org, Hub
    models) and Bob (commits to the same upstream repository)."""
    out: list[Item] = [
        GithubAccountItem(
            source_url=f"{API}/users/Alice-Dev",
            github_id=ALICE.github_id,
            login=ALICE.login,
            name="Alice Example",
            blog="https://huggingface.co/alice-hf",
            location="Minsk",
        ),
        GithubAccountItem(source_url=f"{API}/users/bob", github_id=202, login="bob", name="Bob"),
        GithubAccountItem(
            source_url=f"{API}/users/acme", github_id=303, login="acme", type="Organization"
        ),
        RepositoryItem(
            source_url=f"{API}/users/Alice-Dev/repos",
            github_id=1001,
            full_name="Alice-Dev/rag-service",
            owner_login="Alice-Dev",
            description="Alice's RAG service",
            owner=ALICE,
        ),
        DependencyItem(
            source_url=f"{API}/repos/Alice-Dev/rag-service/contents/pyproject.toml",
            repo_github_id=1001,
            repo_full_name="Alice-Dev/rag-service",
            file="pyproject.toml",
            packages=[("pypi", "ragas"), ("pypi", "qdrant-client")],
        ),
        RepositoryItem(
            source_url=f"{API}/repos/acme/shared",
            github_id=2002,
            full_name="acme/shared",
            owner_login="acme",
            owner=AccountRef(github_id=303, login="acme"),
        ),
        OrganisationItem(source_url=f"{API}/users/Alice-Dev/orgs", platform="github", login="acme"),
        MembershipItem(
            source_url=f"{API}/users/Alice-Dev/orgs",
            platform="github",
            organisation="acme",
            github=ALICE,
        ),
        HfAccountItem(
            source_url=f"{API}/api/users/alice-hf/overview",
            name="alice-hf",
            fullname="Alice Example",
            details="github.com/Alice-Dev",
        ),
        HfArtifactItem(
            source_url=f"{API}/api/models?author=alice-hf",
            artifact_kind="model",
            hf_id="alice-hf/bge-legal",
            author="alice-hf",
            downloads=500,
        ),
    ]
    for ref, commits in ((ALICE, 40), (BOB, 7)):
        out.append(
            ContributionItem(
                source_url=f"{API}/repos/acme/shared/contributors",
                account=ref,
                repo_github_id=2002,
                repo_full_name="acme/shared",
                commits=commits,
            )
        )
        out.append(ActivityItem(source_url=f"{API}/users/x/events", account=ref, last_event_at=T0))
    return out


def cache_bodies(store: Store) -> None:
    cache = ValidatorCache(store.engine)
    own = {
        f"{API}/users/Alice-Dev": {"login": "Alice-Dev"},
        f"{API}/users/Alice-Dev/repos?type=owner": [{"full_name": "Alice-Dev/rag-service"}],
        f"{API}/repos/Alice-Dev/rag-service/contents/pyproject.toml": {"path": "pyproject.toml"},
        f"{API}/api/users/alice-hf/overview": {"user": "alice-hf"},
        f"{API}/api/models?author=alice-hf&limit=100": [{"id": "alice-hf/bge-legal"}],
        # someone else's list that names her: dropped too, fetched again by the next crawl
        f"{API}/repos/acme/shared/contributors": [{"login": "Alice-Dev"}, {"login": "bob"}],
        # unrelated: kept
        f"{API}/users/bob": {"login": "bob"},
        f"{API}/repos/acme/shared": {"full_name": "acme/shared"},
    }
    for url, body in own.items():
        cache.put(
            url, etag='"e"', last_modified=None, link=None, body=json.dumps(body).encode(), at=T0
        )
    cache.flush()


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = Store.open(load_settings(database_url=database_url))
    StoreWriter(store.engine).write(items())
    with store.session() as s:
        resolve_people(s)
    with store.session() as s:
        alice, bob = resolve_person(s, "alice-dev"), resolve_person(s, "bob")
        assert alice.hf_accounts, "the HF account should have joined her GitHub person"
        record = SignalsRecord(
            "rag", {"rag": 0.5}, ("r",), "mid", 0.5, ("s",), 0.4, ("p",), {}, {}, {}, T0, T0, T0
        )
        for person in (alice, bob):
            save_signals(s, person.id, record, [EvidenceRecord("retrieval", "x", None, "t", T0, 1)])
            set_status(s, person.id, "contacted", note="intro", at=T0)
        saved = add_saved(s, "rag", "rag", {})
        record_run(s, saved, [(alice.id, 1, 0.9), (bob.id, 2, 0.8)], at=T0)
        save_index_state(s, [IndexedPerson(p.id, "f", "d", "p", "fp", T0) for p in (alice, bob)])
    cache_bodies(store)
    yield store
    store.close()


def counts(store: Store) -> dict[str, int]:
    with store.session() as s:
        return {
            table.name: s.scalar(select(func.count()).select_from(table)) or 0
            for table in models.Base.metadata.sorted_tables
        }


def test_forgetting_removes_a_person_everywhere_and_keeps_everyone_else(
    store: Store, database_url: str
) -> None:
    before = counts(store)
    with store.session() as s:
        alice_id = resolve_person(s, "Alice-Dev").id
        gone = forget_person(s, alice_id, at=T0)
    assert gone.github == ["Alice-Dev"] and gone.hf == ["alice-hf"]
    after = counts(store)
    text = all_text(database_url).lower()
    assert "alice" not in text  # no row, no cached body, no hash of her in clear
    assert after["people"] == before["people"] - 1
    assert after["github_accounts"] == before["github_accounts"] - 1
    assert after["hf_accounts"] == before["hf_accounts"] - 1 == 0
    assert after["repositories"] == before["repositories"] - 1  # her own; acme/shared stays
    assert after["dependencies"] == after["hf_artifacts"] == after["identity_links"] == 0
    assert after["memberships"] == 0 and after["organisations"] == before["organisations"]
    assert after["http_validators"] == 2  # bob's profile and acme/shared survive
    assert after["forgotten_identities"] == 3  # her GitHub id, her login, her HF name
    for table in ("evidence_items", "person_signals", "candidate_status", "saved_search_results"):
        assert after[table] == before[table] - 1, table
    assert after["person_index"] == before["person_index"]  # the next index run drops it
    with store.session() as s:
        bob = resolve_person(s, "bob")
        commits = s.scalars(
            select(models.Contribution.commits).where(models.Contribution.commits > 0)
        )
        assert list(commits) == [7]  # Bob's; the organisation's owner row has none
        assert bob.display_name == "Bob"
        with pytest.raises(NotFound):
            resolve_person(s, "Alice-Dev")


def test_nothing_re_creates_a_forgotten_person(store: Store, database_url: str) -> None:
    with store.session() as s:
        forget_person(s, resolve_person(s, "alice-dev").id)
    # the same payloads again, as a replayed cache or a fresh crawl would hand them over
    written = StoreWriter(store.engine).write(items())
    with store.session() as s:
        resolve_people(s)
    # every item about her or from a response about her (her organisations list); Bob's went in
    assert written["forgotten_skipped"] == 9
    assert "alice" not in all_text(database_url).lower()
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(models.Person)) == 1
        assert resolve_person(s, "bob").display_name == "Bob"


def test_forgetting_is_one_transaction(store: Store) -> None:
    before = counts(store)
    with pytest.raises(RuntimeError), store.session() as s:
        forget_person(s, resolve_person(s, "alice-dev").id)
        raise RuntimeError("the process died before the commit")
    assert counts(store) == before


def test_forgetting_nobody_is_a_clear_error(store: Store) -> None:
    with store.session() as s, pytest.raises(NotFound):
        forget_person(s, 999_999)


# End to end: a crawled and indexed store, then a new crawl of the same world -------------
@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return indexed_store(tmp_path_factory)


def search_logins(home: Path) -> set[str]:
    result = talent(home, "search", "", "--limit", "200", "--format", "json", "--include-bots")
    assert result.exit_code == 0, result.output
    return {r["github"] for r in json.loads(result.stdout)["results"] if r["github"]}


def test_a_forgotten_person_leaves_the_index_and_a_new_crawl_does_not_bring_them_back(
    indexed: Path, tmp_path: Path
) -> None:
    home = copy_home(indexed, tmp_path / "home")
    root = indexed.parent
    login = sorted(search_logins(home))[0]
    with Workspace(load_settings(home=home)) as ws:
        gone = forget(ws, login)
    assert login in gone.github
    assert login not in search_logins(home)  # the vector point went at once
    url = f"sqlite:///{home / 'talent.db'}"
    assert login.lower() not in all_text(url).lower(), where(url, login)
    with simulator(root / "world") as sim:
        summary = crawl(home, root / "config", sim.base_url)
    assert summary["status"] == "finished"
    # The new crawl fetched repositories' contributor lists that name them, and caches those
    # bodies as they came; nothing else holds them, and no request about them is cached.
    left = where(url, login).splitlines()
    assert all(line.startswith("http_validators:") for line in left), left
    assert not [line for line in left if f"/users/{login.lower()}" in line.lower()], left
    assert talent(home, "index").exit_code == 0
    assert login not in search_logins(home)


def where(url: str, text: str) -> str:
    """Which tables still hold ``text`` (for assertion messages)."""
    from sqlalchemy import create_engine

    engine = create_engine(url)
    found = []
    with engine.connect() as conn:
        for table in models.Base.metadata.sorted_tables:
            for row in conn.execute(table.select()):
                values = [zlib.decompress(v) if isinstance(v, bytes) else v for v in row]
                if text.lower() in repr(values).lower():
                    found.append(f"{table.name}: {values[:2]!r}")
    engine.dispose()
    return "\n".join(found)
