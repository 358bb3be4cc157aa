"""GitHub REST v3 object shapes, rendered from world records for one base URL.

Keys come in GitHub's order. World keys without ``_`` that the shape does not build are served
as they are; URL fields are always rebuilt at the simulator's base so clients stay on it.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime
from typing import Any

from talent.upstream.world import Record, World

NOREPLY = "users.noreply.github.com"
_USER_PROFILE: tuple[tuple[str, Any], ...] = (
    ("name", None),
    ("company", None),
    ("blog", ""),
    ("location", None),
    ("email", None),
    ("hireable", None),
    ("bio", None),
    ("twitter_username", None),
)
_REPO_URL_TEMPLATES: tuple[tuple[str, str], ...] = (
    ("forks_url", "/forks"),
    ("keys_url", "/keys{/key_id}"),
    ("collaborators_url", "/collaborators{/collaborator}"),
    ("teams_url", "/teams"),
    ("hooks_url", "/hooks"),
    ("issue_events_url", "/issues/events{/number}"),
    ("events_url", "/events"),
    ("assignees_url", "/assignees{/user}"),
    ("branches_url", "/branches{/branch}"),
    ("tags_url", "/tags"),
    ("blobs_url", "/git/blobs{/sha}"),
    ("git_tags_url", "/git/tags{/sha}"),
    ("git_refs_url", "/git/refs{/sha}"),
    ("trees_url", "/git/trees{/sha}"),
    ("statuses_url", "/statuses/{sha}"),
    ("languages_url", "/languages"),
    ("stargazers_url", "/stargazers"),
    ("contributors_url", "/contributors"),
    ("subscribers_url", "/subscribers"),
    ("subscription_url", "/subscription"),
    ("commits_url", "/commits{/sha}"),
    ("git_commits_url", "/git/commits{/sha}"),
    ("comments_url", "/comments{/number}"),
    ("issue_comment_url", "/issues/comments{/number}"),
    ("contents_url", "/contents/{+path}"),
    ("compare_url", "/compare/{base}...{head}"),
    ("merges_url", "/merges"),
    ("archive_url", "/{archive_format}{/ref}"),
    ("downloads_url", "/downloads"),
    ("issues_url", "/issues{/number}"),
    ("pulls_url", "/pulls{/number}"),
    ("milestones_url", "/milestones{/number}"),
    ("notifications_url", "/notifications{?since,all,participating}"),
    ("labels_url", "/labels{/name}"),
    ("releases_url", "/releases{/id}"),
    ("deployments_url", "/deployments"),
)


def node_id(kind: str, number: int) -> str:
    """GitHub's legacy global id, e.g. ``MDQ6VXNlcjE=`` for User 1."""
    prefix = {"User": "04", "Bot": "03", "Organization": "012", "Repository": "010"}.get(kind, "0")
    return base64.b64encode(f"{prefix}:{kind}{number}".encode()).decode()


def avatar(base: str, number: int) -> str:
    """Where avatars.githubusercontent.com would be; the simulator serves a placeholder."""
    return f"{base}/avatars/u/{number}?v=4"


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def _extras(out: dict[str, Any], record: Record) -> dict[str, Any]:
    """Add the record's other public keys, as given, after the built ones."""
    for key, value in record.items():
        if key not in out and not key.startswith("_"):
            out[key] = value
    return out


# Accounts --------------------------------------------------------------------------------


def simple_user(user: Record, base: str) -> dict[str, Any]:
    login = user["login"]
    api = f"{base}/users/{login}"
    return {
        "login": login,
        "id": user["id"],
        "node_id": user.get("node_id") or node_id(user["type"], user["id"]),
        "avatar_url": user.get("avatar_url") or avatar(base, user["id"]),
        "gravatar_id": user.get("gravatar_id") or "",
        "url": api,
        "html_url": f"{base}/github.com/{login}",
        "followers_url": f"{api}/followers",
        "following_url": f"{api}/following{{/other_user}}",
        "gists_url": f"{api}/gists{{/gist_id}}",
        "starred_url": f"{api}/starred{{/owner}}{{/repo}}",
        "subscriptions_url": f"{api}/subscriptions",
        "organizations_url": f"{api}/orgs",
        "repos_url": f"{api}/repos",
        "events_url": f"{api}/events{{/privacy}}",
        "received_events_url": f"{api}/received_events",
        "type": user["type"],
        "user_view_type": user.get("user_view_type", "public"),
        "site_admin": user.get("site_admin", False),
    }


def full_user(user: Record, base: str, world: World) -> dict[str, Any]:
    """``GET /users/{login}``: users, bots and organisations alike."""
    out = simple_user(user, base)
    for key, default in _USER_PROFILE:
        out[key] = user.get(key, default)
    owned = world.repos_by_owner.get(user["login"].lower(), [])
    out["public_repos"] = user.get("public_repos", len(owned))
    out["public_gists"] = user.get("public_gists", 0)
    out["followers"] = user.get("followers", 0)
    out["following"] = user.get("following", 0)
    out["created_at"] = user.get("created_at") or world.meta["now"]
    out["updated_at"] = user.get("updated_at") or out["created_at"]
    return _extras(out, user)


def simple_org(org: Record, base: str) -> dict[str, Any]:
    login = org["login"]
    api = f"{base}/orgs/{login}"
    return {
        "login": login,
        "id": org["id"],
        "node_id": org.get("node_id") or node_id("Organization", org["id"]),
        "url": api,
        "repos_url": f"{api}/repos",
        "events_url": f"{api}/events",
        "hooks_url": f"{api}/hooks",
        "issues_url": f"{api}/issues",
        "members_url": f"{api}/members{{/member}}",
        "public_members_url": f"{api}/public_members{{/member}}",
        "avatar_url": org.get("avatar_url") or avatar(base, org["id"]),
        "description": org.get("description"),
    }


def full_org(org: Record, base: str, world: World) -> dict[str, Any]:
    """``GET /orgs/{org}``."""
    out = simple_org(org, base)
    out["name"] = org.get("name")
    for key in ("company", "blog", "location", "email", "twitter_username"):
        out[key] = org.get(key, "" if key == "blog" else None)
    out["is_verified"] = org.get("is_verified", False)
    out["has_organization_projects"] = org.get("has_organization_projects", True)
    out["has_repository_projects"] = org.get("has_repository_projects", True)
    owned = world.repos_by_owner.get(org["login"].lower(), [])
    out["public_repos"] = org.get("public_repos", len(owned))
    out["public_gists"] = org.get("public_gists", 0)
    out["followers"] = org.get("followers", 0)
    out["following"] = org.get("following", 0)
    out["html_url"] = f"{base}/github.com/{org['login']}"
    out["created_at"] = org.get("created_at") or world.meta["now"]
    out["updated_at"] = org.get("updated_at") or out["created_at"]
    out["archived_at"] = org.get("archived_at")
    out["type"] = "Organization"
    return _extras(out, org)


# Repositories ----------------------------------------------------------------------------


def repo(record: Record, base: str, world: World, *, full: bool = False) -> dict[str, Any]:
    """A repository as in lists (``full=False``) or ``GET /repos/{owner}/{repo}``."""
    owner = world.users[record["_owner"]]
    name = record["full_name"]
    api = f"{base}/repos/{name}"
    html = f"{base}/github.com/{name}"
    out: dict[str, Any] = {
        "id": record["id"],
        "node_id": record.get("node_id") or node_id("Repository", record["id"]),
        "name": record["name"],
        "full_name": name,
        "private": record.get("private", False),
        "owner": simple_user(owner, base),
        "html_url": html,
        "description": record.get("description"),
        "fork": record.get("fork", False),
        "url": api,
    }
    for key, suffix in _REPO_URL_TEMPLATES:
        out[key] = api + suffix
    _repo_facts(out, record, world, base, html)
    if full:
        _repo_full_extras(out, record, base, world, owner)
    return _extras(out, record)


def _repo_facts(out: dict[str, Any], record: Record, world: World, base: str, html: str) -> None:
    created = record.get("created_at") or world.meta["now"]
    stars = record.get("stargazers_count", 0)
    forks = record.get("forks_count", 0)
    issues = record.get("open_issues_count", 0)
    out.update(
        created_at=created,
        updated_at=record.get("updated_at") or created,
        pushed_at=record.get("pushed_at") or created,
        git_url=f"git://github.com/{record['full_name']}.git",
        ssh_url=f"git@github.com:{record['full_name']}.git",
        clone_url=f"{html}.git",
        svn_url=html,
        homepage=record.get("homepage"),
        size=record.get("size", 0),
        stargazers_count=stars,
        watchers_count=record.get("watchers_count", stars),
        language=record.get("language"),
        has_issues=record.get("has_issues", True),
        has_projects=record.get("has_projects", True),
        has_downloads=record.get("has_downloads", True),
        has_wiki=record.get("has_wiki", True),
        has_pages=record.get("has_pages", False),
        has_discussions=record.get("has_discussions", False),
        forks_count=forks,
        mirror_url=record.get("mirror_url"),
        archived=record.get("archived", False),
        disabled=record.get("disabled", False),
        open_issues_count=issues,
        license=_license(record.get("license"), base),
        allow_forking=record.get("allow_forking", True),
        is_template=record.get("is_template", False),
        web_commit_signoff_required=record.get("web_commit_signoff_required", False),
        topics=record.get("topics", []),
        visibility=record.get("visibility", "public"),
        forks=forks,
        open_issues=issues,
        watchers=record.get("watchers_count", stars),
        default_branch=record.get("default_branch", "main"),
    )


def _repo_full_extras(
    out: dict[str, Any], record: Record, base: str, world: World, owner: Record
) -> None:
    if owner["type"] == "Organization":
        out["organization"] = simple_user(owner, base)
    parent = world.repos.get(record.get("_parent", "").lower())
    if parent is not None:
        out["parent"] = repo(parent, base, world)
        out["source"] = out["parent"]
    out["network_count"] = record.get("network_count", record.get("forks_count", 0))
    out["subscribers_count"] = record.get("subscribers_count", 0)


def _license(value: Any, base: str) -> Any:
    """World licences may be a bare SPDX id; GitHub serves an object."""
    if not isinstance(value, str):
        return value
    key = value.lower()
    return {
        "key": key,
        "name": value,
        "spdx_id": value,
        "url": f"{base}/licenses/{key}",
        "node_id": base64.b64encode(f"07:License{key}".encode()).decode(),
    }


# Commits and statistics ------------------------------------------------------------------

_MESSAGES = (
    "Fix retrieval edge case",
    "Add evaluation for {repo}",
    "Refactor pipeline configuration",
    "Update dependencies",
    "Improve error handling",
    "Add tests",
    "Document the API",
    "Tune batch size",
)


def commit(record: Record, user: Record, sha: str, epoch: float, base: str) -> dict[str, Any]:
    """One synthesised commit object, as ``GET /repos/{o}/{r}/commits`` lists it."""
    name = record["full_name"]
    api = f"{base}/repos/{name}"
    person = {
        "name": user.get("name") or user["login"],
        "email": f"{user['id']}+{user['login']}@{NOREPLY}",
        "date": iso(epoch),
    }
    tree = sha1(sha + ":tree")
    parent = sha1(sha + ":parent")
    message = _MESSAGES[int(sha[:4], 16) % len(_MESSAGES)].format(repo=record["name"])
    return {
        "sha": sha,
        "node_id": base64.b64encode(f"06:Commit{record['id']}:{sha}".encode()).decode(),
        "commit": {
            "author": person,
            "committer": dict(person),
            "message": message,
            "tree": {"sha": tree, "url": f"{api}/git/trees/{tree}"},
            "url": f"{api}/git/commits/{sha}",
            "comment_count": 0,
            "verification": {
                "verified": False,
                "reason": "unsigned",
                "signature": None,
                "payload": None,
                "verified_at": None,
            },
        },
        "url": f"{api}/commits/{sha}",
        "html_url": f"{base}/github.com/{name}/commit/{sha}",
        "comments_url": f"{api}/commits/{sha}/comments",
        "author": simple_user(user, base),
        "committer": simple_user(user, base),
        "parents": [
            {
                "sha": parent,
                "url": f"{api}/commits/{parent}",
                "html_url": f"{base}/github.com/{name}/commit/{parent}",
            }
        ],
    }


# Events ----------------------------------------------------------------------------------


def event(record: Record, base: str, world: World) -> dict[str, Any]:
    """A public event; PushEvent payloads lose ``commits`` as GitHub serves them since 2025."""
    login = record["actor"]["login"]
    user = world.users.get(login.lower())
    actor_id = user["id"] if user else record["actor"].get("id", 0)
    repo_name = record["repo"]["name"]
    target = world.repos.get(repo_name.lower())
    payload = dict(record.get("payload") or {})
    if record["type"] == "PushEvent":
        payload.pop("commits", None)
    out: dict[str, Any] = {
        "id": record["id"],
        "type": record["type"],
        "actor": {
            "id": actor_id,
            "login": login,
            "display_login": login,
            "gravatar_id": "",
            "url": f"{base}/users/{login}",
            "avatar_url": avatar(base, actor_id),
        },
        "repo": {
            "id": target["id"] if target else record["repo"].get("id", 0),
            "name": repo_name,
            "url": f"{base}/repos/{repo_name}",
        },
        "payload": payload,
        "public": record.get("public", True),
        "created_at": record["created_at"],
    }
    return _extras(out, record)


# Contents --------------------------------------------------------------------------------


def blob_sha(content: bytes) -> str:
    """Git's blob id, as GitHub reports it in ``sha``."""
    return hashlib.sha1(b"blob %d\x00" % len(content) + content).hexdigest()


def content_entry(record: Record, path: str, data: bytes | None, base: str) -> dict[str, Any]:
    """A contents item: a file when ``data`` is given, else a directory."""
    name = record["full_name"]
    branch = record.get("default_branch", "main")
    api = f"{base}/repos/{name}/contents/{path}?ref={branch}"
    kind = "file" if data is not None else "dir"
    sha = blob_sha(data) if data is not None else sha1(f"{name}:{path}:tree")
    html = f"{base}/github.com/{name}/{'blob' if data is not None else 'tree'}/{branch}/{path}"
    git = f"{base}/repos/{name}/git/{'blobs' if data is not None else 'trees'}/{sha}"
    download = (
        f"{base}/raw.githubusercontent.com/{name}/{branch}/{path}" if data is not None else None
    )
    return {
        "name": path.rsplit("/", 1)[-1],
        "path": path,
        "sha": sha,
        "size": len(data) if data is not None else 0,
        "url": api,
        "html_url": html,
        "git_url": git,
        "download_url": download,
        "type": kind,
        "_links": {"self": api, "git": git, "html": html},
    }


def file_content(record: Record, path: str, data: bytes, base: str) -> dict[str, Any]:
    """``GET /repos/{o}/{r}/contents/{path}`` for a file: base64 in 60-character lines."""
    encoded = base64.b64encode(data).decode()
    wrapped = "".join(encoded[i : i + 60] + "\n" for i in range(0, len(encoded), 60))
    entry = content_entry(record, path, data, base)
    out: dict[str, Any] = {"type": "file", "encoding": "base64"}
    out.update((k, v) for k, v in entry.items() if k != "type")
    out["content"] = wrapped
    return out
