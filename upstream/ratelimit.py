"""Budgets (fixed windows per client and resource), in-flight counts and served-request stats.

Clients are keyed by a masked identity (``token:3f9a1c2b`` or ``anon:127.0.0.1``); raw tokens
never get here.
"""

from __future__ import annotations

import base64
import hashlib
import math
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass


@dataclass(frozen=True)
class Budget:
    """The state of one client's bucket after a request: what the rate-limit headers say."""

    resource: str
    limit: int
    used: int
    reset_at: float

    @property
    def remaining(self) -> int:
        return max(self.limit - self.used, 0)

    @property
    def reset_epoch(self) -> int:
        return math.ceil(self.reset_at)

    def seconds_to_reset(self, now: float) -> int:
        return max(math.ceil(self.reset_at - now), 0)


def identify(authorization: str | None, client_ip: str) -> tuple[str, bool]:
    """Masked identity and whether a credential was sent (``token X``, ``Bearer X``, Basic)."""
    if authorization:
        scheme, _, credential = authorization.strip().partition(" ")
        credential = credential.strip()
        if scheme.lower() == "basic":
            credential = _basic_password(credential)
        if credential:
            digest = hashlib.sha256(credential.encode()).hexdigest()[:8]
            return f"token:{digest}", True
    return f"anon:{client_ip}", False


def _basic_password(encoded: str) -> str:
    try:
        return base64.b64decode(encoded).decode("utf-8", "replace").partition(":")[2] or encoded
    except ValueError:
        return encoded


class FixedWindows:
    """Per-key fixed windows; a key's window starts with its first request, as on GitHub."""

    def __init__(self, resource: str, window: float) -> None:
        self.resource = resource
        self.window = window
        self._state: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str, limit: int, now: float | None = None) -> tuple[bool, Budget]:
        """Charge one request if the budget allows it."""
        now = time.time() if now is None else now
        with self._lock:
            state = self._current(key, now)
            allowed = state[1] < limit
            if allowed:
                state[1] += 1
            return allowed, Budget(self.resource, limit, int(state[1]), state[0])

    def give_back(self, key: str) -> None:
        """Undo one charge (an authenticated 304)."""
        with self._lock:
            state = self._state.get(key)
            if state and state[1] > 0:
                state[1] -= 1

    def peek(self, key: str, limit: int, now: float | None = None) -> Budget:
        now = time.time() if now is None else now
        with self._lock:
            state = self._state.get(key)
            if state is None or now >= state[0]:
                return Budget(self.resource, limit, 0, now + self.window)
            return Budget(self.resource, limit, int(state[1]), state[0])

    def reset(self) -> None:
        with self._lock:
            self._state.clear()

    def _current(self, key: str, now: float) -> list[float]:
        state = self._state.get(key)
        if state is None or now >= state[0]:
            state = [now + self.window, 0]
            self._state[key] = state
        return state


class InFlight:
    """How many requests each identity has in progress (for the secondary limit)."""

    def __init__(self) -> None:
        self._counts: defaultdict[str, int] = defaultdict(int)
        self._lock = threading.Lock()

    def enter(self, key: str) -> int:
        with self._lock:
            self._counts[key] += 1
            return self._counts[key]

    def leave(self, key: str) -> None:
        with self._lock:
            self._counts[key] -= 1
            if self._counts[key] <= 0:
                del self._counts[key]

    def total(self) -> int:
        with self._lock:
            return sum(self._counts.values())


class Stats:
    """Counters of what the simulator served, for ``GET /__simulator__/stats``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.started = time.time()
            self.requests = 0
            self.charged = 0
            self.not_modified = 0
            self.by_status: Counter[str] = Counter()
            self.by_endpoint: Counter[str] = Counter()
            self.by_token: Counter[str] = Counter()
            self.faults: Counter[str] = Counter()
            self.limited: Counter[str] = Counter()

    def record(
        self,
        endpoint: str,
        identity: str,
        status: int | None,
        *,
        charged: bool = False,
        fault: str | None = None,
        limited: str | None = None,
    ) -> None:
        with self._lock:
            self.requests += 1
            self.by_endpoint[endpoint] += 1
            self.by_token[identity] += 1
            if status is not None:
                self.by_status[str(status)] += 1
            self.charged += charged
            self.not_modified += status == 304
            if fault:
                self.faults[fault] += 1
            if limited:
                self.limited[limited] += 1

    def snapshot(self) -> dict[str, object]:
        with self._lock:
            return {
                "requests": self.requests,
                "charged": self.charged,
                "not_modified": self.not_modified,
                "by_status": dict(self.by_status),
                "by_endpoint": dict(self.by_endpoint),
                "by_token": dict(self.by_token),
                "faults": dict(self.faults),
                "limited": dict(self.limited),
                "uptime_s": round(time.time() - self.started, 3),
            }


class Limits:
    """The primary budgets: GitHub ``core`` and ``search``, and the Hub's ``api`` window."""

    ANON_SEARCH_LIMIT = 10  # GitHub's unauthenticated search limit per minute

    def __init__(
        self,
        *,
        core_limit: int,
        anon_limit: int,
        search_limit: int,
        window: float,
        search_window: float,
        hf_limit: int,
        hf_window: float,
    ) -> None:
        self._limits = {
            ("core", True): core_limit,
            ("core", False): anon_limit,
            ("search", True): search_limit,
            ("search", False): min(search_limit, self.ANON_SEARCH_LIMIT),
            ("hf", True): hf_limit,
            ("hf", False): hf_limit,
        }
        self._windows = {
            "core": FixedWindows("core", window),
            "search": FixedWindows("search", search_window),
            "hf": FixedWindows("api", hf_window),
        }

    def limit(self, resource: str, authenticated: bool) -> int:
        return self._limits[(resource, authenticated)]

    def window(self, resource: str) -> float:
        return self._windows[resource].window

    def take(self, resource: str, identity: str, authenticated: bool) -> tuple[bool, Budget]:
        return self._windows[resource].take(identity, self.limit(resource, authenticated))

    def give_back(self, resource: str, identity: str) -> None:
        self._windows[resource].give_back(identity)

    def peek(self, resource: str, identity: str, authenticated: bool) -> Budget:
        return self._windows[resource].peek(identity, self.limit(resource, authenticated))

    def reset(self) -> None:
        for window in self._windows.values():
            window.reset()
