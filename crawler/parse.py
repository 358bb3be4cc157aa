"""Building store items from the services' JSON, leniently.

A field of the wrong type is kept as ``Unparsed`` instead of raising, so that validation can
name the field: an optional one is left empty and the item kept, an identity makes the item
unusable (``talent.store.items.check_fields``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from talent.store.items import (
    AccountRef,
    GithubAccountItem,
    HfAccountItem,
    HfArtifactItem,
    RepositoryItem,
    Unparsed,
)


# Field readers ---------------------------------------------------------------------------
def text(payload: dict[str, Any], key: str) -> Any:
    value = payload.get(key)
    return value if value is None or isinstance(value, str) else Unparsed(key, value)


def integer(payload: dict[str, Any], key: str, default: int | None = 0) -> Any:
    value = payload.get(key, default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        return Unparsed(key, value)
    return value


def boolean(payload: dict[str, Any], key: str) -> Any:
    value = payload.get(key)
    return value if value is None or isinstance(value, bool) else Unparsed(key, value)


def timestamp(payload: dict[str, Any], key: str) -> Any:
    value = payload.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        return Unparsed(key, value)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return Unparsed(key, value, "is not an ISO 8601 time")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def string_list(payload: dict[str, Any], key: str) -> Any:
    value = payload.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return Unparsed(key, value)
    return value


# Items -----------------------------------------------------------------------------------
def github_account(payload: dict[str, Any], url: str) -> GithubAccountItem:
    """A ``GET /users/{login}`` body."""
    return GithubAccountItem(
        source_url=url,
        github_id=integer(payload, "id", None),
        login=payload.get("login"),
        type=payload.get("type") or "User",
        name=text(payload, "name"),
        company=text(payload, "company"),
        blog=text(payload, "blog"),
        location=text(payload, "location"),
        email=text(payload, "email"),
        hireable=boolean(payload, "hireable"),
        bio=text(payload, "bio"),
        twitter_username=text(payload, "twitter_username"),
        public_repos=integer(payload, "public_repos"),
        followers=integer(payload, "followers"),
        following=integer(payload, "following"),
        html_url=text(payload, "html_url"),
        avatar_url=text(payload, "avatar_url"),
        created_at=timestamp(payload, "created_at"),
        updated_at=timestamp(payload, "updated_at"),
    )


def repository(payload: dict[str, Any], url: str) -> RepositoryItem:
    """A ``GET /repos/{owner}/{repo}`` body (or an entry of a repository list)."""
    owner = payload.get("owner") if isinstance(payload.get("owner"), dict) else {}
    full_name = payload.get("full_name")
    owner_login = owner.get("login") or (
        full_name.split("/")[0] if isinstance(full_name, str) and "/" in full_name else None
    )
    ref = None
    if isinstance(owner.get("id"), int) and isinstance(owner_login, str):
        ref = AccountRef(github_id=owner["id"], login=owner_login)
    return RepositoryItem(
        source_url=url,
        github_id=integer(payload, "id", None),
        full_name=full_name,
        owner_login=owner_login,
        description=text(payload, "description"),
        topics=string_list(payload, "topics"),
        language=text(payload, "language"),
        stars=integer(payload, "stargazers_count"),
        forks=integer(payload, "forks_count"),
        is_fork=bool(payload.get("fork")),
        archived=bool(payload.get("archived")),
        homepage=text(payload, "homepage"),
        html_url=text(payload, "html_url"),
        created_at=timestamp(payload, "created_at"),
        pushed_at=timestamp(payload, "pushed_at"),
        updated_at=timestamp(payload, "updated_at"),
        owner=ref,
    )


def hf_account(payload: dict[str, Any], url: str, account_kind: str) -> HfAccountItem:
    """A Hub ``/api/users/{name}/overview`` (or organisation) body."""
    orgs = payload.get("orgs") or []
    names = (
        [o.get("name") for o in orgs if isinstance(o, dict)]
        if isinstance(orgs, list)
        else Unparsed("orgs", orgs)
    )
    return HfAccountItem(
        source_url=url,
        name=payload.get("user") or payload.get("name"),
        account_kind=account_kind,
        fullname=text(payload, "fullname"),
        details=text(payload, "details"),
        avatar_url=text(payload, "avatarUrl"),
        is_pro=boolean(payload, "isPro"),
        num_followers=integer(payload, "numFollowers"),
        num_models=integer(payload, "numModels"),
        num_datasets=integer(payload, "numDatasets"),
        num_spaces=integer(payload, "numSpaces"),
        orgs=names,
    )


def hf_artifact(payload: dict[str, Any], url: str, artifact_kind: str) -> HfArtifactItem:
    """A Hub model, dataset or space list entry."""
    hf_id = payload.get("id") or payload.get("modelId")
    author = payload.get("author") or (
        hf_id.split("/")[0] if isinstance(hf_id, str) and "/" in hf_id else None
    )
    gated = payload.get("gated")
    return HfArtifactItem(
        source_url=url,
        artifact_kind=artifact_kind,
        hf_id=hf_id,
        author=author,
        tags=string_list(payload, "tags"),
        library_name=text(payload, "library_name"),
        pipeline_tag=text(payload, "pipeline_tag"),
        sdk=text(payload, "sdk"),
        downloads=integer(payload, "downloads"),
        likes=integer(payload, "likes"),
        gated=None if gated in (None, False) else str(gated),
        created_at=timestamp(payload, "createdAt"),
        last_modified=timestamp(payload, "lastModified"),
    )
