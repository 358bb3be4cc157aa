"""What handlers receive and return: the request, the reply, pagination and Link headers."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import format_datetime
from functools import cached_property
from typing import Any
from urllib.parse import parse_qs, unquote_plus

from talent.upstream.world import parse_time

JSON_TYPE = "application/json; charset=utf-8"
TEXT_TYPE = "text/plain; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"
GITHUB_DOCS = "https://docs.github.com/rest"


@dataclass(frozen=True)
class Request:
    """One API request as the handlers see it; ``identity`` is already masked."""

    method: str
    path: str
    raw_query: str
    base: str
    identity: str
    authenticated: bool
    headers: Mapping[str, str] = field(default_factory=dict)

    @cached_property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(self.raw_query, keep_blank_values=True)

    def param(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default

    def params(self, name: str) -> list[str]:
        """All values of ``name`` and ``name[]``, comma-separated ones split."""
        raw = self.query.get(name, []) + self.query.get(f"{name}[]", [])
        return [part for value in raw for part in value.split(",") if part]

    def int_param(self, name: str, default: int) -> int:
        try:
            return int(self.param(name) or default)
        except ValueError:
            return default


@dataclass(frozen=True)
class Reply:
    """A response before the server adds rate-limit and common headers."""

    status: int
    body: bytes = b""
    content_type: str | None = JSON_TYPE
    headers: tuple[tuple[str, str], ...] = ()
    last_modified: str | None = None
    etag: str | None = None

    def with_etag(self, base: str) -> Reply:
        """A 200 gets a weak ETag of its body, blind to the base URL so restarts keep it."""
        if self.status != 200 or self.etag is not None:
            return self
        return replace(self, etag=weak_etag(self.body.replace(base.encode(), b"")))


Handler = Callable[..., Reply]


def weak_etag(body: bytes) -> str:
    return f'W/"{hashlib.sha256(body).hexdigest()}"'


def dumps(data: Any) -> bytes:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    try:
        return text.encode()
    except UnicodeEncodeError:
        # A lone surrogate has no UTF-8 form; JSON can still carry it as a \uXXXX escape,
        # which is how a broken upstream payload reaches clients.
        return json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode()


def json_reply(
    data: Any,
    status: int = 200,
    headers: Sequence[tuple[str, str]] = (),
    last_modified: str | None = None,
) -> Reply:
    return Reply(status, dumps(data), JSON_TYPE, tuple(headers), last_modified)


def http_date(iso_time: str | None) -> str | None:
    """ISO 8601 -> the HTTP date of ``Last-Modified``; None when absent or unreadable."""
    if not iso_time:
        return None
    try:
        epoch = parse_time(iso_time)
    except ValueError:
        return None
    return format_datetime(datetime.fromtimestamp(epoch, UTC), usegmt=True)


def github_error(status: int, message: str, docs: str = GITHUB_DOCS, **extra: Any) -> Reply:
    return json_reply(
        {"message": message, **extra, "documentation_url": docs, "status": str(status)}, status
    )


def github_not_found() -> Reply:
    return github_error(404, "Not Found")


def hf_error(status: int, message: str, code: str | None = None) -> Reply:
    headers = [("X-Error-Message", message)]
    if code:
        headers.append(("X-Error-Code", code))
    return json_reply({"error": message}, status, headers)


# Pagination ------------------------------------------------------------------------------


def page_window(request: Request, default: int = 30, maximum: int = 100) -> tuple[int, int]:
    """(page, per_page) from the query, clamped the way GitHub clamps them."""
    per_page = request.int_param("per_page", default)
    per_page = default if per_page <= 0 else min(per_page, maximum)
    return max(request.int_param("page", 1), 1), per_page


def paginate(
    request: Request,
    items: Sequence[Any],
    *,
    link_path: str | None = None,
    default: int = 30,
    maximum: int = 100,
    reachable: int | None = None,
) -> tuple[Sequence[Any], str | None]:
    """The page's slice and its Link header (``reachable`` caps what later pages can see)."""
    page, per_page = page_window(request, default, maximum)
    visible = len(items) if reachable is None else min(len(items), reachable)
    last = max(1, -(-visible // per_page))
    start = (page - 1) * per_page
    chunk = items[start : min(start + per_page, visible)] if start < visible else []
    return chunk, link_header(request, page, last, link_path)


def link_header(request: Request, page: int, last: int, path: str | None = None) -> str | None:
    """GitHub's Link: next/last until the last page, first/prev from page 2 on."""
    rels: list[tuple[str, int]] = []
    if page < last:
        rels += [("next", page + 1), ("last", last)]
    if page > 1:
        rels += [("first", 1), ("prev", min(page - 1, last))]
    if not rels:
        return None
    target = request.base + (path or request.path)
    return ", ".join(
        f'<{target}?{with_param(request.raw_query, "page", str(n))}>; rel="{rel}"'
        for rel, n in rels
    )


def with_param(raw_query: str, name: str, value: str | None) -> str:
    """The raw query with ``name`` set to ``value`` (in place, else appended), or removed."""
    pairs = [pair for pair in raw_query.split("&") if pair]
    out: list[str] = []
    placed = False
    for pair in pairs:
        if unquote_plus(pair.partition("=")[0]) != name:
            out.append(pair)
        elif value is not None and not placed:
            out.append(f"{name}={value}")
            placed = True
    if value is not None and not placed:
        out.append(f"{name}={value}")
    return "&".join(out)
