"""Hugging Face Hub API endpoints over a world: artifact lists and info, accounts, likes."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

from talent.upstream.hostile import served_body
from talent.upstream.replies import (
    JSON_TYPE,
    TEXT_TYPE,
    Reply,
    Request,
    hf_error,
    json_reply,
    with_param,
)
from talent.upstream.routing import Route, route
from talent.upstream.world import HfCollection, Record, World

UNKNOWN_CREATED = "2022-03-02T23:29:04.000Z"  # the Hub's "created before dates were stored"
PAGE_MAX = 1000
MEMBERS_PAGE = 500
_ID = r"([^/]+(?:/[^/]+)?)"
_KINDS = {"models": "model", "datasets": "dataset", "spaces": "space"}
LIST_KEYS = {  # what a list item carries without full/expand, as the Hub serves it
    "model": (
        "_id",
        "id",
        "likes",
        "trendingScore",
        "private",
        "downloads",
        "tags",
        "pipeline_tag",
        "library_name",
        "createdAt",
        "modelId",
    ),
    "dataset": (
        "_id",
        "id",
        "author",
        "cardData",
        "disabled",
        "gated",
        "lastModified",
        "likes",
        "trendingScore",
        "private",
        "sha",
        "description",
        "downloads",
        "tags",
        "createdAt",
        "key",
    ),
    "space": ("_id", "id", "likes", "trendingScore", "private", "sdk", "tags", "createdAt"),
}
FULL_KEYS = ("author", "sha", "lastModified", "gated", "disabled", "siblings", "cardData")
SORT_KEYS = {"downloads", "likes", "lastModified", "createdAt", "trendingScore", "id", "likes30d"}


class BadCursor(ValueError):
    pass


class HfApi:
    """Handlers for the Hub endpoints; ``routes()`` lists them for the router."""

    def __init__(self, world: World, page_size: int = PAGE_MAX) -> None:
        self.world = world
        self.page_size = min(page_size, PAGE_MAX)  # items per page when no ``limit`` is given
        self.now_ms = datetime.fromtimestamp(world.now, UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")

    def routes(self) -> list[Route]:
        routes = []
        for plural, kind in _KINDS.items():
            routes += [
                route(rf"^/api/{plural}$", f"/api/{plural}", self._lister(kind), "hf", "hf"),
                route(
                    rf"^/api/{plural}/{_ID}/revision/([^/]+)$",
                    f"/api/{plural}/{{repo_id}}/revision/{{revision}}",
                    self._info(kind),
                    "hf",
                    "hf",
                ),
                route(
                    rf"^/api/{plural}/{_ID}$",
                    f"/api/{plural}/{{repo_id}}",
                    self._info(kind),
                    "hf",
                    "hf",
                ),
            ]
        return [
            *routes,
            route(
                r"^/api/users/([^/]+)/overview$",
                "/api/users/{name}/overview",
                self.user_overview,
                "hf",
                "hf",
            ),
            route(r"^/api/users/([^/]+)/likes$", "/api/users/{name}/likes", self.likes, "hf", "hf"),
            route(
                r"^/api/organizations/([^/]+)/overview$",
                "/api/organizations/{name}/overview",
                self.org_overview,
                "hf",
                "hf",
            ),
            route(
                r"^/api/organizations/([^/]+)/members$",
                "/api/organizations/{name}/members",
                self.org_members,
                "hf",
                "hf",
            ),
            route(r"^/api/whoami-v2$", "/api/whoami-v2", self.whoami, "hf", "hf", cacheable=False),
        ]

    # Artifacts -----------------------------------------------------------------------------

    def _lister(self, kind: str):
        def handler(request: Request) -> Reply:
            return self.list_artifacts(request, kind)

        return handler

    def _info(self, kind: str):
        def handler(request: Request, repo_id: str, revision: str | None = None) -> Reply:
            return self.artifact_info(request, kind, unquote(repo_id), revision)

        return handler

    def list_artifacts(self, request: Request, kind: str) -> Reply:
        collection = self.world.hf[kind]
        items = _matching(collection, request)
        items = _sorted(items, request.param("sort"), request.param("direction"))
        try:
            chunk, link = cursor_page(request, items, self.page_size)
        except BadCursor:
            return hf_error(400, "Invalid cursor")
        keys = self._item_keys(kind, request)
        body = []
        for item in chunk:
            info = self.info(item, kind)
            body.append({key: info[key] for key in keys if key in info})
        return json_reply(body, headers=[("Link", link)] if link else [])

    def _item_keys(self, kind: str, request: Request) -> Sequence[str]:
        expand = request.params("expand")
        if expand:
            return ("_id", "id", *expand)
        keys = list(LIST_KEYS[kind])
        if _flag(request.param("full")):
            keys += FULL_KEYS
        if _flag(request.param("config")):
            keys.append("config")
        if _flag(request.param("cardData")):
            keys.append("cardData")
        return keys

    def artifact_info(
        self, request: Request, kind: str, repo_id: str, revision: str | None = None
    ) -> Reply:
        collection = self.world.hf[kind]
        item = collection.by_id.get(repo_id.lower())
        if item is None:
            moved = collection.former.get(repo_id.lower())
            if moved is None:
                return hf_error(404, "Repository not found", "RepoNotFound")
            return _redirect(request, kind, moved["id"], revision)
        info = self.info(item, kind)
        expand = request.params("expand")
        if expand:
            info = {key: info[key] for key in ("_id", "id", *expand) if key in info}
        return json_reply(info)

    def info(self, item: Record, kind: str) -> dict[str, Any]:
        """The full info shape, defaults filled in; world keys without ``_`` as given."""
        repo_id = item["id"]
        created = item.get("createdAt") or UNKNOWN_CREATED
        out: dict[str, Any] = {
            "_id": _object_id(kind, repo_id),
            "id": repo_id,
            "author": item["author"],
            "sha": item.get("sha") or hashlib.sha1(f"{kind}:{repo_id}".encode()).hexdigest(),
            "lastModified": item.get("lastModified") or created,
            "private": item.get("private", False),
            "gated": item.get("gated", False),
            "disabled": item.get("disabled", False),
            "likes": item.get("likes", 0),
            "trendingScore": item.get("trendingScore", 0),
            "tags": item.get("tags", []),
            "createdAt": created,
        }
        if kind != "space":
            out["downloads"] = item.get("downloads", 0)
        out.update(_kind_fields(item, kind))
        for key, value in item.items():
            if key not in out and not key.startswith("_"):
                out[key] = value
        return out

    # Accounts ------------------------------------------------------------------------------

    def _account(self, name: str, kind: str) -> Record | None:
        account = self.world.hf_accounts.get(unquote(name).lower())
        return account if account is not None and account["type"] == kind else None

    def _counts(self, name: str) -> dict[str, int]:
        key = name.lower()
        return {
            f"num{kind.capitalize()}s": len(self.world.hf[kind].by_author.get(key, []))
            for kind in _KINDS.values()
        }

    def user_overview(self, request: Request, name: str) -> Reply:
        account = self._account(name, "user")
        if account is None:
            return hf_error(404, "User not found")
        orgs = [self.world.hf_accounts.get(org.lower()) for org in account.get("orgs", [])]
        body = {
            **self._member(account),
            "details": account.get("details"),
            "createdAt": account.get("createdAt") or UNKNOWN_CREATED,
            **self._counts(account["name"]),
            "numDiscussions": account.get("numDiscussions", 0),
            "numPapers": account.get("numPapers", 0),
            "numUpvotes": account.get("numUpvotes", 0),
            "numLikes": account.get(
                "numLikes", len(self.world.hf_likes.get(account["name"].lower(), []))
            ),
            "numFollowers": account.get("numFollowers", 0),
            "numFollowing": account.get("numFollowing", 0),
            "orgs": [_org_brief(org) for org in orgs if org is not None and org["type"] == "org"],
        }
        return Reply(200, served_body(_with_extras(body, account), account), JSON_TYPE)

    def _member(self, account: Record) -> dict[str, Any]:
        return {
            "_id": _object_id("user", account["name"]),
            "avatarUrl": account.get("avatarUrl") or _avatar(account["name"]),
            "isPro": account.get("isPro", False),
            "fullname": account.get("fullname") or account["name"],
            "user": account["name"],
            "type": "user",
            "isFollowing": False,
        }

    def org_overview(self, request: Request, name: str) -> Reply:
        account = self._account(name, "org")
        if account is None:
            return hf_error(404, "Organization not found")
        members = self.world.hf_org_members.get(account["name"].lower(), [])
        body = {
            **_org_brief(account),
            "_id": _object_id("org", account["name"]),
            "details": account.get("details"),
            "isVerified": account.get("isVerified", False),
            "isFollowing": False,
            "numUsers": len(members),
            **self._counts(account["name"]),
            "numFollowers": account.get("numFollowers", 0),
            "numPapers": account.get("numPapers", 0),
            "plan": account.get("plan"),
        }
        return json_reply(_with_extras(body, account))

    def org_members(self, request: Request, name: str) -> Reply:
        account = self._account(name, "org")
        if account is None:
            return hf_error(404, "Organization not found")
        members = self.world.hf_org_members.get(account["name"].lower(), [])
        page = min(self.page_size, MEMBERS_PAGE)
        return self._paged(request, [self._member(m) for m in members], page)

    def likes(self, request: Request, name: str) -> Reply:
        account = self._account(name, "user")
        if account is None:
            return hf_error(404, "User not found")
        likes = self.world.hf_likes.get(account["name"].lower(), [])
        body = [
            {
                "createdAt": like.get("createdAt") or UNKNOWN_CREATED,
                "repo": {"name": like["repo"], "type": like.get("type", "model")},
            }
            for like in likes
        ]
        return self._paged(request, body, self.page_size)

    def _paged(self, request: Request, items: list[Any], default: int) -> Reply:
        try:
            chunk, link = cursor_page(request, items, default)
        except BadCursor:
            return hf_error(400, "Invalid cursor")
        return json_reply(list(chunk), headers=[("Link", link)] if link else [])

    def whoami(self, request: Request) -> Reply:
        """A synthetic account per token; the token itself is never echoed."""
        if not request.authenticated:
            return hf_error(401, "Invalid credentials in Authorization header")
        digest = request.identity.partition(":")[2]
        name = f"sim-{digest}"
        body = {
            "type": "user",
            "id": _object_id("user", name),
            "name": name,
            "fullname": "Simulator User",
            "email": None,
            "emailVerified": False,
            "canPay": False,
            "periodEnd": None,
            "isPro": False,
            "avatarUrl": _avatar(name),
            "orgs": [],
            "auth": {
                "type": "access_token",
                "accessToken": {
                    "displayName": "simulator",
                    "role": "read",
                    "createdAt": self.now_ms,
                },
            },
        }
        return json_reply(body)


# Helpers ---------------------------------------------------------------------------------


def cursor_page(
    request: Request, items: Sequence[Any], default: int
) -> tuple[Sequence[Any], str | None]:
    """One page of ``limit`` items from the opaque ``cursor``, with a Link to the next."""
    limit = request.int_param("limit", default)
    limit = default if limit <= 0 else min(limit, PAGE_MAX)
    offset = _decode_cursor(request.param("cursor"))
    chunk = items[offset : offset + limit]
    if offset + limit >= len(items):
        return chunk, None
    query = with_param(request.raw_query, "cursor", _encode_cursor(offset + limit))
    return chunk, f'<{request.base}{request.path}?{query}>; rel="next"'


def _encode_cursor(offset: int) -> str:
    raw = json.dumps({"offset": offset}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        offset = json.loads(raw)["offset"]
    except (ValueError, KeyError, TypeError):
        raise BadCursor(cursor) from None
    if type(offset) is not int or offset < 0:
        raise BadCursor(cursor)
    return offset


def _matching(collection: HfCollection, request: Request) -> list[Record]:
    author = request.param("author")
    items = collection.by_author.get(author.lower(), []) if author else collection.items
    search = (request.param("search") or "").lower()
    wanted = {tag.lower() for tag in request.params("filter")}
    pipeline = request.param("pipeline_tag")
    library = request.param("library")
    if pipeline:
        wanted.add(pipeline.lower())
    if library:
        wanted.add(library.lower())
    if not search and not wanted:
        return list(items)
    return [item for item in items if search in item["id"].lower() and wanted <= _tag_set(item)]


def _tag_set(item: Record) -> set[str]:
    tags = {tag.lower() for tag in item.get("tags", ())}
    for key in ("library_name", "pipeline_tag", "sdk"):
        if item.get(key):
            tags.add(item[key].lower())
    return tags


def _sorted(items: list[Record], sort: str | None, direction: str | None) -> list[Record]:
    if sort in ("last_modified", "created_at", "trending_score"):
        sort = {
            "last_modified": "lastModified",
            "created_at": "createdAt",
            "trending_score": "trendingScore",
        }[sort]
    if sort not in SORT_KEYS:
        return items
    key = "likes" if sort == "likes30d" else sort
    descending = direction != "1" if sort != "id" else direction == "-1"
    blank: Any = "" if key in ("lastModified", "createdAt", "id") else 0
    by_id = sorted(items, key=lambda item: item["id"].lower())
    if key == "id":
        return by_id[::-1] if descending else by_id
    return sorted(by_id, key=lambda item: item.get(key) or blank, reverse=descending)


def _kind_fields(item: Record, kind: str) -> dict[str, Any]:
    if kind == "model":
        out: dict[str, Any] = {"modelId": item["id"]}
        for key in ("library_name", "pipeline_tag"):
            if item.get(key) is not None:
                out[key] = item[key]
        out["siblings"] = item.get("siblings") or _siblings("config.json")
        out["spaces"] = item.get("spaces", [])
        out["usedStorage"] = item.get("usedStorage", 0)
        return out
    if kind == "dataset":
        return {
            "description": item.get("description") or "",
            "key": "",
            "siblings": item.get("siblings") or _siblings("data/train.parquet"),
            "usedStorage": item.get("usedStorage", 0),
        }
    subdomain = item["id"].replace("/", "-").replace("_", "-").replace(".", "-").lower()
    return {
        "sdk": item.get("sdk"),
        "subdomain": subdomain,
        "host": f"https://{subdomain}.hf.space",
        "siblings": item.get("siblings") or _siblings("app.py"),
        "usedStorage": item.get("usedStorage", 0),
    }


def _siblings(extra: str) -> list[dict[str, str]]:
    return [{"rfilename": ".gitattributes"}, {"rfilename": "README.md"}, {"rfilename": extra}]


def _org_brief(account: Record) -> dict[str, Any]:
    return {
        "avatarUrl": account.get("avatarUrl") or _avatar(account["name"]),
        "fullname": account.get("fullname") or account["name"],
        "name": account["name"],
        "type": "org",
    }


def _with_extras(body: dict[str, Any], account: Record) -> dict[str, Any]:
    for key, value in account.items():
        if key not in body and not key.startswith("_") and key != "name":
            body[key] = value
    return body


def _object_id(kind: str, name: str) -> str:
    return hashlib.md5(f"{kind}:{name}".encode()).hexdigest()[:24]


def _avatar(name: str) -> str:
    return f"/avatars/{hashlib.md5(name.encode()).hexdigest()}.svg"


def _flag(value: str | None) -> bool:
    return (value or "").lower() in ("1", "true", "yes")


def _redirect(request: Request, kind: str, new_id: str, revision: str | None) -> Reply:
    """The Hub's rename redirect: 307, a relative Location, a plain-text body."""
    location = f"/api/{kind}s/{new_id}"
    if revision is not None:
        location += f"/revision/{revision}"
    if request.raw_query:
        location += "?" + request.raw_query
    body = f"Temporary Redirect. Redirecting to {location}".encode()
    return Reply(307, body, TEXT_TYPE, (("Location", location),))
