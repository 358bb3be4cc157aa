"""SQLAlchemy 2.0 typed models: what we know about people and where we learnt it.

Every row that came from an API keeps its provenance (``source_url``, ``fetched_at``). Person
data hangs off ``people.id`` with ``ON DELETE CASCADE``, accounts included; forgetting a
person is ``talent.store.forget.forget_person``, which also removes what hangs off the
accounts and remembers hashes of the forgotten identities so no crawl collects them again.
Alembic migrations in ``migrations/versions`` own the schema; these classes must match them
(a test compares the two).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite forgets the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use timezone-aware UTC")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[Any]: JSON}  # noqa: RUF012


class Provenance:
    """Where and when a row was fetched."""

    source_url: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[datetime | None]


# People and their accounts ---------------------------------------------------------------
class Person(Base):
    """One human, joined from one or more accounts by identity links."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str | None] = mapped_column(String(400))
    location_raw: Mapped[str | None] = mapped_column(String(400))
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    city: Mapped[str | None] = mapped_column(String(200))
    bio: Mapped[str | None] = mapped_column(Text)
    company: Mapped[str | None] = mapped_column(String(400))
    website: Mapped[str | None] = mapped_column(Text)
    public_email: Mapped[str | None] = mapped_column(String(400))
    hireable: Mapped[bool | None]
    followers: Mapped[int] = mapped_column(Integer, default=0)
    is_bot: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())

    # The database deletes a person's accounts with them (ON DELETE CASCADE).
    github_accounts: Mapped[list[GithubAccount]] = relationship(
        back_populates="person", passive_deletes=True
    )
    hf_accounts: Mapped[list[HfAccount]] = relationship(
        back_populates="person", passive_deletes=True
    )


class GithubAccount(Provenance, Base):
    """A GitHub user, bot or organisation account as /users/{login} describes it."""

    __tablename__ = "github_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    github_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    login: Mapped[str] = mapped_column(String(100), unique=True)
    login_lower: Mapped[str] = mapped_column(String(100), unique=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(20), default="User")  # User | Organization | Bot
    name: Mapped[str | None] = mapped_column(String(400))
    company: Mapped[str | None] = mapped_column(String(400))
    blog: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(String(400))
    country: Mapped[str | None] = mapped_column(String(2))  # normalised from ``location``
    city: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(400))
    hireable: Mapped[bool | None]
    bio: Mapped[str | None] = mapped_column(Text)
    twitter_username: Mapped[str | None] = mapped_column(String(100))
    public_repos: Mapped[int] = mapped_column(Integer, default=0)
    followers: Mapped[int] = mapped_column(Integer, default=0)
    following: Mapped[int] = mapped_column(Integer, default=0)
    html_url: Mapped[str | None] = mapped_column(Text)
    avatar_url: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime | None]
    updated_at: Mapped[datetime | None]
    last_event_at: Mapped[datetime | None]
    profiled_at: Mapped[datetime | None]  # set once profile, repos, orgs and events are in

    person: Mapped[Person | None] = relationship(back_populates="github_accounts")


class HfAccount(Provenance, Base):
    """A Hugging Face user or organisation (``kind``)."""

    __tablename__ = "hf_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    name_lower: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(10), default="user")  # user | org
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    fullname: Mapped[str | None] = mapped_column(String(400))
    details: Mapped[str | None] = mapped_column(Text)
    avatar_url: Mapped[str | None] = mapped_column(Text)
    is_pro: Mapped[bool | None]
    num_followers: Mapped[int] = mapped_column(Integer, default=0)
    num_models: Mapped[int] = mapped_column(Integer, default=0)
    num_datasets: Mapped[int] = mapped_column(Integer, default=0)
    num_spaces: Mapped[int] = mapped_column(Integer, default=0)
    profiled_at: Mapped[datetime | None]

    person: Mapped[Person | None] = relationship(back_populates="hf_accounts")


class IdentityLink(Base):
    """Evidence that a GitHub and an HF account belong to one person.

    ``merged`` is true only when the confidence cleared the merge threshold; weaker links are
    kept for review and never join two people silently.
    """

    __tablename__ = "identity_links"
    __table_args__ = (UniqueConstraint("github_account_id", "hf_account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    github_account_id: Mapped[int] = mapped_column(
        ForeignKey("github_accounts.id", ondelete="CASCADE"), index=True
    )
    hf_account_id: Mapped[int] = mapped_column(
        ForeignKey("hf_accounts.id", ondelete="CASCADE"), index=True
    )
    confidence: Mapped[float] = mapped_column(Float)
    method: Mapped[str] = mapped_column(String(50))
    evidence: Mapped[list[Any]] = mapped_column(JSON, default=list)
    merged: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


# Code and artifacts ----------------------------------------------------------------------
class Repository(Provenance, Base):
    """A GitHub repository, keyed by GitHub's numeric id so renames keep their history."""

    __tablename__ = "repositories"

    id: Mapped[int] = mapped_column(primary_key=True)
    github_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    full_name: Mapped[str] = mapped_column(String(300))
    full_name_lower: Mapped[str] = mapped_column(String(300), unique=True)
    owner_login: Mapped[str] = mapped_column(String(100), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    topics: Mapped[list[Any]] = mapped_column(JSON, default=list)
    language: Mapped[str | None] = mapped_column(String(100))
    languages: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    stars: Mapped[int] = mapped_column(Integer, default=0)
    forks: Mapped[int] = mapped_column(Integer, default=0)
    is_fork: Mapped[bool] = mapped_column(Boolean, default=False)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    homepage: Mapped[str | None] = mapped_column(Text)
    html_url: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime | None]
    pushed_at: Mapped[datetime | None]
    updated_at: Mapped[datetime | None]


class Dependency(Base):
    """A library a repository declares in one of its dependency files."""

    __tablename__ = "dependencies"
    __table_args__ = (UniqueConstraint("repository_id", "ecosystem", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    repository_id: Mapped[int] = mapped_column(
        ForeignKey("repositories.id", ondelete="CASCADE"), index=True
    )
    ecosystem: Mapped[str] = mapped_column(String(10))  # pypi | npm
    name: Mapped[str] = mapped_column(String(200), index=True)
    file: Mapped[str] = mapped_column(String(200))


class Contribution(Base):
    """An account's work on a repository: commits, first and last dates, role."""

    __tablename__ = "contributions"
    __table_args__ = (UniqueConstraint("github_account_id", "repository_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    github_account_id: Mapped[int] = mapped_column(
        ForeignKey("github_accounts.id", ondelete="CASCADE"), index=True
    )
    repository_id: Mapped[int] = mapped_column(
        ForeignKey("repositories.id", ondelete="CASCADE"), index=True
    )
    commits: Mapped[int] = mapped_column(Integer, default=0)
    first_commit_at: Mapped[datetime | None]
    last_commit_at: Mapped[datetime | None]
    role: Mapped[str] = mapped_column(String(20), default="contributor")  # owner|member|contributor
    source_url: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[datetime | None]


class HfArtifact(Provenance, Base):
    """A model, dataset or space on the Hub."""

    __tablename__ = "hf_artifacts"
    __table_args__ = (UniqueConstraint("kind", "hf_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # model | dataset | space
    hf_id: Mapped[str] = mapped_column(String(300))
    author: Mapped[str | None] = mapped_column(String(100), index=True)
    hf_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("hf_accounts.id", ondelete="CASCADE"), index=True
    )
    tags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    library_name: Mapped[str | None] = mapped_column(String(100))
    pipeline_tag: Mapped[str | None] = mapped_column(String(100))
    sdk: Mapped[str | None] = mapped_column(String(50))
    downloads: Mapped[int] = mapped_column(Integer, default=0)
    likes: Mapped[int] = mapped_column(Integer, default=0)
    gated: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime | None]
    last_modified: Mapped[datetime | None]


class Organisation(Provenance, Base):
    """A GitHub organisation or an HF organisation."""

    __tablename__ = "organisations"
    __table_args__ = (UniqueConstraint("platform", "login_lower"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(10))  # github | hf
    login: Mapped[str] = mapped_column(String(100))
    login_lower: Mapped[str] = mapped_column(String(100))
    name: Mapped[str | None] = mapped_column(String(400))
    description: Mapped[str | None] = mapped_column(Text)
    html_url: Mapped[str | None] = mapped_column(Text)


class Membership(Base):
    """An account's membership of an organisation (exactly one account column is set)."""

    __tablename__ = "memberships"
    __table_args__ = (
        # NULLs never collide in a unique constraint, so one constraint per account column.
        UniqueConstraint("organisation_id", "github_account_id"),
        UniqueConstraint("organisation_id", "hf_account_id"),
        CheckConstraint(
            "(github_account_id IS NULL) <> (hf_account_id IS NULL)", name="one_account"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    github_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("github_accounts.id", ondelete="CASCADE"), index=True
    )
    hf_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("hf_accounts.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20), default="member")
    source_url: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[datetime | None]


class EvidenceItem(Base):
    """One clickable reason behind a signal score (written by the indexer)."""

    __tablename__ = "evidence_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(50), index=True)
    kind: Mapped[str] = mapped_column(String(50))
    url: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    occurred_at: Mapped[datetime | None]
    weight: Mapped[float] = mapped_column(Float, default=0.0)


# Indexing --------------------------------------------------------------------------------
class PersonSignals(Base):
    """The indexer's reading of a person: category scores, track, seniority, production."""

    __tablename__ = "person_signals"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    track: Mapped[str | None] = mapped_column(String(20), index=True)
    track_scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    seniority: Mapped[str] = mapped_column(String(10))
    seniority_confidence: Mapped[float] = mapped_column(Float, default=0.0)
    production: Mapped[float] = mapped_column(Float, default=0.0)
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    anti_signals: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reasons: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    last_active: Mapped[datetime | None]
    ai_start: Mapped[datetime | None]
    computed_at: Mapped[datetime]


class PersonIndex(Base):
    """What the vector index holds for a person, by content hash (for incremental runs).

    No foreign key on purpose: when a person is deleted, this row is how the next index run
    knows to delete their point too.
    """

    __tablename__ = "person_index"

    person_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    facts_hash: Mapped[str] = mapped_column(String(64))
    document_hash: Mapped[str] = mapped_column(String(64))
    payload_hash: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(200))
    indexed_at: Mapped[datetime]


# Crawling --------------------------------------------------------------------------------
class HttpValidator(Base):
    """ETag / Last-Modified per URL for conditional requests, with the body a 304 stands for.

    The key is the URL without credentials; request headers (and so tokens) are never stored.
    """

    __tablename__ = "http_validators"

    url_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(String(300))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    link: Mapped[str | None] = mapped_column(Text)
    body: Mapped[bytes | None] = mapped_column(LargeBinary)  # zlib-compressed
    status: Mapped[int] = mapped_column(Integer, default=200)
    fetched_at: Mapped[datetime]
    validated_at: Mapped[datetime]


class CrawlRun(Base):
    """One ``talent crawl`` invocation and its stats."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="running")
    args: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    stats: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]


# Searching -------------------------------------------------------------------------------
class SavedSearch(Base):
    __tablename__ = "saved_searches"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    query: Mapped[str] = mapped_column(Text)
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())


class SavedSearchRun(Base):
    __tablename__ = "saved_search_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    saved_search_id: Mapped[int] = mapped_column(
        ForeignKey("saved_searches.id", ondelete="CASCADE"), index=True
    )
    ran_at: Mapped[datetime]
    result_count: Mapped[int] = mapped_column(Integer, default=0)


class SavedSearchResult(Base):
    __tablename__ = "saved_search_results"
    __table_args__ = (UniqueConstraint("run_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("saved_search_runs.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    rank: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    evidence_count: Mapped[int] = mapped_column(Integer, default=0)


class CandidateStatus(Base):
    """Status history: the newest row per person is the current status."""

    __tablename__ = "candidate_status"
    __table_args__ = (Index("ix_candidate_status_person_time", "person_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]


class ForgottenIdentity(Base):
    """An account of a forgotten person, kept only as the sha256 of ``platform:key`` (GitHub
    id, GitHub login, HF name) so that no handle stays in clear: the store refuses to write
    anything about it again, whoever crawls it."""

    __tablename__ = "forgotten_identities"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    forgotten_at: Mapped[datetime]


ENTITY_COUNTS: dict[str, type[Base]] = {
    "people": Person,
    "github_accounts": GithubAccount,
    "hf_accounts": HfAccount,
    "repositories": Repository,
    "dependencies": Dependency,
    "contributions": Contribution,
    "hf_artifacts": HfArtifact,
    "organisations": Organisation,
    "memberships": Membership,
    "identity_links": IdentityLink,
    "evidence_items": EvidenceItem,
    "http_validators": HttpValidator,
    "crawl_runs": CrawlRun,
    "saved_searches": SavedSearch,
    "candidate_status": CandidateStatus,
    "indexed_people": PersonIndex,
}
