"""The simulator over real HTTP on 127.0.0.1: pagination, ETags, budgets, redirects, faults,
stats, and the ``talent upstream`` commands as subprocesses."""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest

from talent.errors import UpstreamError
from talent.upstream.faults import FaultSpec, parse_faults
from talent.upstream.server import Simulator, SimulatorConfig, fetch_stats
from talent.upstream.world import load_world

MINI = Path(__file__).parent / "data" / "world-mini"
REPO_ROOT = Path(__file__).resolve().parents[1]
TOKEN = "ghp_test_secret_0123456789"
AUTH = {"Authorization": f"token {TOKEN}"}


@dataclass
class Got:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def links(self) -> dict[str, str]:
        """``Link`` as rel -> URL."""
        out = {}
        for part in (self.headers.get("Link") or "").split(","):
            if part.strip():
                url, rel = part.split(";")
                out[rel.strip()[5:-1]] = url.strip()[1:-1]
        return out


def call(url: str, *, method: str = "GET", headers: dict[str, str] | None = None) -> Got:
    """One request on a fresh connection; redirects are not followed."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request(method, target, headers=headers or {})
        response = conn.getresponse()
        return Got(response.status, response.headers, response.read())
    finally:
        conn.close()


@pytest.fixture(scope="module")
def world():
    return load_world(MINI)


@pytest.fixture
def serve(world) -> Iterator[Callable[..., Simulator]]:
    """Start simulators with config overrides (``faults`` may be a spec string)."""
    started: list[Simulator] = []

    def start(**overrides: Any) -> Simulator:
        faults = overrides.pop("faults", FaultSpec())
        if isinstance(faults, str):
            faults = parse_faults(faults)
        sim = Simulator(world, SimulatorConfig(faults=faults, **overrides)).start()
        started.append(sim)
        return sim

    yield start
    for sim in started:
        sim.stop()


@pytest.fixture
def sim(serve) -> Simulator:
    return serve()


# Lifecycle ---------------------------------------------------------------------------------


def test_start_binds_and_stop_releases(world) -> None:
    with Simulator(world) as sim:
        assert sim.base_url.startswith("http://127.0.0.1:")
        port = int(sim.base_url.rsplit(":", 1)[1])
        with pytest.raises(OSError):
            Simulator(world, SimulatorConfig(port=port)).start()
    with pytest.raises(RuntimeError):
        _ = sim.base_url
    with socket.create_server(("127.0.0.1", port)):
        pass  # the port is free again


def test_stop_ends_keep_alive_connections(world) -> None:
    sim = Simulator(world).start()
    parts = urlsplit(sim.base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    conn.request("GET", "/users/alesia-k")
    assert conn.getresponse().read()
    sim.stop()
    with pytest.raises((ConnectionError, http.client.HTTPException, OSError)):
        conn.request("GET", "/users/alesia-k")
        conn.getresponse().read()


# Pagination --------------------------------------------------------------------------------


def test_link_headers_next_last_then_first_prev(sim: Simulator) -> None:
    first = call(f"{sim.base_url}/repos/qdrant-labs/qdrant-client/contributors?per_page=2")
    assert first.status == 200
    links = first.links()
    assert set(links) == {"next", "last"}
    # GitHub rewrites repository links to /repositories/{id}: clients must follow, not build
    assert links["next"] == f"{sim.base_url}/repositories/500001/contributors?per_page=2&page=2"
    assert links["last"].endswith("page=3")
    second = call(links["next"])
    assert set(second.links()) == {"next", "last", "first", "prev"}
    assert second.links()["prev"].endswith("per_page=2&page=1")
    last = call(second.links()["next"])
    assert set(last.links()) == {"first", "prev"}
    logins = [u["login"] for page in (first, second, last) for u in page.json()]
    assert logins == ["ci-helper[bot]", "alesia-k", "bob-rag", "carol-agents", "dave-platform"]
    counts = [u["contributions"] for page in (first, second, last) for u in page.json()]
    assert counts == [80, 42, 17, 5, 3]


def test_single_page_has_no_link(sim: Simulator) -> None:
    got = call(f"{sim.base_url}/repos/qdrant-labs/qdrant-client/contributors")
    assert len(got.json()) == 5 and got.headers.get("Link") is None


def test_per_page_is_capped_at_100_and_past_the_end_is_empty(sim: Simulator) -> None:
    got = call(f"{sim.base_url}/repos/qdrant-labs/qdrant-client/commits?per_page=500")
    assert len(got.json()) == 100
    past = call(f"{sim.base_url}/repos/qdrant-labs/qdrant-client/contributors?page=9")
    assert past.status == 200 and past.json() == []


def test_users_since_cursor(sim: Simulator) -> None:
    got = call(f"{sim.base_url}/users?per_page=3")
    ids = [u["id"] for u in got.json()]
    assert ids == sorted(ids) and len(ids) == 3
    links = got.links()
    assert links["next"] == f"{sim.base_url}/users?per_page=3&since={ids[-1]}"
    assert links["first"] == f"{sim.base_url}/users{{?since}}"  # templated: never fetch as-is
    following = call(links["next"]).json()
    assert following[0]["id"] > ids[-1]


# Objects -----------------------------------------------------------------------------------


def test_user_org_and_bot_profiles(sim: Simulator) -> None:
    user = call(f"{sim.base_url}/users/Alesia-K").json()  # logins are case-insensitive
    assert user["login"] == "alesia-k" and user["type"] == "User"
    assert user["public_repos"] == 2 and user["email"] is None and user["hireable"] is True
    assert user["url"] == f"{sim.base_url}/users/alesia-k"
    assert user["repos_url"] == f"{sim.base_url}/users/alesia-k/repos"
    assert call(f"{sim.base_url}/users/qdrant-labs").json()["type"] == "Organization"
    assert call(f"{sim.base_url}/users/ci-helper[bot]").json()["type"] == "Bot"
    org = call(f"{sim.base_url}/orgs/qdrant-labs").json()
    assert org["description"] == "Vector search engine." and org["public_repos"] == 1
    assert call(f"{sim.base_url}/orgs/alesia-k").status == 404  # a user is not an org


def test_org_members_and_user_orgs_are_public_only(sim: Simulator) -> None:
    members = call(f"{sim.base_url}/orgs/qdrant-labs/members").json()
    assert [m["login"] for m in members] == ["alesia-k", "bob-rag"]
    orgs = call(f"{sim.base_url}/users/alesia-k/orgs").json()
    assert [o["login"] for o in orgs] == ["qdrant-labs"]
    assert orgs[0]["members_url"] == f"{sim.base_url}/orgs/qdrant-labs/members{{/member}}"
    assert call(f"{sim.base_url}/users/dave-platform/orgs").json() == []


def test_user_repos_type_sort_direction(sim: Simulator) -> None:
    base = f"{sim.base_url}/users/alesia-k/repos"
    assert [r["name"] for r in call(base).json()] == ["notes", "rag-eval-service"]
    by_push = call(f"{base}?sort=pushed").json()
    assert [r["name"] for r in by_push] == ["rag-eval-service", "notes"]
    asc = call(f"{base}?sort=pushed&direction=asc").json()
    assert [r["name"] for r in asc] == ["notes", "rag-eval-service"]
    everything = call(f"{base}?type=all").json()
    assert "qdrant-labs/qdrant-client" in {r["full_name"] for r in everything}


def test_repo_fork_parent_languages_topics(sim: Simulator) -> None:
    repo = call(f"{sim.base_url}/repos/qdrant-labs/qdrant-client").json()
    assert repo["organization"]["login"] == "qdrant-labs"
    assert repo["license"]["spdx_id"] == "Apache-2.0" and repo["default_branch"] == "master"
    fork = call(f"{sim.base_url}/repos/bob-rag/qdrant-client").json()
    assert fork["fork"] is True and fork["parent"]["full_name"] == "qdrant-labs/qdrant-client"
    languages = call(f"{sim.base_url}/repos/qdrant-labs/qdrant-client/languages").json()
    assert languages == {"Python": 812345, "Shell": 1200}
    fallback = call(f"{sim.base_url}/repos/dave-platform/inference-gateway/languages").json()
    assert list(fallback) == ["Go"]
    topics = call(f"{sim.base_url}/repos/qdrant-labs/qdrant-client/topics").json()
    assert topics == {"names": ["vector-search", "rag", "python"]}
    by_id = call(f"{sim.base_url}/repositories/500001/topics").json()
    assert by_id == topics


def test_commits_are_synthesised_deterministically(sim: Simulator) -> None:
    url = f"{sim.base_url}/repos/qdrant-labs/qdrant-client/commits?author=alesia-k&per_page=100"
    commits = call(url).json()
    assert len(commits) == 42
    dates = [c["commit"]["author"]["date"] for c in commits]
    assert dates == sorted(dates, reverse=True)
    assert dates[0] == "2026-10-28T16:20:00Z" and dates[-1] == "2024-02-01T09:00:00Z"
    assert all(c["author"]["login"] == "alesia-k" for c in commits)
    assert len({c["sha"] for c in commits}) == 42
    again = call(url.replace("per_page=100", "per_page=10")).json()
    assert [c["sha"] for c in again] == [c["sha"] for c in commits[:10]]
    window = call(url + "&since=2026-01-01T00:00:00Z&until=2026-06-30T00:00:00Z").json()
    assert 0 < len(window) < 42
    assert all("2026-01-01" <= c["commit"]["author"]["date"] <= "2026-06-30" for c in window)
    nobody = f"{sim.base_url}/repos/qdrant-labs/qdrant-client/commits?author=nobody"
    assert call(nobody).json() == []
    everyone = call(f"{sim.base_url}/repos/qdrant-labs/qdrant-client/commits?per_page=100")
    assert everyone.links()["last"].endswith("page=2")  # 147 commits in all


def test_contents_files_and_listing(sim: Simulator) -> None:
    base = f"{sim.base_url}/repos/alesia-k/rag-eval-service/contents"
    root = call(f"{base}/").json()
    assert [(e["name"], e["type"]) for e in root] == [
        ("pyproject.toml", "file"),
        ("requirements.txt", "file"),
        ("src", "dir"),
    ]
    assert call(base).json() == root
    item = call(f"{base}/pyproject.toml").json()
    data = base64.b64decode(item["content"])
    assert data.startswith(b"[project]") and item["size"] == len(data)
    assert item["encoding"] == "base64" and item["type"] == "file"
    assert item["sha"] == hashlib.sha1(b"blob %d\x00" % len(data) + data).hexdigest()
    assert call(item["download_url"]).body == data
    assert [e["path"] for e in call(f"{base}/src").json()] == ["src/app"]
    assert call(f"{base}/missing.txt").status == 404


def test_stats_contributors_202_then_weekly_200(sim: Simulator) -> None:
    url = f"{sim.base_url}/repos/qdrant-labs/qdrant-client/stats/contributors"
    accepted = call(url)
    assert accepted.status == 202 and accepted.json() == {}
    stats = call(url).json()
    assert [s["author"]["login"] for s in stats][-1] == "ci-helper[bot]"  # ascending totals
    assert [s["total"] for s in stats] == [3, 5, 17, 42, 80]
    for entry in stats:
        assert sum(week["c"] for week in entry["weeks"]) == entry["total"]
        assert {week["a"] for week in entry["weeks"]} == {0}
    weeks = [w["w"] for w in stats[0]["weeks"]]
    assert len({len(s["weeks"]) for s in stats}) == 1  # one shared range of weeks
    assert all(time.gmtime(w).tm_wday == 6 and w % 86400 == 0 for w in weeks)  # Sundays
    # another repository gets its own 202 first
    assert call(f"{sim.base_url}/repositories/500002/stats/contributors").status == 202


def test_events_window_newest_first_without_push_commits(sim: Simulator) -> None:
    events = call(f"{sim.base_url}/users/alesia-k/events/public").json()
    assert [e["id"] for e in events] == ["40000000004", "40000000003", "40000000002"]
    push = events[1]
    assert push["type"] == "PushEvent" and "commits" not in push["payload"]
    assert push["payload"]["head"] == "a" * 40
    assert push["actor"]["id"] == 1000231 and push["repo"]["id"] == 500002
    assert push["repo"]["url"] == f"{sim.base_url}/repos/alesia-k/rag-eval-service"
    foreign = call(f"{sim.base_url}/users/bob-rag/events/public").json()
    assert foreign[0]["repo"] == {
        "id": 999,
        "name": "someone-else/unknown-repo",
        "url": f"{sim.base_url}/repos/someone-else/unknown-repo",
    }
    assert call(f"{sim.base_url}/users/carol-agents/events/public").json() == []


# Search ------------------------------------------------------------------------------------


def test_search_users_qualifiers_and_paging(sim: Simulator) -> None:
    def logins(q: str, extra: str = "") -> list[str]:
        got = call(f"{sim.base_url}/search/users?{urlencode({'q': q})}{extra}", headers=AUTH)
        got = got.json()
        return [item["login"] for item in got["items"]]

    page1 = call(f"{sim.base_url}/search/users?q=location%3ABerlin&per_page=2", headers=AUTH)
    body = page1.json()
    assert body["total_count"] == 5 and body["incomplete_results"] is False
    assert all(isinstance(item["score"], float) for item in body["items"])
    seen = [item["login"] for item in body["items"]]
    url = page1.links()["next"]
    while url:
        page = call(url, headers=AUTH)
        seen += [item["login"] for item in page.json()["items"]]
        url = page.links().get("next")
    assert sorted(seen) == sorted(
        ["bob-rag", "dave-platform", "erin-berlin", "frank-buzz", "qdrant-labs"]
    )
    assert logins('location:"San Francisco"') == ["carol-agents"]
    assert logins("location:berlin type:user followers:>=40", "&sort=followers") == [
        "bob-rag",
        "dave-platform",
    ]
    assert logins("followers:10..100 location:berlin") == ["bob-rag", "dave-platform"]
    assert logins("language:go") == ["dave-platform"]
    assert logins("type:org") == ["qdrant-labs"]
    assert logins("kavalenka") == ["alesia-k"]
    assert "frank-buzz" not in logins("location:berlin -fullname:hype")


def test_search_repositories(sim: Simulator) -> None:
    def names(q: str, extra: str = "") -> list[str]:
        query = urlencode({"q": q})
        got = call(f"{sim.base_url}/search/repositories?{query}{extra}", headers=AUTH).json()
        return [item["full_name"] for item in got["items"]]

    assert names("language:python", "&sort=stars") == [
        "qdrant-labs/qdrant-client",
        "alesia-k/rag-eval-service",
    ]  # forks are left out unless asked for
    assert "bob-rag/qdrant-client" in names("language:python fork:true")
    assert names("topic:agents") == ["carol-agents/agent-runtime"]
    assert names("stars:10..200") == [
        "alesia-k/rag-eval-service",
        "dave-platform/inference-gateway",
    ]
    assert names("user:alesia-k archived:false") == ["alesia-k/rag-eval-service"]
    assert names("org:qdrant-labs") == ["qdrant-labs/qdrant-client"]
    assert names("evaluation in:description") == ["alesia-k/rag-eval-service"]
    empty = call(f"{sim.base_url}/search/repositories?q=doesnotexist", headers=AUTH)
    assert empty.status == 200 and empty.json() == {
        "total_count": 0,
        "incomplete_results": False,
        "items": [],
    }


def test_search_limits_and_validation(sim: Simulator) -> None:
    far = call(f"{sim.base_url}/search/users?q=berlin&per_page=100&page=11", headers=AUTH)
    assert far.status == 422 and "first 1000" in far.json()["message"]
    missing = call(f"{sim.base_url}/search/users?q=", headers=AUTH)
    assert missing.status == 422 and missing.json()["errors"][0]["code"] == "missing"
    bad = call(f"{sim.base_url}/search/users?q=followers:>lots", headers=AUTH)
    assert bad.status == 422


# Conditional requests and budgets ----------------------------------------------------------


def test_etag_304_with_token_is_free_anonymous_is_charged(sim: Simulator) -> None:
    url = f"{sim.base_url}/users/alesia-k"
    first = call(url, headers=AUTH)
    etag = first.headers["ETag"]
    assert etag.startswith('W/"') and first.headers["Last-Modified"].endswith("GMT")
    remaining = int(first.headers["X-RateLimit-Remaining"])
    again = call(url, headers={**AUTH, "If-None-Match": etag})
    assert again.status == 304 and again.body == b"" and again.headers["ETag"] == etag
    assert int(again.headers["X-RateLimit-Remaining"]) == remaining
    since = call(url, headers={**AUTH, "If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status == 304
    anon = call(url)
    anon_304 = call(url, headers={"If-None-Match": etag})
    assert anon_304.status == 304
    assert (
        int(anon_304.headers["X-RateLimit-Remaining"])
        == int(anon.headers["X-RateLimit-Remaining"]) - 1
    )
    changed = call(url, headers={**AUTH, "If-None-Match": 'W/"something-else"'})
    assert changed.status == 200
    stats = fetch_stats(sim.base_url)
    assert stats["not_modified"] == 3


def test_etag_is_stable_across_restarts(world) -> None:
    tags = []
    for _ in range(2):
        with Simulator(world) as sim:
            tags.append(call(f"{sim.base_url}/repos/qdrant-labs/qdrant-client").headers["ETag"])
    assert tags[0] == tags[1]


def test_budget_exhaustion_then_recovery(serve) -> None:
    sim = serve(core_limit=3, window=1.5)
    url = f"{sim.base_url}/users/bob-rag"
    remaining = [call(url, headers=AUTH).headers["X-RateLimit-Remaining"] for _ in range(3)]
    assert remaining == ["2", "1", "0"]
    limited = call(url, headers=AUTH)
    assert limited.status == 403
    assert limited.headers["X-RateLimit-Remaining"] == "0"
    assert limited.headers["X-RateLimit-Resource"] == "core"
    assert "API rate limit exceeded" in limited.json()["message"]
    assert TOKEN not in limited.body.decode()
    reset = int(limited.headers["X-RateLimit-Reset"])
    assert time.time() <= reset <= time.time() + 3
    rate = call(f"{sim.base_url}/rate_limit", headers=AUTH)  # free, even when exhausted
    assert rate.status == 200 and rate.json()["resources"]["core"]["remaining"] == 0
    time.sleep(max(reset - time.time(), 0) + 0.1)
    assert call(url, headers=AUTH).status == 200


def test_anonymous_budget_is_per_ip_and_small(serve) -> None:
    sim = serve(anon_limit=2)
    url = f"{sim.base_url}/users/bob-rag"
    assert [call(url).status for _ in range(3)] == [200, 200, 403]
    body = call(url).json()
    assert "127.0.0.1" in body["message"] and "Authenticated requests" in body["message"]
    assert call(url, headers=AUTH).status == 200  # a token has its own bucket


def test_rate_limit_endpoint_shape_and_no_charge(sim: Simulator) -> None:
    call(f"{sim.base_url}/users/bob-rag", headers=AUTH)
    body = call(f"{sim.base_url}/rate_limit", headers=AUTH).json()
    again = call(f"{sim.base_url}/rate_limit", headers=AUTH)
    assert again.json()["resources"]["core"]["used"] == body["resources"]["core"]["used"] == 1
    assert body["rate"] == body["resources"]["core"]
    assert body["resources"]["search"]["limit"] == 30
    assert {"graphql", "integration_manifest", "code_search"} <= set(body["resources"])
    assert again.headers["X-RateLimit-Remaining"] == "4999"
    anon = call(f"{sim.base_url}/rate_limit").json()
    assert anon["resources"]["core"]["limit"] == 60 and anon["resources"]["search"]["limit"] == 10


def test_search_budget_is_separate(serve) -> None:
    sim = serve(search_limit=2)
    url = f"{sim.base_url}/search/users?q=berlin"
    got = [call(url, headers=AUTH) for _ in range(3)]
    assert [g.status for g in got] == [200, 200, 403]
    assert got[0].headers["X-RateLimit-Limit"] == "2"
    assert got[2].headers["X-RateLimit-Resource"] == "search"
    core = call(f"{sim.base_url}/users/bob-rag", headers=AUTH)
    assert core.status == 200 and core.headers["X-RateLimit-Remaining"] == "4999"


def test_secondary_limit_under_concurrency(serve) -> None:
    sim = serve(max_concurrency=2, faults="slow=1.0,slow_seconds=0.5", retry_after=1)
    barrier = threading.Barrier(6)
    results: list[Got] = []

    def worker() -> None:
        barrier.wait()
        results.append(call(f"{sim.base_url}/users/alesia-k", headers=AUTH))

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    limited = [r for r in results if r.status == 403]
    assert limited and any(r.status == 200 for r in results)
    for r in limited:
        assert r.headers["Retry-After"] == "1"
        assert r.headers.get("X-RateLimit-Remaining") is None
        assert "secondary rate limit" in r.json()["message"]
    assert fetch_stats(sim.base_url)["limited"]["secondary"] == len(limited)
    assert call(f"{sim.base_url}/users/alesia-k", headers=AUTH).status == 200  # calm again


# Redirects and errors ----------------------------------------------------------------------


def test_renamed_repository_answers_301(sim: Simulator) -> None:
    moved = call(f"{sim.base_url}/repos/carol-agents/agentkit", headers=AUTH)
    assert moved.status == 301
    target = f"{sim.base_url}/repositories/500004"
    assert moved.headers["Location"] == target
    assert moved.json()["message"] == "Moved Permanently" and moved.json()["url"] == target
    repo = call(target, headers=AUTH)
    assert repo.status == 200 and repo.json()["full_name"] == "carol-agents/agent-runtime"
    sub = call(f"{sim.base_url}/repos/carol-agents/agentkit/contributors?per_page=1")
    assert sub.headers["Location"] == f"{target}/contributors?per_page=1"


def test_not_found_bodies(sim: Simulator) -> None:
    user = call(f"{sim.base_url}/users/nobody-here")
    assert user.status == 404 and user.json() == {
        "message": "Not Found",
        "documentation_url": "https://docs.github.com/rest",
        "status": "404",
    }
    assert user.headers["Content-Type"] == "application/json; charset=utf-8"
    assert call(f"{sim.base_url}/no/such/endpoint").json()["message"] == "Not Found"
    assert call(f"{sim.base_url}/users/alesia-k", method="POST").status == 404
    assert call(f"{sim.base_url}/repos/alesia-k/nothing/commits").status == 404
    model = call(f"{sim.base_url}/api/models/alesiak/nothing")
    assert model.status == 404 and model.json() == {"error": "Repository not found"}
    assert model.headers["X-Error-Code"] == "RepoNotFound"
    assert call(f"{sim.base_url}/api/users/nobody/overview").json() == {"error": "User not found"}
    assert "error" in call(f"{sim.base_url}/api/nothing-here").json()
    assert call(f"{sim.base_url}/api/users/minsk-nlp/overview").status == 404  # an org


def test_head_has_headers_but_no_body(sim: Simulator) -> None:
    got = call(f"{sim.base_url}/users/alesia-k", method="HEAD", headers=AUTH)
    assert got.status == 200 and got.body == b""
    assert int(got.headers["Content-Length"]) > 100 and got.headers["ETag"]


# Hugging Face ------------------------------------------------------------------------------


def test_hf_cursor_pagination_and_sort(sim: Simulator) -> None:
    url = f"{sim.base_url}/api/models?limit=2&sort=downloads&direction=-1"
    ids: list[str] = []
    pages = 0
    while url:
        got = call(url)
        ids += [m["id"] for m in got.json()]
        url = got.links().get("next")
        pages += 1
        if url:
            assert url.startswith(f"{sim.base_url}/api/models?") and "cursor=" in url
    assert pages == 3
    assert ids == [
        "minsk-nlp/belarus-embed",
        "alesiak/bge-small-legal-ft",
        "alesiak/rag-reranker-v2",
        "bobr/agent-llm",
        "alesiak/tiny-test",
    ]
    assert call(f"{sim.base_url}/api/models?cursor=not-a-cursor").status == 400
    by_id = call(f"{sim.base_url}/api/models?sort=id").json()
    assert [m["id"] for m in by_id] == sorted(m["id"] for m in by_id)


def test_hf_author_filter_search_expand(sim: Simulator) -> None:
    def ids(query: str, kind: str = "models") -> list[str]:
        return [m["id"] for m in call(f"{sim.base_url}/api/{kind}?{query}").json()]

    assert ids("author=alesiak") == [
        "alesiak/bge-small-legal-ft",
        "alesiak/rag-reranker-v2",
        "alesiak/tiny-test",
    ]
    assert ids("filter=sentence-transformers") == [
        "alesiak/bge-small-legal-ft",
        "minsk-nlp/belarus-embed",
    ]
    assert ids("filter=sentence-transformers,retrieval") == ["alesiak/bge-small-legal-ft"]
    assert ids("filter=sentence-transformers&filter=be") == ["minsk-nlp/belarus-embed"]
    assert ids("search=EMBED") == ["minsk-nlp/belarus-embed"]
    assert ids("author=alesiak&pipeline_tag=text-classification") == ["alesiak/rag-reranker-v2"]
    assert ids("author=alesiak", "datasets") == ["alesiak/legal-qa-golden"]
    assert ids("author=bobr&filter=agents", "spaces") == ["bobr/agent-playground"]
    plain = call(f"{sim.base_url}/api/models?author=bobr").json()[0]
    assert "siblings" not in plain and plain["modelId"] == "bobr/agent-llm"
    full = call(f"{sim.base_url}/api/models?author=bobr&full=true").json()[0]
    assert full["gated"] == "manual" and full["siblings"] and full["author"] == "bobr"
    expanded = call(f"{sim.base_url}/api/models?author=bobr&expand[]=downloads&expand[]=likes")
    assert expanded.json() == [
        {"_id": plain["_id"], "id": "bobr/agent-llm", "downloads": 50, "likes": 1}
    ]


def test_hf_info_and_renamed_307(sim: Simulator) -> None:
    info = call(f"{sim.base_url}/api/models/alesiak/bge-small-legal-ft").json()
    assert info["modelId"] == info["id"] == "alesiak/bge-small-legal-ft"
    assert info["cardData"] == {"license": "mit", "language": "en"}
    assert "_former_ids" not in info and info["author"] == "alesiak"
    rev = call(f"{sim.base_url}/api/models/alesiak/bge-small-legal-ft/revision/main")
    assert rev.json()["id"] == info["id"]
    moved = call(f"{sim.base_url}/api/models/alesiak/bge-small-legal")
    assert moved.status == 307
    assert moved.headers["Location"] == "/api/models/alesiak/bge-small-legal-ft"  # relative
    assert moved.headers["Content-Type"].startswith("text/plain")
    assert (
        moved.body == b"Temporary Redirect. Redirecting to /api/models/alesiak/bge-small-legal-ft"
    )
    assert call(f"{sim.base_url}/api/datasets/alesiak/legal-qa-golden").json()["downloads"] == 120
    space = call(f"{sim.base_url}/api/spaces/alesiak/rag-eval-demo").json()
    assert space["sdk"] == "gradio" and "downloads" not in space


def test_hf_accounts_likes_members(sim: Simulator) -> None:
    overview = call(f"{sim.base_url}/api/users/alesiak/overview").json()
    assert overview["user"] == "alesiak" and overview["type"] == "user"
    assert (overview["numModels"], overview["numDatasets"], overview["numSpaces"]) == (3, 1, 1)
    assert overview["numLikes"] == 3 and overview["orgs"][0]["name"] == "minsk-nlp"
    org = call(f"{sim.base_url}/api/organizations/minsk-nlp/overview").json()
    assert org["numUsers"] == 2 and org["plan"] == "team" and org["type"] == "org"
    members = call(f"{sim.base_url}/api/organizations/minsk-nlp/members?limit=1")
    assert [m["user"] for m in members.json()] == ["alesiak"]
    assert [m["user"] for m in call(members.links()["next"]).json()] == ["bobr"]
    likes = call(f"{sim.base_url}/api/users/alesiak/likes").json()
    assert likes[0] == {
        "createdAt": "2026-01-02T00:00:00.000Z",
        "repo": {"name": "minsk-nlp/belarus-embed", "type": "model"},
    }


def test_hf_rate_limit_answers_429(serve) -> None:
    sim = serve(hf_limit=2, hf_window=60)
    url = f"{sim.base_url}/api/models/alesiak/rag-reranker-v2"
    ok = call(url, headers={"Authorization": "Bearer hf_x"})
    assert ok.headers["RateLimit"].startswith('"api";r=1;t=')
    assert ok.headers["RateLimit-Policy"] == '"fixed window";"api";q=2;w=60'
    assert ok.headers["ETag"].startswith('W/"')
    call(url, headers={"Authorization": "Bearer hf_x"})
    limited = call(url, headers={"Authorization": "Bearer hf_x"})
    assert limited.status == 429 and limited.headers["RateLimit"].startswith('"api";r=0;t=')
    assert "error" in limited.json()
    assert call(url).status == 200  # anonymous: its own (per-IP) bucket


def test_whoami_and_user_need_a_token(sim: Simulator) -> None:
    assert call(f"{sim.base_url}/user").json()["message"] == "Requires authentication"
    me = call(f"{sim.base_url}/user", headers=AUTH)
    assert me.status == 200 and me.json()["login"].startswith("sim-")
    assert call(f"{sim.base_url}/api/whoami-v2").status == 401
    who = call(f"{sim.base_url}/api/whoami-v2", headers={"Authorization": "Bearer hf_secret"})
    assert who.status == 200 and who.json()["type"] == "user"
    assert b"hf_secret" not in who.body and TOKEN.encode() not in me.body


# URLs and pages ----------------------------------------------------------------------------


def test_urls_follow_the_host_and_html_pages_exist(sim: Simulator) -> None:
    port = urlsplit(sim.base_url).port
    via_name = call(f"{sim.base_url}/users/alesia-k", headers={"Host": f"localhost:{port}"})
    assert via_name.json()["url"] == f"http://localhost:{port}/users/alesia-k"
    user = call(f"{sim.base_url}/users/alesia-k").json()
    assert user["avatar_url"].startswith(sim.base_url)
    assert call(user["avatar_url"]).headers["Content-Type"] == "image/svg+xml"
    page = call(user["html_url"])
    assert page.status == 200 and page.headers["Content-Type"].startswith("text/html")
    assert b"alesia-k" in page.body
    repo = call(f"{sim.base_url}/repos/alesia-k/rag-eval-service").json()
    assert b"rag-eval-service" in call(repo["html_url"]).body
    for path in (
        "/huggingface.co/alesiak/bge-small-legal-ft",
        "/huggingface.co/datasets/alesiak/legal-qa-golden",
        "/huggingface.co/spaces/bobr/agent-playground",
        "/huggingface.co/alesiak",
    ):
        assert call(sim.base_url + path).status == 200, path
    assert call(f"{sim.base_url}/github.com/nobody-at-all").status == 404
    assert call(f"{sim.base_url}/huggingface.co/datasets/alesiak/nope").status == 404


# Faults ------------------------------------------------------------------------------------


SEQUENCE = [
    "/users/alesia-k",
    "/users/bob-rag",
    "/repos/qdrant-labs/qdrant-client",
    "/api/models?author=alesiak",
    "/users/alesia-k",
    "/orgs/qdrant-labs/members",
    "/users/alesia-k",
    "/api/models/alesiak/rag-reranker-v2",
] * 6


def _statuses(sim: Simulator) -> list[int]:
    return [call(sim.base_url + path, headers=AUTH).status for path in SEQUENCE]


def test_faults_are_reproducible_and_retries_can_succeed(serve) -> None:
    spec = "500=0.25,502=0.1,503=0.1"
    first = _statuses(serve(faults=spec, seed=5))
    second = _statuses(serve(faults=spec, seed=5))
    other = _statuses(serve(faults=spec, seed=6))
    assert first == second
    assert first != other
    assert {500, 502, 503} <= set(first) and 200 in first
    # a URL that failed once succeeds on a later try
    tries = [s for path, s in zip(SEQUENCE, first, strict=True) if path == "/users/alesia-k"]
    assert 200 in tries and any(s != 200 for s in tries)


def test_fault_counter_resets_with_the_simulator(serve) -> None:
    sim = serve(faults="500=0.5", seed=11)
    before = _statuses(sim)
    call(f"{sim.base_url}/__simulator__/reset", method="POST")
    assert _statuses(sim) == before


def test_each_fault_kind_is_observable(serve) -> None:
    url = "/repos/qdrant-labs/qdrant-client"

    def one(spec: str) -> tuple[Simulator, Got | Exception]:
        sim = serve(faults=spec)
        try:
            return sim, call(sim.base_url + url, headers=AUTH)
        except Exception as exc:  # the transport-level faults
            return sim, exc

    sim, got = one("500=1")
    assert got.status == 500
    sim, got = one("502=1")
    assert got.status == 502 and got.json() == {"error": "Server Error"}
    assert got.headers["X-RateLimit-Remaining"] == "5000"  # shown, not charged
    sim, got = one("503=1")
    assert got.status == 503 and got.body.startswith(b"<html>")
    sim, got = one("reset=1")
    assert isinstance(got, (ConnectionError, http.client.RemoteDisconnected))
    sim, got = one("truncate=1")
    assert isinstance(got, http.client.IncompleteRead)
    sim, got = one("malformed=1")
    assert got.status == 200
    with pytest.raises(json.JSONDecodeError):
        got.json()
    sim, got = one("secondary=1")
    assert got.status == 403 and got.headers["Retry-After"] == "1"
    started = time.monotonic()
    sim, got = one("slow=1,slow_seconds=0.3")
    assert got.status == 200 and time.monotonic() - started >= 0.3
    stats = fetch_stats(sim.base_url)
    assert stats["faults"] == {"slow": 1} and stats["charged"] == 1


def test_faults_spare_the_admin_endpoints(serve) -> None:
    sim = serve(faults="500=1")
    assert call(f"{sim.base_url}/users/alesia-k").status == 500
    stats = fetch_stats(sim.base_url)
    assert stats["faults"] == {"500": 1} and stats["charged"] == 0


def test_parse_faults() -> None:
    spec = parse_faults("500=0.05,502=0.02, reset=0.02,slow=0.01,slow_seconds=1.5,secondary=0")
    assert (spec.p500, spec.p502, spec.reset, spec.slow, spec.slow_seconds) == (
        0.05,
        0.02,
        0.02,
        0.01,
        1.5,
    )
    assert parse_faults("") == FaultSpec() and not FaultSpec().enabled
    for bad, why in [
        ("boom=0.1", "unknown fault"),
        ("500", "unknown fault"),
        ("500=lots", "not a number"),
        ("500=1.5", "not a probability"),
        ("500=-0.1", "not a probability"),
        ("500=0.6,502=0.6", "sum to 1.200"),
    ]:
        with pytest.raises(ValueError, match=why) as info:
            parse_faults(bad)
        assert "valid names: 500, 502, 503, reset, slow, truncate" in str(info.value)


# Stats -------------------------------------------------------------------------------------


def test_stats_count_and_reset(sim: Simulator) -> None:
    call(f"{sim.base_url}/users/alesia-k", headers=AUTH)
    call(f"{sim.base_url}/users/alesia-k", headers=AUTH)
    call(f"{sim.base_url}/users/nobody")
    call(f"{sim.base_url}/api/models?author=alesiak", headers={"Authorization": "Bearer hf_1"})
    stats = fetch_stats(sim.base_url)
    assert stats["requests"] == 4 and stats["charged"] == 4
    assert stats["by_status"] == {"200": 3, "404": 1}
    assert stats["by_endpoint"] == {"GET /users/{login}": 3, "GET /api/models": 1}
    token_key = "token:" + hashlib.sha256(TOKEN.encode()).hexdigest()[:8]
    assert stats["by_token"][token_key] == 2 and stats["by_token"]["anon:127.0.0.1"] == 1
    assert stats["world"]["records"]["github/users.jsonl"] == 8
    assert TOKEN not in json.dumps(stats) and "hf_1" not in json.dumps(stats)
    reset = call(f"{sim.base_url}/__simulator__/reset", method="POST")
    assert reset.status == 200
    assert fetch_stats(sim.base_url)["requests"] == 0
    again = call(f"{sim.base_url}/users/alesia-k", headers=AUTH)
    assert again.headers["X-RateLimit-Remaining"] == "4999"  # budgets were reset too
    assert call(f"{sim.base_url}/__simulator__/reset").status == 405


def test_fetch_stats_names_an_unreachable_simulator() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(UpstreamError) as info:
        fetch_stats(f"http://127.0.0.1:{port}")
    assert "cannot reach the simulator" in info.value.message
    assert "talent upstream serve" in (info.value.hint or "")


# The CLI -----------------------------------------------------------------------------------


def _talent(*args: str, **kwargs: Any) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "talent", *args],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def _run_talent(*args: str) -> subprocess.CompletedProcess[str]:
    process = _talent(*args)
    out, err = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def test_cli_serve_and_stats(tmp_path: Path) -> None:
    port_file = tmp_path / "url.txt"
    server = _talent("upstream", "serve", "--world", str(MINI), "--port-file", str(port_file))
    try:
        deadline = time.monotonic() + 30
        while not port_file.exists() and time.monotonic() < deadline:
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            time.sleep(0.05)
        url = port_file.read_text().strip()
        assert call(f"{url}/users/alesia-k").status == 200
        shown = _run_talent("upstream", "stats", "--url", url)
        assert shown.returncode == 0, shown.stderr
        assert "requests: 1" in shown.stdout and "GET /users/{login}" in shown.stdout
        as_json = json.loads(_run_talent("upstream", "stats", "--url", url, "--json").stdout)
        assert as_json["by_status"] == {"200": 1}
    finally:
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=15)
    assert server.returncode == 0


def test_cli_serve_refuses_a_busy_port() -> None:
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        done = _run_talent("upstream", "serve", "--world", str(MINI), "--port", str(port))
    assert done.returncode != 0
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr and "--port" in done.stderr


def test_cli_serve_rejects_an_unknown_fault() -> None:
    done = _run_talent("upstream", "serve", "--world", str(MINI), "--faults", "explode=0.5")
    assert done.returncode != 0
    assert "unknown fault 'explode=0.5'" in done.stderr and "secondary" in done.stderr


def test_cli_serve_names_a_missing_world(tmp_path: Path) -> None:
    done = _run_talent("upstream", "serve", "--world", str(tmp_path / "none"))
    assert done.returncode != 0
    assert "world directory not found" in done.stderr and "upstream generate" in done.stderr


def test_cli_stats_without_a_simulator() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    done = _run_talent("upstream", "stats", "--url", f"http://127.0.0.1:{port}")
    assert done.returncode != 0 and "cannot reach the simulator" in done.stderr
