"""Canned answers and headers as GitHub and the Hub send them: errors, limits, faults, 304s."""

from __future__ import annotations

import time
from collections.abc import Mapping
from email.utils import formatdate, parsedate_to_datetime

from talent.upstream.ratelimit import Budget
from talent.upstream.replies import (
    HTML_TYPE,
    JSON_TYPE,
    Reply,
    Request,
    dumps,
    github_error,
    github_not_found,
    hf_error,
    json_reply,
    weak_etag,
)

GITHUB_HEADERS = (
    (
        "Vary",
        "Accept, Authorization, Cookie, X-GitHub-OTP, Accept-Encoding, Accept, X-Requested-With",
    ),
    ("X-GitHub-Media-Type", "github.v3; format=json"),
    ("x-github-api-version-selected", "2022-11-28"),
    (
        "Access-Control-Expose-Headers",
        "ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, "
        "X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, "
        "X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, "
        "X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset",
    ),
    ("Access-Control-Allow-Origin", "*"),
    ("X-Content-Type-Options", "nosniff"),
)
HF_HEADERS = (
    ("Vary", "Origin"),
    ("Access-Control-Allow-Origin", "https://huggingface.co"),
    (
        "Access-Control-Expose-Headers",
        "X-Repo-Commit,X-Request-Id,X-Error-Code,X-Error-Message,X-Total-Count,ETag,Link,"
        "Accept-Ranges,Content-Range",
    ),
    ("X-Powered-By", "huggingface-moon"),
)
SECONDARY_MESSAGE = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
)
RATE_DOCS = "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api"
HTML_503 = (
    b"<html><body><h1>503 Service Unavailable</h1>"
    b"No server is available to handle this request.</body></html>"
)
FAULT_STATUS = {
    "500": 500,
    "502": 502,
    "503": 503,
    "truncate": 200,
    "malformed": 200,
    "secondary": 403,
    "401": 401,
}


def not_found(family: str) -> Reply:
    if family == "hf":
        return hf_error(404, "Sorry, we can't find the page you are looking for.")
    if family == "page":
        return Reply(404, b"<!doctype html><title>Not Found</title><h1>404</h1>\n", HTML_TYPE)
    return github_not_found()


def server_error(family: str) -> Reply:
    if family == "hf":
        return hf_error(500, "Internal Error")
    return github_error(500, "Server Error")


def fault_reply(fault: str, family: str) -> Reply:
    """The 500, 502, 503 and 401 faults, bodies as recorded (the 503 is HTML labelled JSON)."""
    if fault == "401":
        if family == "hf":
            return hf_error(401, "Invalid credentials in Authorization header")
        return github_error(401, "Bad credentials", "https://docs.github.com/rest")
    if fault == "503":
        return Reply(503, HTML_503, JSON_TYPE, etag=weak_etag(HTML_503))
    if fault == "502":
        body = dumps({"error": "Bad Gateway"} if family == "hf" else {"error": "Server Error"})
        return Reply(502, body, JSON_TYPE, etag=weak_etag(body))
    return server_error(family)


def secondary_reply(family: str, retry_after: int) -> Reply:
    """GitHub's secondary limit (403 + Retry-After, no budget headers); the Hub says 429."""
    retry = (("Retry-After", str(retry_after)),)
    if family == "hf":
        body = dumps({"error": "Too many concurrent requests, retry later"})
        return Reply(429, body, JSON_TYPE, retry)
    docs = f"{RATE_DOCS}#about-secondary-rate-limits"
    body = dumps({"message": SECONDARY_MESSAGE, "documentation_url": docs, "status": "403"})
    return Reply(403, body, JSON_TYPE, retry)


def exhausted_reply(request: Request, family: str, budget: Budget) -> Reply:
    """The primary budget is spent: GitHub 403 (Remaining 0), the Hub 429."""
    if family == "hf":
        wait = budget.seconds_to_reset(time.time())
        return hf_error(429, f"You have exceeded our API rate limit; retry in {wait} s")
    who = request.identity.partition(":")[2]
    subject = f"user ID {int(who, 16)}" if request.authenticated else who
    message = f"API rate limit exceeded for {subject}."
    if not request.authenticated:
        message += (
            " (But here's the good news: Authenticated requests get a higher rate limit."
            " Check out the documentation for more details.)"
        )
    return json_reply({"message": message, "documentation_url": RATE_DOCS}, 403)


def common_headers(family: str, authenticated: bool, request_id: int) -> list[tuple[str, str]]:
    headers = [
        ("Server", "github.com" if family == "github" else "simulator"),
        ("Date", formatdate(usegmt=True)),
    ]
    if family == "github":
        cache = "private" if authenticated else "public"
        headers.append(("Cache-Control", f"{cache}, max-age=60, s-maxage=60"))
        headers.extend(GITHUB_HEADERS)
        headers.append(("X-GitHub-Request-Id", _github_request_id(request_id)))
    elif family == "hf":
        headers.extend(HF_HEADERS)
        headers.append(("X-Request-Id", f"Root=1-{int(time.time()):08x}-{request_id:024x}"))
    return headers


def budget_headers(budget: Budget, family: str, window: float) -> list[tuple[str, str]]:
    """``X-RateLimit-*`` for GitHub; IETF ``RateLimit`` / ``RateLimit-Policy`` for the Hub."""
    if family == "hf":
        reset_in = budget.seconds_to_reset(time.time())
        return [
            ("RateLimit", f'"api";r={budget.remaining};t={reset_in}'),
            ("RateLimit-Policy", f'"fixed window";"api";q={budget.limit};w={int(window)}'),
        ]
    return [
        ("X-RateLimit-Limit", str(budget.limit)),
        ("X-RateLimit-Remaining", str(budget.remaining)),
        ("X-RateLimit-Reset", str(budget.reset_epoch)),
        ("X-RateLimit-Used", str(budget.used)),
        ("X-RateLimit-Resource", budget.resource),
    ]


def is_not_modified(headers: Mapping[str, str], reply: Reply) -> bool:
    """``If-None-Match`` (weak comparison) wins; else ``If-Modified-Since``."""
    tags = headers.get("If-None-Match")
    if tags is not None:
        if reply.etag is None:
            return False
        wanted = {_opaque(tag) for tag in tags.split(",")}
        return "*" in wanted or _opaque(reply.etag) in wanted
    since = headers.get("If-Modified-Since")
    if since and reply.last_modified:
        try:
            return parsedate_to_datetime(reply.last_modified) <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def not_modified(reply: Reply) -> Reply:
    return Reply(304, b"", None, (), reply.last_modified, reply.etag)


def _github_request_id(number: int) -> str:
    """Shaped like GitHub's ``DD00:44383:24E39C7F:25D8F4B0:67793FA2``."""
    mixed = number * 2654435761 & 0xFFFFFFFF
    return (
        f"{number >> 16:04X}:{number & 0xFFFF:05X}:{mixed:08X}:{number:08X}:{int(time.time()):08X}"
    )


def _opaque(tag: str) -> str:
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag
