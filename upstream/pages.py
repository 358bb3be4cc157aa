"""The small web pages that ``html_url``s point at, and raw file downloads.

``{base}/github.com/{login}``, ``{base}/github.com/{owner}/{repo}[/...]``,
``{base}/raw.githubusercontent.com/{owner}/{repo}/{ref}/{path}``, and on the Hub side
``{base}/huggingface.co/{id}``, ``.../datasets/{id}``, ``.../spaces/{id}`` and
``{base}/huggingface.co/{user}``, plus placeholder avatars at ``{base}/avatars/...``. They use
no budget and never get faults.
"""

from __future__ import annotations

import html
from urllib.parse import unquote

from talent.upstream.replies import HTML_TYPE, TEXT_TYPE, Reply, Request
from talent.upstream.routing import Route, route
from talent.upstream.world import World

_NOT_FOUND = Reply(404, b"<!doctype html><title>Not Found</title><h1>404</h1>\n", HTML_TYPE)
_AVATAR = Reply(
    200,
    b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
    b'<rect width="40" height="40" fill="#ccc"/></svg>',
    "image/svg+xml",
)


def page(title: str, *lines: str) -> Reply:
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    text = f"<!doctype html><html><head><title>{html.escape(title)}</title></head>"
    text += f"<body><h1>{html.escape(title)}</h1>{body}</body></html>\n"
    return Reply(200, text.encode(), HTML_TYPE)


class Pages:
    def __init__(self, world: World) -> None:
        self.world = world

    def routes(self) -> list[Route]:
        return [
            route(r"^/github\.com/([^/]+)$", "/github.com/{login}", self.gh_account, "page", None),
            route(
                r"^/github\.com/([^/]+)/([^/]+)(/.*)?$",
                "/github.com/{owner}/{repo}",
                self.gh_repo,
                "page",
                None,
            ),
            route(
                r"^/raw\.githubusercontent\.com/([^/]+)/([^/]+)/([^/]+)/(.+)$",
                "/raw.githubusercontent.com/{owner}/{repo}/{ref}/{path}",
                self.raw,
                "page",
                None,
            ),
            route(
                r"^/huggingface\.co/(datasets|spaces)/([^/]+/[^/]+)$",
                "/huggingface.co/{kind}/{repo_id}",
                self.hf_artifact,
                "page",
                None,
            ),
            route(
                r"^/huggingface\.co/([^/]+/[^/]+)$",
                "/huggingface.co/{repo_id}",
                self.hf_model,
                "page",
                None,
            ),
            route(r"^/avatars/.+$", "/avatars/{avatar}", self.avatar, "page", None),
            route(
                r"^/huggingface\.co/([^/]+)$",
                "/huggingface.co/{name}",
                self.hf_account,
                "page",
                None,
            ),
        ]

    def avatar(self, request: Request) -> Reply:
        return _AVATAR

    def gh_account(self, request: Request, login: str) -> Reply:
        user = self.world.users.get(unquote(login).lower())
        if user is None:
            return _NOT_FOUND
        return page(user["login"], user.get("name") or "", user["type"], user.get("bio") or "")

    def gh_repo(self, request: Request, owner: str, name: str, rest: str = "") -> Reply:
        repo = self.world.repos.get(f"{unquote(owner)}/{unquote(name)}".lower())
        if repo is None:
            return _NOT_FOUND
        return page(repo["full_name"], repo.get("description") or "", unquote(rest))

    def raw(self, request: Request, owner: str, name: str, ref: str, path: str) -> Reply:
        repo = self.world.repos.get(f"{unquote(owner)}/{unquote(name)}".lower())
        item = self.world.files.get(repo["id"], {}).get(unquote(path)) if repo else None
        if item is None:
            return Reply(404, b"404: Not Found", TEXT_TYPE)
        return Reply(200, item["content"].encode(), TEXT_TYPE)

    def hf_artifact(self, request: Request, plural: str, repo_id: str) -> Reply:
        return self._artifact(plural[:-1], unquote(repo_id))

    def hf_model(self, request: Request, repo_id: str) -> Reply:
        return self._artifact("model", unquote(repo_id))

    def _artifact(self, kind: str, repo_id: str) -> Reply:
        item = self.world.hf[kind].by_id.get(repo_id.lower())
        if item is None:
            return _NOT_FOUND
        return page(item["id"], f"Hugging Face {kind}", " ".join(item.get("tags", [])))

    def hf_account(self, request: Request, name: str) -> Reply:
        account = self.world.hf_accounts.get(unquote(name).lower())
        if account is None:
            return _NOT_FOUND
        return page(account["name"], account.get("fullname") or "", account.get("details") or "")
