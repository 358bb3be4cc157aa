"""Load and validate a world directory (docs/world-format.md) into in-memory indexes.

Records stay the parsed dicts (never copied); derived values the server needs are added under
``_``-prefixed keys, which are never served. Any line that breaks the format stops the load
with a ``WorldError`` naming the file and the line.
"""

from __future__ import annotations

import gc
import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from talent.errors import WorldError

FORMAT = "talent-world/1"
EVENT_WINDOW_DAYS = 30
_BATCH = 4096
_HINT = "fix or regenerate the world: talent upstream generate --out DIR"

Record = dict[str, Any]
NONE = type(None)


class Check(NamedTuple):
    """What a key must hold: exact types (fast to test), plus an optional extra predicate."""

    what: str
    types: tuple[type, ...]
    extra: Callable[[Any], bool] | None = None


def _is_str_list(value: Any) -> bool:
    return all(isinstance(item, str) for item in value)


def _is_byte_counts(value: Any) -> bool:
    return all(type(count) is int for count in value.values())


INT = Check("an integer", (int,))
NUMBER = Check("a number", (int, float))
STR = Check("a string", (str,))
OPT_STR = Check("a string or null", (str, NONE))
BOOL = Check("a boolean", (bool,))
OPT_BOOL = Check("a boolean or null", (bool, NONE))
OBJECT = Check("an object", (dict,))
OPT_OBJECT = Check("an object or null", (dict, NONE))
STR_LIST = Check("a list of strings", (list,), _is_str_list)
LICENSE = Check("an object, a string or null", (dict, str, NONE))
LANGUAGES = Check("an object of language -> bytes", (dict,), _is_byte_counts)
GATED = Check('false, "auto" or "manual"', (bool, str), lambda v: v in (False, "auto", "manual"))


def one_of(*choices: str) -> Check:
    return Check(" or ".join(f'"{c}"' for c in choices), (str,), lambda v: v in choices)


USER_KEYS: dict[str, Check] = {
    "login": STR,
    "id": INT,
    "type": one_of("User", "Organization", "Bot"),
    "name": OPT_STR,
    "company": OPT_STR,
    "blog": OPT_STR,
    "location": OPT_STR,
    "email": OPT_STR,
    "hireable": OPT_BOOL,
    "bio": OPT_STR,
    "twitter_username": OPT_STR,
    "public_gists": INT,
    "public_repos": INT,
    "followers": INT,
    "following": INT,
    "created_at": STR,
    "updated_at": STR,
    "site_admin": BOOL,
    "description": OPT_STR,
}
REPO_KEYS: dict[str, Check] = {
    "id": INT,
    "full_name": STR,
    "description": OPT_STR,
    "fork": BOOL,
    "homepage": OPT_STR,
    "language": OPT_STR,
    "forks_count": INT,
    "stargazers_count": INT,
    "watchers_count": INT,
    "size": INT,
    "default_branch": STR,
    "open_issues_count": INT,
    "topics": STR_LIST,
    "archived": BOOL,
    "disabled": BOOL,
    "visibility": STR,
    "license": LICENSE,
    "created_at": OPT_STR,
    "updated_at": OPT_STR,
    "pushed_at": OPT_STR,
    "_languages": LANGUAGES,
    "_former_names": STR_LIST,
    "_parent": STR,
}
CONTRIBUTION_KEYS: dict[str, Check] = {
    "repo": STR,
    "login": STR,
    "commits": Check("an integer >= 1", (int,), lambda v: v >= 1),
    "first_commit_at": OPT_STR,
    "last_commit_at": OPT_STR,
}
MEMBERSHIP_KEYS: dict[str, Check] = {
    "org": STR,
    "login": STR,
    "role": one_of("member", "admin"),
    "public": BOOL,
}
FILE_KEYS: dict[str, Check] = {"repo": STR, "path": STR, "content": STR}
EVENT_KEYS: dict[str, Check] = {
    "id": STR,
    "type": STR,
    "actor": OBJECT,
    "repo": OBJECT,
    "created_at": STR,
    "payload": OBJECT,
    "public": BOOL,
}
ACCOUNT_KEYS: dict[str, Check] = {
    "name": STR,
    "type": one_of("user", "org"),
    "fullname": OPT_STR,
    "details": OPT_STR,
    "avatarUrl": STR,
    "isPro": BOOL,
    "isVerified": BOOL,
    "numFollowers": INT,
    "numFollowing": INT,
    "numUpvotes": INT,
    "numLikes": INT,
    "numPapers": INT,
    "createdAt": STR,
    "plan": OPT_STR,
    "orgs": STR_LIST,
}
ARTIFACT_KEYS: dict[str, Check] = {
    "id": STR,
    "author": STR,
    "sha": STR,
    "tags": STR_LIST,
    "downloads": INT,
    "likes": INT,
    "private": BOOL,
    "gated": GATED,
    "disabled": BOOL,
    "createdAt": STR,
    "lastModified": STR,
    "library_name": OPT_STR,
    "pipeline_tag": OPT_STR,
    "sdk": OPT_STR,
    "cardData": OPT_OBJECT,
    "trendingScore": NUMBER,
    "_former_ids": STR_LIST,
}
LIKE_KEYS: dict[str, Check] = {
    "user": STR,
    "repo": STR,
    "type": one_of("model", "dataset", "space", "kernel"),
    "createdAt": STR,
}
HF_KINDS = ("model", "dataset", "space")


@dataclass
class HfCollection:
    """One kind of Hub artifact (models, datasets or spaces) and its indexes."""

    kind: str
    items: list[Record] = field(default_factory=list)
    by_id: dict[str, Record] = field(default_factory=dict)
    by_author: defaultdict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    former: dict[str, Record] = field(default_factory=dict)


@dataclass
class World:
    """A loaded world: the records and the indexes the simulator answers from."""

    path: Path
    meta: Record
    now: float
    users: dict[str, Record] = field(default_factory=dict)
    users_by_id: list[Record] = field(default_factory=list)
    repos: dict[str, Record] = field(default_factory=dict)
    repos_by_id: dict[int, Record] = field(default_factory=dict)
    former_repos: dict[str, Record] = field(default_factory=dict)
    repos_by_owner: defaultdict[str, list[Record]] = field(
        default_factory=lambda: defaultdict(list)
    )
    contributors: defaultdict[int, list[Record]] = field(default_factory=lambda: defaultdict(list))
    contributed: defaultdict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    org_members: defaultdict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    user_orgs: defaultdict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    files: defaultdict[int, dict[str, Record]] = field(default_factory=lambda: defaultdict(dict))
    events: defaultdict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    hf_accounts: dict[str, Record] = field(default_factory=dict)
    hf: dict[str, HfCollection] = field(
        default_factory=lambda: {kind: HfCollection(kind) for kind in HF_KINDS}
    )
    hf_likes: defaultdict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    hf_org_members: defaultdict[str, list[Record]] = field(
        default_factory=lambda: defaultdict(list)
    )
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """What was loaded, for logs and ``/__simulator__/stats``."""
        return {"path": str(self.path), "now": self.meta.get("now"), "records": dict(self.counts)}


def load_world(path: Path) -> World:
    """Read and validate every file of the world at ``path``; raises ``WorldError``."""
    path = Path(path)
    if not path.is_dir():
        raise WorldError(
            f"world directory not found: {path}",
            "create one with `talent upstream generate --out DIR` and pass --world DIR",
        )
    meta = _load_meta(path)
    world = World(path=path, meta=meta, now=parse_time(meta["now"]))
    was_enabled = gc.isenabled()
    gc.disable()  # millions of small dicts: the cyclic GC would rescan them many times
    try:
        _load_github(world)
        _load_hf(world)
    finally:
        if was_enabled:
            gc.enable()
    gc.freeze()  # the world lives as long as the process; keep it out of later collections
    return world


def parse_time(text: str) -> float:
    """ISO 8601 (``Z`` or offset, optional fraction) -> UTC epoch seconds; ValueError if not."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


# world.json ------------------------------------------------------------------------------


def _load_meta(path: Path) -> Record:
    meta_path = path / "world.json"
    if not meta_path.is_file():
        raise WorldError(
            f"{path} has no world.json, so it is not a world",
            "create one with `talent upstream generate --out DIR` and pass --world DIR",
        )
    try:
        meta = json.loads(meta_path.read_bytes())
    except json.JSONDecodeError as exc:
        raise WorldError(f"world.json:{exc.lineno}: not valid JSON ({exc.msg})", _HINT) from None
    except UnicodeDecodeError:
        raise WorldError("world.json:1: not UTF-8", _HINT) from None
    if not isinstance(meta, dict):
        raise WorldError("world.json:1: must be a JSON object", _HINT)
    if meta.get("format") != FORMAT:
        raise WorldError(
            f'world.json:1: "format" must be "{FORMAT}", found {meta.get("format")!r}',
            "this simulator reads talent-world/1; regenerate the world with this version",
        )
    now = meta.get("now")
    if not isinstance(now, str) or not _valid_time(now):
        raise WorldError(f'world.json:1: "now" must be an ISO 8601 time, found {now!r}', _HINT)
    return meta


def _valid_time(text: str) -> bool:
    try:
        parse_time(text)
    except ValueError:
        return False
    return True


# Reading and checking lines --------------------------------------------------------------


def _records(
    world: World, rel: str, schema: dict[str, Check], required: tuple[str, ...]
) -> Iterator[tuple[int, Record]]:
    """Yield (line number, record) of one .jsonl file, each line checked against ``schema``."""
    types = {key: check.types for key, check in schema.items()}
    extras = [(key, check.extra) for key, check in schema.items() if check.extra is not None]
    count = 0
    for batch in _read_batches(world.path / rel, rel):
        for number, record in batch:  # one tight loop: this runs for millions of lines
            if type(record) is not dict:
                raise WorldError(f"{rel}:{number}: must be a JSON object", _HINT)
            for key in required:
                if key not in record:
                    raise WorldError(f'{rel}:{number}: missing required key "{key}"', _HINT)
            for key, value in record.items():
                allowed = types.get(key)
                if allowed is not None and type(value) not in allowed:
                    raise _wrong_type(rel, number, key, schema[key], value)
            for key, extra in extras:
                if key in record and not extra(record[key]):
                    raise _wrong_type(rel, number, key, schema[key], record[key])
        count += len(batch)
        yield from batch
    world.counts[rel] = count


def _read_batches(path: Path, rel: str) -> Iterator[list[tuple[int, Any]]]:
    if not path.is_file():
        return
    numbers: list[int] = []
    lines: list[bytes] = []
    with path.open("rb") as fh:
        for number, line in enumerate(fh, 1):
            if line.strip():
                numbers.append(number)
                lines.append(line)
                if len(lines) >= _BATCH:
                    yield _parse_batch(rel, numbers, lines)
                    numbers, lines = [], []
    yield _parse_batch(rel, numbers, lines)


def _parse_batch(rel: str, numbers: list[int], lines: list[bytes]) -> list[tuple[int, Any]]:
    """Parse many lines as one JSON array (2x faster, keys shared); on doubt, line by line."""
    if not lines:
        return []
    try:
        items = json.loads(b"[" + b",".join(lines) + b"]")
        if len(items) == len(lines) and all(isinstance(item, dict) for item in items):
            return list(zip(numbers, items, strict=True))
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        pass
    return [
        (number, _parse_line(rel, number, line))
        for number, line in zip(numbers, lines, strict=False)
    ]


def _parse_line(rel: str, number: int, line: bytes) -> Any:
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise WorldError(
            f"{rel}:{number}: not valid JSON ({exc.msg} at column {exc.colno})", _HINT
        ) from None
    except UnicodeDecodeError:
        raise WorldError(f"{rel}:{number}: not UTF-8", _HINT) from None


def _wrong_type(rel: str, number: int, key: str, check: Check, value: Any) -> WorldError:
    return WorldError(f'{rel}:{number}: "{key}" must be {check.what}, found {_show(value)}', _HINT)


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def _fail(rel: str, number: int, message: str) -> WorldError:
    return WorldError(f"{rel}:{number}: {message}", _HINT)


def _time_of(rel: str, number: int, record: Record, key: str) -> float | None:
    value = record.get(key)
    if value is None:
        return None
    try:
        return parse_time(value)
    except ValueError:
        raise _fail(rel, number, f'"{key}" must be an ISO 8601 time, found {value!r}') from None


# GitHub ----------------------------------------------------------------------------------


def _load_github(world: World) -> None:
    _load_users(world)
    _load_repos(world)
    _load_contributions(world)
    _load_memberships(world)
    _load_files(world)
    _load_events(world)


def _load_users(world: World) -> None:
    rel = "github/users.jsonl"
    lines: dict[str, int] = {}
    for number, user in _records(world, rel, USER_KEYS, ("login", "id", "type")):
        key = user["login"].lower()
        if key in lines:
            raise _fail(
                rel, number, f'duplicate login "{user["login"]}" (first on line {lines[key]})'
            )
        lines[key] = number
        world.users[key] = user
    world.users_by_id = sorted(world.users.values(), key=lambda u: u["id"])


def _load_repos(world: World) -> None:
    rel = "github/repos.jsonl"
    lines: dict[int, int] = {}
    for number, repo in _records(world, rel, REPO_KEYS, ("id", "full_name")):
        owner, _, name = repo["full_name"].partition("/")
        if not owner or not name or "/" in name:
            raise _fail(
                rel, number, f'"full_name" must be "owner/name", found {repo["full_name"]!r}'
            )
        if owner.lower() not in world.users:
            raise _fail(rel, number, f'owner "{owner}" of "{repo["full_name"]}" is not a user')
        if repo["id"] in lines:
            raise _fail(
                rel, number, f"duplicate id {repo['id']} (first on line {lines[repo['id']]})"
            )
        if repo["full_name"].lower() in world.repos:
            raise _fail(rel, number, f'duplicate full_name "{repo["full_name"]}"')
        lines[repo["id"]] = number
        repo.setdefault("name", name)
        repo["_owner"] = owner.lower()
        world.repos[repo["full_name"].lower()] = repo
        world.repos_by_id[repo["id"]] = repo
        world.repos_by_owner[owner.lower()].append(repo)
    for repo in world.repos_by_id.values():
        for old in repo.get("_former_names", ()):
            if old.lower() not in world.repos:
                world.former_repos[old.lower()] = repo


def _load_contributions(world: World) -> None:
    rel = "github/contributions.jsonl"
    for number, item in _records(world, rel, CONTRIBUTION_KEYS, ("repo", "login", "commits")):
        repo = world.repos.get(item["repo"].lower())
        if repo is None:
            raise _fail(rel, number, f'"repo" names unknown repository "{item["repo"]}"')
        if item["login"].lower() not in world.users:
            raise _fail(rel, number, f'"login" names unknown user "{item["login"]}"')
        item["_first"] = _time_of(rel, number, item, "first_commit_at")
        item["_last"] = _time_of(rel, number, item, "last_commit_at")
        world.contributors[repo["id"]].append(item)
        world.contributed[item["login"].lower()].append(item)
    for items in world.contributors.values():
        items.sort(key=lambda c: (-c["commits"], c["login"].lower()))


def _load_memberships(world: World) -> None:
    rel = "github/memberships.jsonl"
    for number, item in _records(world, rel, MEMBERSHIP_KEYS, ("org", "login")):
        org = world.users.get(item["org"].lower())
        if org is None or org["type"] != "Organization":
            raise _fail(rel, number, f'"org" names "{item["org"]}", which is not an Organization')
        if item["login"].lower() not in world.users:
            raise _fail(rel, number, f'"login" names unknown user "{item["login"]}"')
        if item.get("public", True):
            world.org_members[org["login"].lower()].append(item["login"].lower())
            world.user_orgs[item["login"].lower()].append(org["login"].lower())


def _load_files(world: World) -> None:
    rel = "github/files.jsonl"
    for number, item in _records(world, rel, FILE_KEYS, ("repo", "path", "content")):
        repo = world.repos.get(item["repo"].lower())
        if repo is None:
            raise _fail(rel, number, f'"repo" names unknown repository "{item["repo"]}"')
        path = item["path"].strip("/")
        if not path:
            raise _fail(rel, number, '"path" must name a file')
        world.files[repo["id"]][path] = item


def _load_events(world: World) -> None:
    rel = "github/events.jsonl"
    since = world.now - EVENT_WINDOW_DAYS * 86400
    required = ("id", "type", "actor", "repo", "created_at")
    for number, event in _records(world, rel, EVENT_KEYS, required):
        if not isinstance(event["actor"].get("login"), str):
            raise _fail(rel, number, '"actor.login" must be a string')
        if not isinstance(event["repo"].get("name"), str):
            raise _fail(rel, number, '"repo.name" must be a string')
        at = _time_of(rel, number, event, "created_at")
        if at is not None and since <= at <= world.now:
            event["_at"] = at
            world.events[event["actor"]["login"].lower()].append(event)
    for items in world.events.values():
        items.sort(key=lambda e: (-e["_at"], e["id"]))


# Hugging Face ----------------------------------------------------------------------------


def _load_hf(world: World) -> None:
    _load_accounts(world)
    for kind in HF_KINDS:
        _load_artifacts(world, kind)
    _load_likes(world)


def _load_accounts(world: World) -> None:
    rel = "hf/accounts.jsonl"
    lines: dict[str, int] = {}
    for number, account in _records(world, rel, ACCOUNT_KEYS, ("name", "type")):
        key = account["name"].lower()
        if key in lines:
            raise _fail(
                rel, number, f'duplicate name "{account["name"]}" (first on line {lines[key]})'
            )
        lines[key] = number
        world.hf_accounts[key] = account
    for account in world.hf_accounts.values():
        if account["type"] == "user":
            for org in account.get("orgs", ()):
                world.hf_org_members[org.lower()].append(account)


def _load_artifacts(world: World, kind: str) -> None:
    rel = f"hf/{kind}s.jsonl"
    collection = world.hf[kind]
    for number, item in _records(world, rel, ARTIFACT_KEYS, ("id",)):
        author, _, name = item["id"].partition("/")
        if not author or not name or "/" in name:
            raise _fail(rel, number, f'"id" must be "author/name", found {item["id"]!r}')
        if author.lower() not in world.hf_accounts:
            raise _fail(rel, number, f'author "{author}" of "{item["id"]}" is not an account')
        if item["id"].lower() in collection.by_id:
            raise _fail(rel, number, f'duplicate id "{item["id"]}"')
        item.setdefault("author", author)
        collection.items.append(item)
        collection.by_id[item["id"].lower()] = item
        collection.by_author[author.lower()].append(item)
    for item in collection.items:
        for old in item.get("_former_ids", ()):
            if old.lower() not in collection.by_id:
                collection.former[old.lower()] = item


def _load_likes(world: World) -> None:
    rel = "hf/likes.jsonl"
    for _number, like in _records(world, rel, LIKE_KEYS, ("user", "repo")):
        world.hf_likes[like["user"].lower()].append(like)
