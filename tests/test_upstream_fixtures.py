"""The simulator against real recorded responses (/work/shared/fixtures).

A world is converted from the fixtures' own bodies (proving a world can come from another
source), then every fixture's request is replayed against the simulator, with its condition
reproduced (304, 403, 404, 301, 307, 202, 502, 503), and the answer must match: the same
status, a superset of the body's keys with the same JSON types (null matches anything), and
the headers that matter (ETag, Link rels, X-RateLimit-*, Retry-After, Location, Content-Type).
"""

from __future__ import annotations

import http.client
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from talent.upstream.faults import FaultSpec
from talent.upstream.server import Simulator, SimulatorConfig
from talent.upstream.world import World, load_world

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
if not FIXTURES.is_dir():
    pytest.skip(f"recorded fixtures not found at {FIXTURES}", allow_module_level=True)

GITHUB = "https://api.github.com"
HUB = "https://huggingface.co"
TOKEN_HEADERS = {"Authorization": "token fixture-token"}
# Keys today's API no longer serves, which the simulator follows: PushEvent ``commits``
# (dropped in 2025) and ``master_branch`` (replaced by ``default_branch`` in 2014).
DROPPED_KEYS = {
    "github/user-public-events-page1.json": {"commits"},
    "github/search-repositories-page1.json": {"master_branch"},
}


@dataclass(frozen=True)
class Plan:
    """How to reproduce a fixture's condition."""

    sim: str = "plain"  # which simulator (see SIMULATORS)
    token: bool = True
    path: str | None = None  # for documentation examples, which have no URL
    before: int = 0  # identical requests sent first (202 -> 200, exhausting a budget)
    conditional: bool = False  # resend with the ETag of a first answer


PLANS: dict[str, Plan] = {
    "github/user-profile.json": Plan(),
    "github/user-profile-organization-account.json": Plan(),
    "github/user-not-found-404.json": Plan(),
    "github/user-not-modified-304.json": Plan(conditional=True),
    "github/user-repos.json": Plan(),
    "github/user-orgs.json": Plan(),
    "github/user-public-events-page1.json": Plan(),
    "github/users-list-since-pagination.json": Plan(),
    "github/repo.json": Plan(),
    "github/repo-etag-200.json": Plan(),
    "github/repo-not-modified-304.json": Plan(conditional=True),
    "github/repo-moved-301.json": Plan(),
    "github/repo-moved-301-target.json": Plan(),
    "github/repo-contributors.json": Plan(),
    "github/repo-commits-page1-link.json": Plan(),
    "github/repo-languages.json": Plan(),
    "github/repo-stats-contributors-202-accepted.json": Plan(sim="fresh"),
    "github/repo-stats-contributors-200.json": Plan(before=1),
    "github/search-users-page1.json": Plan(),
    "github/search-users-page2.json": Plan(),
    "github/search-repositories-page1.json": Plan(),
    "github/search-repositories-empty.json": Plan(),
    "github/rate-limit.json": Plan(),
    "github/rate-limit-unauthenticated.json": Plan(token=False),
    "github/rate-limited-403.json": Plan(sim="anon1", token=False, before=1),
    "github/secondary-rate-limit-403-retry-after.json": Plan(sim="secondary"),
    "github/org-profile.json": Plan(),
    "github/org-members.json": Plan(),
    "github/server-error-502.json": Plan(sim="f502"),
    "github/non-json-503.json": Plan(sim="f503"),
    "github/openapi-examples/users-get-by-username.json": Plan(path="/users/octocat"),
    "github/openapi-examples/repos-list-contributors.json": Plan(
        path="/repos/octocat/Hello-World/contributors"
    ),
    "github/openapi-examples/activity-list-public-events-for-user.json": Plan(
        path="/users/octocat/events/public"
    ),
    "github/openapi-examples/search-users.json": Plan(path="/search/users?q=type:user"),
    "github/openapi-examples/rate-limit-get.json": Plan(path="/rate_limit"),
    "huggingface/model-info.json": Plan(),
    "huggingface/model-info-renamed-307.json": Plan(),
    "huggingface/model-info-with-model-index.json": Plan(),
    "huggingface/model-info-gated.json": Plan(),
}
SIMULATORS: dict[str, dict[str, Any]] = {
    "plain": {},
    "fresh": {},
    "anon1": {"anon_limit": 1},
    "secondary": {"faults": FaultSpec(secondary=1.0)},
    "f502": {"faults": FaultSpec(p502=1.0)},
    "f503": {"faults": FaultSpec(p503=1.0)},
}


def _load(rel: str) -> dict[str, Any]:
    return json.loads((FIXTURES / rel).read_text(encoding="utf-8"))


def _fixture_files() -> list[str]:
    return sorted(str(p.relative_to(FIXTURES)) for p in FIXTURES.rglob("*.json"))


# Converting the recordings into a world ----------------------------------------------------


class WorldBuilder:
    """Collects world records from API bodies; the first record of a key wins."""

    def __init__(self) -> None:
        self.users: dict[str, dict[str, Any]] = {}
        self.repos: dict[str, dict[str, Any]] = {}
        self.contributions: dict[tuple[str, str], dict[str, Any]] = {}
        self.memberships: dict[tuple[str, str], dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []
        self.hf: dict[str, list[dict[str, Any]]] = {
            "accounts": [], "models": [], "datasets": [], "spaces": [], "likes": []
        }  # fmt: skip

    def user(self, body: dict[str, Any] | None, kind: str | None = None) -> None:
        if not body or body["login"].lower() in self.users:
            return
        record = {k: v for k, v in body.items() if k not in ("contributions", "score")}
        record["type"] = kind or record.get("type") or "User"
        self.users[body["login"].lower()] = record

    def repo(self, body: dict[str, Any], **extra: Any) -> None:
        """A repository; one seen before under another name (same id) was renamed."""
        self.user(body["owner"])
        same_id = next((r for r in self.repos.values() if r["id"] == body["id"]), None)
        if same_id is not None:
            if same_id["full_name"].lower() != body["full_name"].lower():
                same_id.setdefault("_former_names", []).append(body["full_name"])
        elif body["full_name"].lower() not in self.repos:
            record = {k: v for k, v in body.items() if k != "score"}
            self.repos[body["full_name"].lower()] = {**record, **extra}

    def contribution(
        self, repo: str, login: str, commits: int, first: str | None = None, last: str | None = None
    ) -> None:
        key = (repo, login)
        old = self.contributions.get(key)
        if old is None or old["commits"] < commits:
            self.contributions[key] = {
                "repo": repo, "login": login, "commits": commits,
                "first_commit_at": first, "last_commit_at": last,
            }  # fmt: skip

    def write(self, root: Path, now: str) -> None:
        meta = {"format": "talent-world/1", "now": now, "description": "from shared/fixtures"}
        (root / "world.json").write_text(json.dumps(meta))
        files = {
            "github/users.jsonl": list(self.users.values()),
            "github/repos.jsonl": list(self.repos.values()),
            "github/contributions.jsonl": list(self.contributions.values()),
            "github/memberships.jsonl": list(self.memberships.values()),
            "github/events.jsonl": self.events,
            **{f"hf/{name}.jsonl": items for name, items in self.hf.items()},
        }
        for rel, records in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _add_github(b: WorldBuilder) -> None:
    b.user(_load("github/user-profile.json")["body"])
    b.user(_load("github/user-profile-organization-account.json")["body"])
    b.user(_load("github/org-profile.json")["body"], "Organization")
    b.user(_load("github/openapi-examples/users-get-by-username.json")["body"])
    for user in _load("github/users-list-since-pagination.json")["body"]:
        b.user(user)
    repo = _load("github/repo.json")["body"]
    b.repo(repo, _languages=_load("github/repo-languages.json")["body"])
    b.repo(_load("github/repo-etag-200.json")["body"])
    b.repo(_load("github/repo-moved-301-target.json")["body"],
           _former_names=["protoncoin/protoncoin"])  # fmt: skip
    for item in _load("github/user-repos.json")["body"]:
        b.repo(item)
    b.repo({"id": 1296269, "full_name": "octocat/Hello-World",
            "owner": {"login": "octocat", "id": 1}})  # fmt: skip
    _add_contributions(b)
    _add_search_results(b)
    for org in _load("github/user-orgs.json")["body"]:
        b.user(org, "Organization")
        b.memberships[(org["login"], "jacquev6")] = {"org": org["login"], "login": "jacquev6"}
    for member in _load("github/org-members.json")["body"]:
        b.user(member)
        key = ("BeaverSoftware", member["login"])
        b.memberships[key] = {"org": "BeaverSoftware", "login": member["login"]}


def _add_contributions(b: WorldBuilder) -> None:
    for item in _load("github/repo-contributors.json")["body"]:
        b.user(item)
        b.contribution("PyGithub/PyGithub", item["login"], item["contributions"])
    for entry in _load("github/repo-stats-contributors-200.json")["body"]:
        b.user(entry["author"])
        active = [week["w"] for week in entry["weeks"] if week["c"]] or [entry["weeks"][0]["w"]]
        b.contribution("PyGithub/PyGithub", entry["author"]["login"], max(entry["total"], 1),
                       _iso(min(active)), _iso(max(active)))  # fmt: skip
    for commit in _load("github/repo-commits-page1-link.json")["body"]:
        b.user(commit["author"])
        date = commit["commit"]["author"]["date"]
        b.contribution("PyGithub/PyGithub", commit["author"]["login"], 1, date, date)
    for item in _load("github/openapi-examples/repos-list-contributors.json")["body"]:
        b.user(item)
        b.contribution("octocat/Hello-World", item["login"], item["contributions"])


def _add_search_results(b: WorldBuilder) -> None:
    # the query says these users live in Berlin; 30 more make a third page exist
    for rel in ("github/search-users-page1.json", "github/search-users-page2.json"):
        for item in _load(rel)["body"]["items"]:
            b.user({**item, "location": "Berlin"})
    for i in range(31):
        b.user({"login": f"berliner{i}", "id": 90_000 + i, "location": "Berlin, Germany"})
    for item in _load("github/openapi-examples/search-users.json")["body"]["items"]:
        b.user(item)
    # "language:Python" matches any language a repository has, as on GitHub
    for item in _load("github/search-repositories-page1.json")["body"]["items"]:
        b.repo(item, _languages={"Python": 1000})
    b.user({"login": "sim-filler", "id": 95_000})
    for i in range(6):
        b.repo({"id": 96_000 + i, "full_name": f"sim-filler/github-tool-{i}",
                "owner": {"login": "sim-filler", "id": 95_000},
                "description": "A github helper", "language": "Python"})  # fmt: skip


def _add_events(b: WorldBuilder) -> str:
    """Events in both recordings' windows; returns the world's ``now``."""
    events = _load("github/user-public-events-page1.json")["body"]
    times = [datetime.fromisoformat(e["created_at"].replace("Z", "+00:00")) for e in events]
    now = max(times) + timedelta(days=1)
    b.events += events
    oldest = min(times)
    for i in range(5):  # a second page, as the recording's Link promises
        at = _iso((oldest - timedelta(minutes=i + 1)).timestamp())
        b.events.append({**events[-1], "id": f"9000000000{i}", "created_at": at})
    example = _load("github/openapi-examples/activity-list-public-events-for-user.json")
    for i, event in enumerate(example["body"]):
        b.events.append({**event, "created_at": _iso((now - timedelta(days=i + 1)).timestamp())})
    return _iso(now.timestamp())


def _add_hub(b: WorldBuilder) -> None:
    for name in ("google-bert", "deepset", "meta-llama"):
        b.hf["accounts"].append({"name": name, "type": "org", "fullname": name})
    b.hf["accounts"].append({"name": "sim-hf-user", "type": "user", "orgs": ["deepset"]})
    for rel in ("model-info.json", "model-info-with-model-index.json", "model-info-gated.json"):
        body = dict(_load(f"huggingface/{rel}")["body"])
        if body["id"] == "google-bert/bert-base-uncased":
            body["_former_ids"] = ["bert-base-uncased"]
        b.hf["models"].append(body)
    b.hf["datasets"].append({"id": "deepset/sim-dataset", "tags": ["language:en"]})
    b.hf["spaces"].append({"id": "deepset/sim-space", "sdk": "gradio"})
    liked = {"google-bert/bert-base-uncased": "model", "deepset/sim-dataset": "dataset",
             "deepset/sim-space": "space"}  # fmt: skip
    for repo, kind in liked.items():
        b.hf["likes"].append({"user": "sim-hf-user", "repo": repo, "type": kind})


@pytest.fixture(scope="module")
def fixture_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    builder = WorldBuilder()
    _add_github(builder)
    now = _add_events(builder)
    _add_hub(builder)
    root = tmp_path_factory.mktemp("fixture-world")
    builder.write(root, now)
    return load_world(root)


@pytest.fixture(scope="module")
def simulators(fixture_world: World) -> Iterator[dict[str, Simulator]]:
    sims = {
        name: Simulator(fixture_world, SimulatorConfig(**settings)).start()
        for name, settings in SIMULATORS.items()
    }
    yield sims
    for sim in sims.values():
        sim.stop()


# Replaying ---------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


def request(base: str, target: str, headers: dict[str, str]) -> Answer:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("GET", target, headers=headers)
        response = conn.getresponse()
        return Answer(response.status, response.headers, response.read())
    finally:
        conn.close()


def replay(sim: Simulator, fixture: dict[str, Any], plan: Plan) -> Answer:
    target = plan.path or _target(fixture["url"])
    headers = dict(TOKEN_HEADERS) if plan.token else {}
    for _ in range(plan.before):
        request(sim.base_url, target, headers)
    if plan.conditional:
        first = request(sim.base_url, target, headers)
        headers["If-None-Match"] = first.headers["ETag"]
    return request(sim.base_url, target, headers)


def _target(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def shape_problems(expected: Any, actual: Any, where: str = "$") -> list[str]:
    """Where ``actual`` lacks a key of ``expected`` or holds another JSON type."""
    if expected is None or actual is None:
        return []
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: object expected, got {type(actual).__name__}"]
        problems = []
        for key, value in expected.items():
            if key not in actual:
                problems.append(f"{where}.{key}: missing")
            else:
                problems += shape_problems(value, actual[key], f"{where}.{key}")
        return problems
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [f"{where}: list expected, got {type(actual).__name__}"]
        if expected and not actual:
            return [f"{where}: empty list, expected items"]
        return _list_problems(expected, actual, where)
    if _json_type(expected) != _json_type(actual):
        return [f"{where}: {_json_type(expected)} expected, got {_json_type(actual)}"]
    return []


def _list_problems(expected: list[Any], actual: list[Any], where: str) -> list[str]:
    """A recorded item with an ``id`` is compared with the served item of the same id (records
    differ in age, so in keys) and skipped when that one is on another page; items without
    ids, or lists where no id matches at all, are compared by position."""
    by_id = {item["id"]: item for item in actual if isinstance(item, dict) and "id" in item}
    pairs = [
        (i, item, by_id[item["id"]])
        for i, item in enumerate(expected)
        if isinstance(item, dict) and "id" in item and item["id"] in by_id
    ]
    if not pairs:
        pairs = [(i, item, actual[min(i, len(actual) - 1)]) for i, item in enumerate(expected)]
    return [
        problem
        for i, item, counterpart in pairs
        for problem in shape_problems(item, counterpart, f"{where}[{i}]")
    ]


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def _without(body: Any, keys: set[str]) -> Any:
    if isinstance(body, dict):
        return {k: _without(v, keys) for k, v in body.items() if k not in keys}
    if isinstance(body, list):
        return [_without(item, keys) for item in body]
    return body


def _rels(link: str | None) -> set[str]:
    return set(re.findall(r'rel="([^"]+)"', link or ""))


def header_problems(recorded: dict[str, str], answer: Answer, base: str) -> list[str]:
    """Headers that matter; documentation examples record none, so there is nothing to hold."""
    if not recorded:
        return []
    recorded = {k.lower(): v for k, v in recorded.items()}
    got = answer.headers
    problems = []
    if "etag" in recorded and answer.status in (200, 304, 502, 503) and not got.get("ETag"):
        problems.append("ETag missing")
    if "last-modified" in recorded and not got.get("Last-Modified"):
        problems.append("Last-Modified missing")
    missing_rels = _rels(recorded.get("link")) - _rels(got.get("Link"))
    if missing_rels:
        problems.append(f"Link lacks {sorted(missing_rels)}: {got.get('Link')}")
    for url in re.findall(r"<([^>]+)>", got.get("Link") or ""):
        if not url.startswith(base):
            problems.append(f"Link URL {url} is not at {base}")
    for name in recorded:
        if name.startswith("x-ratelimit-") and got.get(name) is None:
            problems.append(f"{name} missing")
    if not any(n.startswith("x-ratelimit-") for n in recorded) and got.get("X-RateLimit-Limit"):
        problems.append("X-RateLimit-* sent where the recording has none")
    if "retry-after" in recorded and not got.get("Retry-After", "").isdigit():
        problems.append("Retry-After missing")
    if "location" in recorded:
        wanted = recorded["location"].replace(GITHUB, base)
        if got.get("Location") != wanted:
            problems.append(f"Location {got.get('Location')!r}, expected {wanted!r}")
    if "content-type" in recorded:
        media = recorded["content-type"].split(";")[0]
        if (got.get("Content-Type") or "").split(";")[0] != media:
            problems.append(f"Content-Type {got.get('Content-Type')!r}, expected {media}")
    return problems


# Tests -------------------------------------------------------------------------------------


def test_every_fixture_file_has_a_plan() -> None:
    assert set(_fixture_files()) == set(PLANS)
    assert (FIXTURES / "huggingface" / "endpoints-without-recordings.md").is_file()


def test_shape_comparison_catches_what_it_must() -> None:
    recorded = {"a": 1, "b": {"c": "x"}, "d": [{"id": 1, "e": True}], "f": None}
    assert shape_problems(recorded, {**recorded, "extra": 1, "f": 3}) == []
    assert shape_problems({"n": 1}, {"n": 2.5}) == []  # one JSON number type
    assert shape_problems(recorded, {"a": 1, "b": {"c": "x"}, "d": [{"id": 1}], "f": 1}) == [
        "$.d[0].e: missing"
    ]
    assert shape_problems(recorded, {**recorded, "a": "1"}) == ["$.a: number expected, got str"]
    assert shape_problems({"t": True}, {"t": 1}) == ["$.t: boolean expected, got number"]
    assert shape_problems([{"id": 1, "e": 1}], [{"id": 2, "e": "x"}, {"id": 1, "e": 2}]) == []
    assert shape_problems([{"x": 1}], []) == ["$: empty list, expected items"]


def test_the_converted_world_loads(fixture_world: World) -> None:
    assert fixture_world.users["jacquev6"]["id"] == 327146
    assert fixture_world.former_repos["protoncoin/protoncoin"]["id"] == 112116543
    assert len(fixture_world.contributors[3544490]) >= 20


@pytest.mark.parametrize("rel", sorted(PLANS))
def test_simulator_answers_like_the_recording(rel: str, simulators: dict[str, Simulator]) -> None:
    fixture = _load(rel)
    plan = PLANS[rel]
    sim = simulators[plan.sim]
    answer = replay(sim, fixture, plan)
    assert answer.status == fixture["status"], answer.body[:300]
    problems = header_problems(fixture.get("response_headers", {}), answer, sim.base_url)
    if fixture.get("body") is not None:
        expected = _without(fixture["body"], DROPPED_KEYS.get(rel, set()))
        problems += shape_problems(expected, json.loads(answer.body))
    elif "body_text" in fixture:
        text = fixture["body_text"]
        if text.startswith("<html>"):
            assert answer.body.startswith(b"<html>")
        else:
            assert answer.body.decode() == text.replace(HUB, "")
    else:
        assert answer.body == b""  # a 304
    assert not problems, "\n".join(problems)


# The Hub endpoints with no recordings: field lists from endpoints-without-recordings.md ----


def _section(markdown: str, title: str) -> str:
    start = markdown.index(f"## {title}")
    end = markdown.find("\n## ", start + 1)
    return markdown[start : end if end > 0 else None]


def _table_keys(section: str) -> dict[str, str]:
    """Backticked keys of the first table -> their type column."""
    keys: dict[str, str] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) >= 2:
            for key in re.findall(r"`([^`]+)`", cells[0]):
                keys[key] = cells[1]
    return keys


@pytest.fixture(scope="module")
def unrecorded() -> str:
    return (FIXTURES / "huggingface" / "endpoints-without-recordings.md").read_text()


def _get(sim: Simulator, target: str) -> Answer:
    answer = request(sim.base_url, target, {})
    assert answer.status == 200, (target, answer.body[:200])
    return answer


def test_user_overview_has_the_documented_keys(unrecorded: str, simulators) -> None:
    keys = _table_keys(_section(unrecorded, "GET /api/users/{name}/overview"))
    assert {"user", "fullname", "avatarUrl", "orgs", "numModels"} <= set(keys)
    body = json.loads(_get(simulators["plain"], "/api/users/sim-hf-user/overview").body)
    types = {"string": str, "boolean": bool, "integer": int, "list": list}
    for key, kind in keys.items():
        assert key in body, key
        expected = next((t for word, t in types.items() if kind.startswith(word)), None)
        if expected and body[key] is not None:
            assert isinstance(body[key], expected), (key, body[key])
    assert body["orgs"][0]["name"] == "deepset"


def test_organization_overview_and_members(unrecorded: str, simulators) -> None:
    section = _section(unrecorded, "GET /api/users/{name}/overview")
    paragraph = section[section.index("Organization keys") :].split("\n\n")[0]
    org_keys = {k for k in re.findall(r"`([A-Za-z]+)`", paragraph) if k[0].islower()}
    assert {"avatarUrl", "name", "fullname", "numUsers", "plan"} <= org_keys
    sim = simulators["plain"]
    body = json.loads(_get(sim, "/api/organizations/deepset/overview").body)
    assert org_keys <= set(body)
    members = json.loads(_get(sim, "/api/organizations/deepset/members").body)
    assert members and {"user", "fullname", "avatarUrl", "type"} <= set(members[0])


def test_likes_have_the_documented_keys(unrecorded: str, simulators) -> None:
    keys = _table_keys(_section(unrecorded, "GET /api/users/{name}/likes"))
    assert set(keys) == {"createdAt", "repo.name", "repo.type"}
    likes = json.loads(_get(simulators["plain"], "/api/users/sim-hf-user/likes").body)
    assert {like["repo"]["type"] for like in likes} == {"model", "dataset", "space"}
    for like in likes:
        for key in keys:
            head, _, tail = key.partition(".")
            value = like[head][tail] if tail else like[head]
            assert isinstance(value, str)


@pytest.mark.parametrize(
    ("kind", "title", "author"),
    [
        ("models", "GET /api/models?author={name}", "google-bert"),
        ("datasets", "GET /api/datasets?author={name}", "deepset"),
        ("spaces", "GET /api/spaces?author={name}", "deepset"),
    ],
)
def test_lists_serve_the_fields_clients_ask_for(
    unrecorded: str, simulators, kind: str, title: str, author: str
) -> None:
    section = _section(unrecorded, title)
    listed = re.search(
        r"(?:by default|Default fields \(huggingface\.js\)):((?:\s*`[^`]+`,?)+)", section
    )
    assert listed, section[:300]
    wanted = re.findall(r"`([^`]+)`", listed.group(1))
    assert "likes" in wanted
    expand = "&".join(f"expand[]={key}" for key in wanted)
    items = json.loads(_get(simulators["plain"], f"/api/{kind}?author={author}&{expand}").body)
    assert items and all(set(wanted) | {"id", "_id"} <= set(item) for item in items), items
    plain = json.loads(_get(simulators["plain"], f"/api/{kind}?author={author}").body)
    assert plain and all("id" in item and "_id" in item for item in plain)


def test_hub_lists_paginate_with_a_link_header(simulators) -> None:
    answer = _get(simulators["plain"], "/api/models?limit=1")
    assert _rels(answer.headers.get("Link")) == {"next"}
    assert answer.headers["ETag"].startswith('W/"')
