"""GitHub REST v3 endpoints over a world: users, orgs, repos and their parts, search, limits."""

from __future__ import annotations

import hashlib
import heapq
import threading
from bisect import bisect_right
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import unquote

from talent.upstream import github_shapes as shapes
from talent.upstream.hostile import served_body
from talent.upstream.ratelimit import Limits
from talent.upstream.replies import (
    JSON_TYPE,
    Reply,
    Request,
    github_error,
    github_not_found,
    http_date,
    json_reply,
    page_window,
    paginate,
    with_param,
)
from talent.upstream.routing import Route, route
from talent.upstream.search import Search, SearchError
from talent.upstream.world import Record, World, parse_time

WEEK = 7 * 86400
SUNDAY = 3 * 86400  # 1970-01-04, the first Sunday after the epoch: GitHub's weeks start there
MAX_EVENTS = 300
MAX_STATS_AUTHORS = 100
SEARCH_REACHABLE = 1000
TIMELINE_CACHE = 512  # commit timelines kept (a list's pages share one)
_SEG = r"([^/]+)"
RATE_BUCKETS = {  # static buckets of /rate_limit besides core and search: name -> limit
    "graphql": 5000,
    "integration_manifest": 5000,
    "source_import": 100,
    "code_scanning_upload": 1000,
    "code_scanning_autofix": 10,
    "actions_runner_registration": 10000,
    "scim": 15000,
    "dependency_snapshots": 100,
    "dependency_sbom": 100,
    "code_search": 10,
    "audit_log": 1750,
    "audit_log_streaming": 15,
}

Timeline = list[tuple[float, str, int]]  # (epoch, login, index), newest first


class GitHubApi:
    """Handlers for the GitHub endpoints; ``routes()`` lists them for the router."""

    def __init__(self, world: World, limits: Limits) -> None:
        self.world = world
        self.limits = limits
        self.search = Search(world)
        self._user_ids = [user["id"] for user in world.users_by_id]
        self._stats_seen: set[int] = set()
        self._timelines: dict[tuple[int, str, str, str], Timeline] = {}
        self._lock = threading.Lock()

    def routes(self) -> list[Route]:
        top = [
            (r"^/users$", "/users", self.users_list),
            (rf"^/users/{_SEG}$", "/users/{login}", self.user),
            (rf"^/users/{_SEG}/repos$", "/users/{login}/repos", self.user_repos),
            (rf"^/users/{_SEG}/orgs$", "/users/{login}/orgs", self.user_orgs),
            (rf"^/users/{_SEG}/events/public$", "/users/{login}/events/public", self.events),
            (rf"^/users/{_SEG}/events$", "/users/{login}/events", self.events),
            (rf"^/orgs/{_SEG}$", "/orgs/{org}", self.org),
            (rf"^/orgs/{_SEG}/members$", "/orgs/{org}/members", self.org_members),
            (rf"^/orgs/{_SEG}/public_members$", "/orgs/{org}/public_members", self.org_members),
            (rf"^/orgs/{_SEG}/repos$", "/orgs/{org}/repos", self.org_repos),
        ]
        routes = [route(rx, tpl, fn, "github", "core") for rx, tpl, fn in top]
        routes += self._repo_routes()
        routes += [
            route(r"^/search/users$", "/search/users", self.search_users, "github", "search"),
            route(
                r"^/search/repositories$",
                "/search/repositories",
                self.search_repos,
                "github",
                "search",
            ),
            route(
                r"^/rate_limit$",
                "/rate_limit",
                self.rate_limit,
                "github",
                "core",
                charged=False,
                cacheable=False,
            ),
            route(r"^/user$", "/user", self.me, "github", "core", cacheable=False),
        ]
        return routes

    def _repo_routes(self) -> list[Route]:
        parts: list[tuple[str, str, Callable[..., Reply], bool]] = [
            ("", "", self.repo, True),
            ("/contributors", "/contributors", self.contributors, True),
            ("/commits", "/commits", self.commits, True),
            ("/languages", "/languages", self.languages, True),
            ("/topics", "/topics", self.topics, True),
            ("/contents/?", "/contents/", self.contents, True),
            ("/contents/(.+)", "/contents/{path}", self.contents, True),
            ("/stats/contributors", "/stats/contributors", self.stats_contributors, False),
        ]
        routes = []
        for suffix, template, handler, cacheable in parts:
            routes.append(
                route(
                    rf"^/repos/{_SEG}/{_SEG}{suffix}$",
                    "/repos/{owner}/{repo}" + template,
                    self._by_name(handler),
                    "github",
                    "core",
                    cacheable=cacheable,
                )
            )
            routes.append(
                route(
                    rf"^/repositories/(\d+){suffix}$",
                    "/repositories/{id}" + template,
                    self._by_id(handler),
                    "github",
                    "core",
                    cacheable=cacheable,
                )
            )
        return routes

    # Resolving repositories ----------------------------------------------------------------

    def _by_name(self, handler: Callable[..., Reply]) -> Callable[..., Reply]:
        def resolve(request: Request, owner: str, name: str, *rest: str) -> Reply:
            full_name = f"{unquote(owner)}/{unquote(name)}".lower()
            tail = request.path.split("/", 4)[4:]  # what follows /repos/{owner}/{name}
            suffix = "/" + tail[0] if tail else ""
            record = self.world.repos.get(full_name)
            if record is None:
                moved = self.world.former_repos.get(full_name)
                return self._moved(request, moved, suffix) if moved else github_not_found()
            return handler(request, record, f"/repositories/{record['id']}{suffix}", *rest)

        return resolve

    def _by_id(self, handler: Callable[..., Reply]) -> Callable[..., Reply]:
        def resolve(request: Request, repo_id: str, *rest: str) -> Reply:
            record = self.world.repos_by_id.get(int(repo_id))
            if record is None:
                return github_not_found()
            return handler(request, record, request.path, *rest)

        return resolve

    @staticmethod
    def _moved(request: Request, record: Record, suffix: str) -> Reply:
        target = f"{request.base}/repositories/{record['id']}{suffix}"
        if request.raw_query:
            target += "?" + request.raw_query
        body = {
            "message": "Moved Permanently",
            "url": target,
            "documentation_url": "https://docs.github.com/rest/guides/best-practices-for-using-the-rest-api#follow-redirects",
        }
        return json_reply(body, 301, [("Location", target)])

    def _user(self, login: str) -> Record | None:
        return self.world.users.get(unquote(login).lower())

    def _org(self, login: str) -> Record | None:
        user = self._user(login)
        return user if user is not None and user["type"] == "Organization" else None

    # Accounts ------------------------------------------------------------------------------

    def user(self, request: Request, login: str) -> Reply:
        user = self._user(login)
        if user is None:
            return github_not_found()
        body = shapes.full_user(user, request.base, self.world)
        modified = http_date(body.get("updated_at"))
        return Reply(200, served_body(body, user), JSON_TYPE, last_modified=modified)

    def users_list(self, request: Request) -> Reply:
        """``GET /users?since=ID``: everyone by id, with a ``since`` cursor instead of pages."""
        since = request.int_param("since", 0)
        _, per_page = page_window(request)
        start = bisect_right(self._user_ids, since)
        chunk = self.world.users_by_id[start : start + per_page]
        links = [f'<{request.base}/users{{?since}}>; rel="first"']
        if chunk and start + per_page < len(self._user_ids):
            query = with_param(request.raw_query, "since", str(chunk[-1]["id"]))
            links.insert(0, f'<{request.base}/users?{query}>; rel="next"')
        body = [shapes.simple_user(user, request.base) for user in chunk]
        return json_reply(body, headers=[("Link", ", ".join(links))])

    def user_repos(self, request: Request, login: str) -> Reply:
        user = self._user(login)
        if user is None:
            return github_not_found()
        kind = request.param("type", "owner")
        repos = self._owned_and_member(user, kind)
        return self._repo_list(request, repos, default_sort="full_name")

    def org_repos(self, request: Request, org: str) -> Reply:
        record = self._org(org)
        if record is None:
            return github_not_found()
        repos = list(self.world.repos_by_owner.get(record["login"].lower(), []))
        kind = request.param("type", "all")
        if kind in ("sources", "forks"):
            repos = [r for r in repos if r.get("fork", False) == (kind == "forks")]
        return self._repo_list(request, repos, default_sort="created")

    def _owned_and_member(self, user: Record, kind: str | None) -> list[Record]:
        login = user["login"].lower()
        owned = list(self.world.repos_by_owner.get(login, []))
        if kind not in ("all", "member"):
            return owned
        member = [
            self.world.repos[c["repo"].lower()] for c in self.world.contributed.get(login, [])
        ]
        member = [r for r in member if r["_owner"] != login]
        return member if kind == "member" else owned + member

    def _repo_list(self, request: Request, repos: list[Record], default_sort: str) -> Reply:
        sort = request.param("sort", default_sort)
        field = {"created": "created_at", "updated": "updated_at", "pushed": "pushed_at"}.get(
            sort or "", "full_name"
        )
        default_direction = "asc" if field == "full_name" else "desc"
        reverse = request.param("direction", default_direction) == "desc"
        ordered = sorted(repos, key=lambda r: (r.get(field) or "").lower(), reverse=reverse)
        chunk, link = paginate(request, ordered)
        body = [shapes.repo(r, request.base, self.world) for r in chunk]
        return json_reply(body, headers=[("Link", link)] if link else [])

    def user_orgs(self, request: Request, login: str) -> Reply:
        user = self._user(login)
        if user is None:
            return github_not_found()
        orgs = [self.world.users[o] for o in self.world.user_orgs.get(user["login"].lower(), [])]
        chunk, link = paginate(request, orgs)
        body = [shapes.simple_org(org, request.base) for org in chunk]
        return json_reply(body, headers=[("Link", link)] if link else [])

    def events(self, request: Request, login: str) -> Reply:
        user = self._user(login)
        if user is None:
            return github_not_found()
        events = self.world.events.get(user["login"].lower(), [])[:MAX_EVENTS]
        chunk, link = paginate(request, events)
        body = [shapes.event(e, request.base, self.world) for e in chunk]
        return json_reply(body, headers=[("Link", link)] if link else [])

    def org(self, request: Request, org: str) -> Reply:
        record = self._org(org)
        if record is None:
            return github_not_found()
        body = shapes.full_org(record, request.base, self.world)
        return json_reply(body, last_modified=http_date(body.get("updated_at")))

    def org_members(self, request: Request, org: str) -> Reply:
        record = self._org(org)
        if record is None:
            return github_not_found()
        members = [
            self.world.users[m] for m in self.world.org_members.get(record["login"].lower(), [])
        ]
        members.sort(key=lambda u: u["id"])
        chunk, link = paginate(request, members)
        body = [shapes.simple_user(user, request.base) for user in chunk]
        return json_reply(body, headers=[("Link", link)] if link else [])

    def me(self, request: Request) -> Reply:
        """``GET /user``: a synthetic account per token (never the token itself)."""
        if not request.authenticated:
            return github_error(
                401,
                "Requires authentication",
                "https://docs.github.com/rest/users/users#get-the-authenticated-user",
            )
        digest = request.identity.partition(":")[2]
        login = f"sim-{digest}"
        user = {
            "login": login,
            "id": 10**8 + int(digest, 16) % 10**8,
            "type": "User",
            "name": "Simulator User",
        }
        body = shapes.full_user(user, request.base, self.world)
        body.update(
            private_gists=0,
            total_private_repos=0,
            owned_private_repos=0,
            disk_usage=0,
            collaborators=0,
            two_factor_authentication=True,
        )
        return json_reply(body)

    # Repositories --------------------------------------------------------------------------

    def repo(self, request: Request, record: Record, link_path: str) -> Reply:
        body = shapes.repo(record, request.base, self.world, full=True)
        return json_reply(body, last_modified=http_date(body.get("updated_at")))

    def contributors(self, request: Request, record: Record, link_path: str) -> Reply:
        items = self.world.contributors.get(record["id"], [])
        chunk, link = paginate(request, items, link_path=link_path)
        body = []
        for item in chunk:
            user = shapes.simple_user(self.world.users[item["login"].lower()], request.base)
            user["contributions"] = item["commits"]
            body.append(user)
        return json_reply(body, headers=[("Link", link)] if link else [])

    def commits(self, request: Request, record: Record, link_path: str) -> Reply:
        timeline = self._commit_timeline(
            record,
            (request.param("author") or "").lower(),
            request.param("since") or "",
            request.param("until") or "",
        )
        chunk, link = paginate(request, timeline, link_path=link_path)
        body = [
            shapes.commit(
                record, self.world.users[login], _commit_sha(record, login, i), at, request.base
            )
            for at, login, i in chunk
        ]
        newest = http_date(shapes.iso(timeline[0][0])) if timeline else None
        return json_reply(body, headers=[("Link", link)] if link else [], last_modified=newest)

    def _commit_timeline(self, record: Record, author: str, since: str, until: str) -> Timeline:
        """All matching commits, newest first; kept, since every page of a list needs them."""
        key = (record["id"], author, since, until)
        hit = self._timelines.get(key)
        if hit is not None:
            return hit
        items = [
            c
            for c in self.world.contributors.get(record["id"], [])
            if not author or c["login"].lower() == author
        ]
        merged: Iterator[tuple[float, str, int]] = heapq.merge(
            *(self._timeline(record, c) for c in items), key=lambda t: -t[0]
        )
        low, high = _maybe_time(since), _maybe_time(until)
        timeline = [
            t for t in merged if (low is None or t[0] >= low) and (high is None or t[0] <= high)
        ]
        with self._lock:
            if len(self._timelines) >= TIMELINE_CACHE:
                self._timelines.clear()
            self._timelines[key] = timeline
        return timeline

    def _timeline(self, record: Record, item: Record) -> Timeline:
        """``commits`` evenly spread between the first and last commit dates, newest first."""
        first, last = _commit_span(self.world, record, item)
        count = item["commits"]
        step = (last - first) / (count - 1) if count > 1 else 0.0
        login = item["login"].lower()
        return [(float(int(last - i * step)), login, i) for i in range(count)]

    def languages(self, request: Request, record: Record, link_path: str) -> Reply:
        languages = record.get("_languages")
        if languages is None:
            language = record.get("language")
            languages = {language: max(record.get("size", 1), 1) * 1024} if language else {}
        ordered = dict(sorted(languages.items(), key=lambda kv: -kv[1]))
        return json_reply(ordered)

    def topics(self, request: Request, record: Record, link_path: str) -> Reply:
        return json_reply({"names": record.get("topics", [])})

    def contents(self, request: Request, record: Record, link_path: str, path: str = "") -> Reply:
        files = self.world.files.get(record["id"], {})
        path = unquote(path).strip("/")
        if path in files:
            data = files[path]["content"].encode()
            return json_reply(shapes.file_content(record, path, data, request.base))
        prefix = f"{path}/" if path else ""
        children: dict[str, bytes | None] = {}
        for name, item in files.items():
            if name.startswith(prefix):
                head, sep, _ = name[len(prefix) :].partition("/")
                children[prefix + head] = None if sep else item["content"].encode()
        if not children and path:
            return github_not_found()
        body = [
            shapes.content_entry(record, p, children[p], request.base) for p in sorted(children)
        ]
        return json_reply(body)

    def stats_contributors(self, request: Request, record: Record, link_path: str) -> Reply:
        """202 with ``{}`` the first time per repo (GitHub computing), then the weekly data."""
        with self._lock:
            first_time = record["id"] not in self._stats_seen
            self._stats_seen.add(record["id"])
        if first_time:
            return Reply(202, b"{}")
        return json_reply(self._weekly(request.base, record))

    def _weekly(self, base: str, record: Record) -> list[dict[str, Any]]:
        top = self.world.contributors.get(record["id"], [])[:MAX_STATS_AUTHORS]
        per_author = []
        for item in top:
            weeks: dict[int, int] = {}
            for at, _, _ in self._timeline(record, item):
                week = _week_of(at)
                weeks[week] = weeks.get(week, 0) + 1
            per_author.append((item, weeks))
        all_weeks = [w for _, weeks in per_author for w in weeks]
        if not all_weeks:
            return []
        span = range(min(all_weeks), max(all_weeks) + WEEK, WEEK)
        body = [
            {
                "author": shapes.simple_user(self.world.users[item["login"].lower()], base),
                "total": item["commits"],
                "weeks": [{"w": w, "a": 0, "d": 0, "c": weeks.get(w, 0)} for w in span],
            }
            for item, weeks in per_author
        ]
        body.sort(key=lambda entry: entry["total"])
        return body

    # Search and limits ---------------------------------------------------------------------

    def search_users(self, request: Request) -> Reply:
        return self._search(
            request,
            self.search.users,
            ("followers", "repositories", "joined"),
            lambda user: shapes.simple_user(user, request.base),
        )

    def search_repos(self, request: Request) -> Reply:
        return self._search(
            request,
            self.search.repos,
            ("stars", "forks", "help-wanted-issues", "updated"),
            lambda repo: shapes.repo(repo, request.base, self.world),
        )

    def _search(
        self,
        request: Request,
        run: Callable[[str, str | None, str], list[tuple[float, Record]]],
        sorts: tuple[str, ...],
        render: Callable[[Record], dict[str, Any]],
    ) -> Reply:
        q = (request.param("q") or "").strip()
        if not q:
            return _validation_failed("missing")
        page, per_page = page_window(request)
        if (page - 1) * per_page >= SEARCH_REACHABLE:
            return github_error(
                422,
                "Only the first 1000 search results are available",
                "https://docs.github.com/v3/search/",
            )
        sort = request.param("sort")
        try:
            results = run(q, sort if sort in sorts else None, request.param("order", "desc"))
        except SearchError:
            return _validation_failed("invalid")
        chunk, link = paginate(request, results, reachable=SEARCH_REACHABLE)
        items = []
        for score, record in chunk:
            item = render(record)
            item["score"] = score
            items.append(item)
        body = {"total_count": len(results), "incomplete_results": False, "items": items}
        return json_reply(body, headers=[("Link", link)] if link else [])

    def rate_limit(self, request: Request) -> Reply:
        """All buckets in GitHub's shape; reading them costs nothing."""

        def bucket(resource: str) -> dict[str, int]:
            budget = self.limits.peek(resource, request.identity, request.authenticated)
            return {
                "limit": budget.limit,
                "used": budget.used,
                "remaining": budget.remaining,
                "reset": budget.reset_epoch,
            }

        core = bucket("core")
        resources = {"core": core, "search": bucket("search")}
        reset = core["reset"]
        for name, limit in RATE_BUCKETS.items():
            resources[name] = {"limit": limit, "used": 0, "remaining": limit, "reset": reset}
        return json_reply({"resources": resources, "rate": dict(core)})


def _validation_failed(code: str) -> Reply:
    return github_error(
        422,
        "Validation Failed",
        "https://docs.github.com/v3/search",
        errors=[{"resource": "Search", "field": "q", "code": code}],
    )


def _commit_span(world: World, record: Record, item: Record) -> tuple[float, float]:
    created = _maybe_time(record.get("created_at")) or world.now - 365 * 86400
    pushed = _maybe_time(record.get("pushed_at")) or world.now
    first = item["_first"] if item["_first"] is not None else created
    last = item["_last"] if item["_last"] is not None else max(pushed, first)
    return (first, last) if first <= last else (last, first)


def _maybe_time(text: str | None) -> float | None:
    try:
        return parse_time(text) if text else None
    except ValueError:
        return None


def _commit_sha(record: Record, login: str, index: int) -> str:
    return hashlib.sha1(f"{record['id']}:{login}:{index}".encode()).hexdigest()


def _week_of(epoch: float) -> int:
    return int((epoch - SUNDAY) // WEEK) * WEEK + SUNDAY
