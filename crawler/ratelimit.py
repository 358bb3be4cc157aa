"""Reading the services' rate-limit headers (pure functions, unit-tested).

GitHub: ``X-RateLimit-Remaining`` / ``-Reset`` (epoch seconds) / ``-Resource`` per response;
a secondary limit is a 403 or 429 with ``Retry-After`` (and no reset). The Hub: IETF-draft
``RateLimit: "api";r=<remaining>;t=<seconds to reset>`` and a 429 when over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HF_RATELIMIT = re.compile(r"r=(\d+)\s*;\s*t=(\d+)")
_SECONDARY_WORDS = ("secondary rate limit", "abuse detection")


@dataclass(frozen=True, slots=True)
class Budget:
    """What a response says about the remaining budget of one bucket."""

    remaining: int | None
    reset_at: float | None  # epoch seconds
    limit: int | None = None

    def at_reserve(self, reserve: int) -> bool:
        """Whether to wait for the reset; the reserve shrinks for small buckets (search: 30)."""
        if self.remaining is None:
            return False
        if self.limit:
            reserve = min(reserve, self.limit // 10)
        return self.remaining <= reserve


def github_budget(headers: dict[str, str]) -> Budget:
    remaining = _int(headers.get("x-ratelimit-remaining"))
    reset = _int(headers.get("x-ratelimit-reset"))
    limit = _int(headers.get("x-ratelimit-limit"))
    return Budget(remaining, float(reset) if reset is not None else None, limit)


def hf_budget(headers: dict[str, str], now: float) -> Budget:
    match = _HF_RATELIMIT.search(headers.get("ratelimit", ""))
    if not match:
        return Budget(None, None)
    return Budget(int(match.group(1)), now + int(match.group(2)))


def retry_after(headers: dict[str, str]) -> float | None:
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date; callers fall back to backoff


def is_secondary_limit(status: int, headers: dict[str, str], body: bytes) -> bool:
    if status not in (403, 429):
        return False
    if "retry-after" in headers:
        return True
    text = body[:2000].decode("utf-8", "replace").lower()
    return any(word in text for word in _SECONDARY_WORDS)


def is_primary_exhausted(status: int, headers: dict[str, str]) -> bool:
    return status in (403, 429) and headers.get("x-ratelimit-remaining") == "0"


def bucket_for(api: str, path: str) -> str:
    if api == "github" and path.startswith("/search/"):
        return "github:search"
    return f"{api}:core"


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
