"""Typed items: what the crawl hands the store to write (``talent.store.upserts``).

The crawler builds them leniently from API payloads (``talent.crawler.parse``: a field of
the wrong type is kept as ``Unparsed`` rather than raising) and ``validate`` checks them in
the first pipeline: a bad optional field is cleaned or cut to its column and the item kept,
and only an item whose identity is unusable is dropped, with a reason, while the crawl goes
on. Every item carries its provenance.
"""

from __future__ import annotations

import math
from dataclasses import MISSING, dataclass, field, fields
from datetime import UTC, datetime
from typing import Any, ClassVar

from talent.store.bounds import MAX_TEXT, bound, limits, table_of
from talent.text import storable

MAX_NAME = 300


class InvalidItem(ValueError):
    """A payload that cannot be stored; the message says which field and why."""


@dataclass(frozen=True, slots=True)
class Unparsed:
    """A payload value of the wrong type, kept so that ``validate`` can name it."""

    key: str
    value: Any
    problem: str = ""  # what is wrong, when not its type

    def __str__(self) -> str:
        problem = self.problem or f"has the wrong type ({type(self.value).__name__})"
        return f"{self.key!r} {problem}"


def now() -> datetime:
    return datetime.now(UTC)


# Validation ------------------------------------------------------------------------------
def check_fields(item: Any, strict: tuple[str, ...] = ()) -> list[str]:
    """Clean every field of an item in place and say what was repaired.

    A field named in ``strict`` identifies the item (an id, a login): a wrong type, broken
    unicode or a NUL there makes the item unusable (``InvalidItem``). Any other field is
    optional: a wrong type or a non-finite number leaves it empty (its default), NUL and lone
    surrogates are removed, and text and counts are bounded to what their column holds
    (``talent.store.bounds``), so one bad field never costs the rest of the item. Reasons
    name the field, never its value: they go to logs.
    """
    table = table_of(item.table) if item.table else None
    repairs: list[str] = []
    for f in fields(item):
        value = getattr(item, f.name)
        if f.name in strict:
            _check_strict(f.name, value, table)
            continue
        cleaned, why = _clean(f.name, value, _default(f), table)
        if why:
            setattr(item, f.name, cleaned)
            repairs += why
    return repairs


def _default(f: Any) -> Any:
    if f.default is not MISSING:
        return f.default
    if f.default_factory is not MISSING:
        return f.default_factory()
    return None


def _clean(name: str, value: Any, default: Any, table: Any) -> tuple[Any, list[str]]:
    if isinstance(value, Unparsed):
        kept: Any = default
        if isinstance(default, list) and isinstance(value.value, list):
            kept = [v for v in value.value if isinstance(v, str)]  # keep the usable entries
        return _clean(name, kept, default, table)[0], [f"{value}, left out"]
    if isinstance(value, float) and not math.isfinite(value):
        return default, [f"{name!r} is not a finite number, left out"]
    if isinstance(value, list):
        pieces = [_clean_text(name, v, MAX_TEXT) if isinstance(v, str) else (v, []) for v in value]
        why = sorted({w for _, ws in pieces for w in ws})
        return ([v for v, _ in pieces] if why else value), why
    if isinstance(value, str):
        limit = (table is not None and _text_limit(table, name)) or MAX_TEXT
        return _clean_text(name, value, limit)
    if table is not None and isinstance(value, int) and not isinstance(value, bool):
        bounded = bound(table, name, value)
        if bounded != value:
            return bounded, [f"{name!r} is out of range, clamped"]
    return value, []


def _clean_text(name: str, value: str, limit: int) -> tuple[str, list[str]]:
    cleaned = storable(value, limit)
    if cleaned == value:
        return value, []
    why = []
    if "\x00" in value:
        why.append(f"{name!r} held NUL characters, removed")
    if not _encodable(value):
        why.append(f"{name!r} held broken unicode (a lone surrogate), removed")
    whole = len(storable(value))
    if whole > limit:
        why.append(f"{name!r} was cut from {whole:,} to {limit:,} characters")
    return cleaned, why


def _check_strict(name: str, value: Any, table: Any) -> None:
    if isinstance(value, Unparsed):
        raise InvalidItem(str(value))
    if isinstance(value, str):
        if not _encodable(value):
            raise InvalidItem(f"{name!r} holds broken unicode (a lone surrogate)")
        if "\x00" in value:
            raise InvalidItem(f"{name!r} holds a NUL character")
        limit = table is not None and _text_limit(table, name)
        if limit and len(value) > limit:
            raise InvalidItem(f"{name!r} is longer than {limit:,} characters")


def _text_limit(table: Any, name: str) -> int | None:
    kind, size = limits(table).get(name, ("", 0))
    return size if kind == "text" else None


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


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
    table: ClassVar[str | None] = None  # the table whose columns bound the fields

    def validate(self) -> list[str]:
        """Raise ``InvalidItem`` when the item is unusable; else clean it in place and return
        what was repaired (``check_fields``)."""
        return check_fields(self)


# GitHub ----------------------------------------------------------------------------------
@dataclass(kw_only=True, slots=True)
class AccountRef:
    """Enough of a GitHub account to link to it before its profile is fetched."""

    github_id: int
    login: str


@dataclass(kw_only=True, slots=True)
class GithubAccountItem(Item):
    kind: ClassVar[str] = "github_account"
    table: ClassVar[str | None] = "github_accounts"
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

    def validate(self) -> list[str]:
        require(isinstance(self.github_id, int) and self.github_id > 0, "'id' is missing")
        require(valid_handle(self.login), "'login' is missing or malformed")
        require(
            self.type in ("User", "Organization", "Bot"),
            f"unknown account type {str(self.type)[:40]!r}",
        )
        return check_fields(self, ("github_id", "login", "type"))


@dataclass(kw_only=True, slots=True)
class RepositoryItem(Item):
    kind: ClassVar[str] = "repository"
    table: ClassVar[str | None] = "repositories"
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

    def validate(self) -> list[str]:
        require(isinstance(self.github_id, int) and self.github_id > 0, "'id' is missing")
        require(
            isinstance(self.full_name, str) and self.full_name.count("/") == 1,
            "'full_name' is missing or malformed",
        )
        require(valid_handle(self.owner_login), "the owner's login is missing")
        return check_fields(self, ("github_id", "full_name", "owner_login", "owner"))


@dataclass(kw_only=True, slots=True)
class ContributionItem(Item):
    """An account's commits to a repository (from contributors lists or weekly stats)."""

    kind: ClassVar[str] = "contribution"
    table: ClassVar[str | None] = "contributions"
    account: AccountRef
    repo_github_id: int
    repo_full_name: str
    commits: Any = None  # None: leave the stored count alone
    first_commit_at: Any = None
    last_commit_at: Any = None
    role: str = "contributor"

    def validate(self) -> list[str]:
        require(valid_handle(self.account.login), "the contributor's login is missing")
        require(
            self.commits is None or (isinstance(self.commits, int) and self.commits >= 0),
            "'contributions' is not a count",
        )
        return check_fields(self, ("account", "repo_github_id", "repo_full_name"))


@dataclass(kw_only=True, slots=True)
class OrganisationItem(Item):
    kind: ClassVar[str] = "organisation"
    table: ClassVar[str | None] = "organisations"
    platform: str
    login: Any
    name: Any = None
    description: Any = None
    html_url: Any = None

    def validate(self) -> list[str]:
        require(valid_handle(self.login), "the organisation's login is missing")
        return check_fields(self, ("platform", "login"))


@dataclass(kw_only=True, slots=True)
class MembershipItem(Item):
    """An account in an organisation; ``account`` is a GitHub ref or an HF name."""

    kind: ClassVar[str] = "membership"
    table: ClassVar[str | None] = "memberships"
    platform: str
    organisation: str
    github: AccountRef | None = None
    hf_name: str | None = None
    role: str = "member"

    def validate(self) -> list[str]:
        require(valid_handle(self.organisation), "the organisation is missing")
        require((self.github is None) != (self.hf_name is None), "exactly one account is needed")
        return check_fields(self, ("platform", "organisation", "hf_name", "role"))


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
    table: ClassVar[str | None] = "hf_accounts"
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

    def validate(self) -> list[str]:
        require(valid_handle(self.name), "'user'/'name' is missing or malformed")
        repairs = check_fields(self, ("name", "account_kind"))
        usable = [n for n in self.orgs if valid_handle(n) and "\x00" not in n]
        if len(usable) < len(self.orgs):  # an unnamed organisation is left out, not the person
            self.orgs = usable
            repairs.append("an organisation in 'orgs' has no usable name, left out")
        return repairs


@dataclass(kw_only=True, slots=True)
class HfArtifactItem(Item):
    kind: ClassVar[str] = "hf_artifact"
    table: ClassVar[str | None] = "hf_artifacts"
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

    def validate(self) -> list[str]:
        require(
            isinstance(self.hf_id, str) and 0 < len(self.hf_id) <= MAX_NAME,
            "'id' is missing or malformed",
        )
        require(self.artifact_kind in ("model", "dataset", "space"), "unknown artifact kind")
        require(valid_handle(self.author), "the author is missing")
        return check_fields(self, ("artifact_kind", "hf_id", "author"))


@dataclass(kw_only=True, slots=True)
class HfProfiledItem(Item):
    """Marks an HF account as completely crawled."""

    kind: ClassVar[str] = "hf_profiled"
    name: str
