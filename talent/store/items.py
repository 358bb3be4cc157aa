"""Typed items: what the crawl hands the store to write (``talent.store.upserts``).

The crawler builds them leniently from API payloads (``talent.crawler.parse``: a field of
the wrong type is kept as ``Unparsed`` rather than raising) and ``validate`` checks them in
the first pipeline, so one bad payload is dropped with a reason while the crawl goes on.
Every item carries its provenance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Any, ClassVar

MAX_TEXT = 20_000  # beyond this a free-text field is garbage, not a bio
MAX_NAME = 300


class InvalidItem(ValueError):
    """A payload that cannot be stored; the message says which field and why."""


@dataclass(frozen=True, slots=True)
class Unparsed:
    """A payload value of the wrong type, kept so that ``validate`` can name it."""

    key: str
    value: Any

    def __str__(self) -> str:
        return f"{self.key!r} has the wrong type ({type(self.value).__name__})"


def now() -> datetime:
    return datetime.now(UTC)


# Validation ------------------------------------------------------------------------------
def check_fields(item: Any) -> None:
    """Reject wrong types, broken unicode and absurd sizes in every field of an item."""
    for f in fields(item):
        value = getattr(item, f.name)
        if isinstance(value, Unparsed):
            raise InvalidItem(str(value))
        if isinstance(value, float) and not math.isfinite(value):
            raise InvalidItem(f"{f.name!r} is not a finite number")
        for piece in value if isinstance(value, list) else [value]:
            if isinstance(piece, str):
                _check_text(f.name, piece)


def _check_text(name: str, value: str) -> None:
    if len(value) > MAX_TEXT:
        raise InvalidItem(f"{name!r} is {len(value):,} characters long")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidItem(f"{name!r} holds broken unicode (a lone surrogate)") from None
    if "\x00" in value:
        raise InvalidItem(f"{name!r} holds a NUL character")


def require(condition: bool, message: str) -> None:
    if not condition:
        raise InvalidItem(message)


def valid_handle(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 100 and not any(c.isspace() for c in value)


@dataclass(kw_only=True, slots=True)
class Item:
    """Provenance shared by every item."""

    source_url: str
    fetched_at: datetime = field(default_factory=now)
    kind: ClassVar[str] = "item"

    def validate(self) -> None:
        check_fields(self)


# GitHub ----------------------------------------------------------------------------------
@dataclass(kw_only=True, slots=True)
class AccountRef:
    """Enough of a GitHub account to link to it before its profile is fetched."""

    github_id: int
    login: str


@dataclass(kw_only=True, slots=True)
class GithubAccountItem(Item):
    kind: ClassVar[str] = "github_account"
    github_id: Any
    login: Any
    type: Any = "User"
    name: Any = None
    company: Any = None
    blog: Any = None
    location: Any = None
    email: Any = None
    hireable: Any = None
    bio: Any = None
    twitter_username: Any = None
    public_repos: Any = 0
    followers: Any = 0
    following: Any = 0
    html_url: Any = None
    avatar_url: Any = None
    created_at: Any = None
    updated_at: Any = None
    country: str | None = None  # set by the normalise pipeline
    city: str | None = None

    def validate(self) -> None:
        require(isinstance(self.github_id, int) and self.github_id > 0, "'id' is missing")
        require(valid_handle(self.login), "'login' is missing or malformed")
        require(self.type in ("User", "Organization", "Bot"), f"unknown account type {self.type!r}")
        check_fields(self)


@dataclass(kw_only=True, slots=True)
class RepositoryItem(Item):
    kind: ClassVar[str] = "repository"
    github_id: Any
    full_name: Any
    owner_login: Any
    description: Any = None
    topics: Any = field(default_factory=list)
    language: Any = None
    stars: Any = 0
    forks: Any = 0
    is_fork: Any = False
    archived: Any = False
    homepage: Any = None
    html_url: Any = None
    created_at: Any = None
    pushed_at: Any = None
    updated_at: Any = None
    owner: AccountRef | None = None

    def validate(self) -> None:
        require(isinstance(self.github_id, int) and self.github_id > 0, "'id' is missing")
        require(
            isinstance(self.full_name, str) and self.full_name.count("/") == 1,
            "'full_name' is missing or malformed",
        )
        require(valid_handle(self.owner_login), "the owner's login is missing")
        check_fields(self)


@dataclass(kw_only=True, slots=True)
class ContributionItem(Item):
    """An account's commits to a repository (from contributors lists or weekly stats)."""

    kind: ClassVar[str] = "contribution"
    account: AccountRef
    repo_github_id: int
    repo_full_name: str
    commits: Any = None  # None: leave the stored count alone
    first_commit_at: Any = None
    last_commit_at: Any = None
    role: str = "contributor"

    def validate(self) -> None:
        require(valid_handle(self.account.login), "the contributor's login is missing")
        require(
            self.commits is None or (isinstance(self.commits, int) and self.commits >= 0),
            "'contributions' is not a count",
        )
        check_fields(self)


@dataclass(kw_only=True, slots=True)
class OrganisationItem(Item):
    kind: ClassVar[str] = "organisation"
    platform: str
    login: Any
    name: Any = None
    description: Any = None
    html_url: Any = None

    def validate(self) -> None:
        require(valid_handle(self.login), "the organisation's login is missing")
        check_fields(self)


@dataclass(kw_only=True, slots=True)
class MembershipItem(Item):
    """An account in an organisation; ``account`` is a GitHub ref or an HF name."""

    kind: ClassVar[str] = "membership"
    platform: str
    organisation: str
    github: AccountRef | None = None
    hf_name: str | None = None
    role: str = "member"

    def validate(self) -> None:
        require(valid_handle(self.organisation), "the organisation is missing")
        require((self.github is None) != (self.hf_name is None), "exactly one account is needed")
        check_fields(self)


@dataclass(kw_only=True, slots=True)
class DependencyItem(Item):
    """The libraries one dependency file of a repository declares."""

    kind: ClassVar[str] = "dependency"
    repo_github_id: int
    repo_full_name: str
    file: str
    packages: list[tuple[str, str]]  # (ecosystem, normalised name)


@dataclass(kw_only=True, slots=True)
class ActivityItem(Item):
    """What the public events say: when the account was last active, and where."""

    kind: ClassVar[str] = "activity"
    account: AccountRef
    last_event_at: datetime | None
    profiled: bool = True  # the last request of a profile marks the account complete


# Hugging Face ----------------------------------------------------------------------------
@dataclass(kw_only=True, slots=True)
class HfAccountItem(Item):
    kind: ClassVar[str] = "hf_account"
    name: Any
    account_kind: str = "user"  # user | org
    fullname: Any = None
    details: Any = None
    avatar_url: Any = None
    is_pro: Any = None
    num_followers: Any = 0
    num_models: Any = 0
    num_datasets: Any = 0
    num_spaces: Any = 0
    orgs: Any = field(default_factory=list)

    def validate(self) -> None:
        require(valid_handle(self.name), "'user'/'name' is missing or malformed")
        if isinstance(self.orgs, list):
            require(all(valid_handle(n) for n in self.orgs), "an organisation has no name")
        check_fields(self)


@dataclass(kw_only=True, slots=True)
class HfArtifactItem(Item):
    kind: ClassVar[str] = "hf_artifact"
    artifact_kind: str  # model | dataset | space
    hf_id: Any
    author: Any = None
    tags: Any = field(default_factory=list)
    library_name: Any = None
    pipeline_tag: Any = None
    sdk: Any = None
    downloads: Any = 0
    likes: Any = 0
    gated: Any = None
    created_at: Any = None
    last_modified: Any = None

    def validate(self) -> None:
        require(
            isinstance(self.hf_id, str) and 0 < len(self.hf_id) <= MAX_NAME,
            "'id' is missing or malformed",
        )
        require(self.artifact_kind in ("model", "dataset", "space"), "unknown artifact kind")
        require(valid_handle(self.author), "the author is missing")
        check_fields(self)


@dataclass(kw_only=True, slots=True)
class HfProfiledItem(Item):
    """Marks an HF account as completely crawled."""

    kind: ClassVar[str] = "hf_profiled"
    name: str
