"""Injected faults: which ones, how likely, and a reproducible way to decide them.

A fault is decided from a hash of (seed, method, path+query, how many times that exact URL was
requested before), never from a shared random generator, so one crawl sees the same faults
whatever the thread scheduling, and a retried request draws again and can succeed.
"""

from __future__ import annotations

import hashlib
import threading
from collections import defaultdict
from dataclasses import dataclass

# Spec names (as typed on the command line) -> FaultSpec attribute, in decision order.
FAULT_NAMES: dict[str, str] = {
    "500": "p500",
    "502": "p502",
    "503": "p503",
    "reset": "reset",
    "slow": "slow",
    "truncate": "truncate",
    "malformed": "malformed",
    "secondary": "secondary",
    "401": "p401",  # the token is rejected: "Bad credentials" (GitHub), "Invalid credentials" (Hub)
}
VALID_NAMES = (*FAULT_NAMES, "slow_seconds")


@dataclass(frozen=True)
class FaultSpec:
    """Probability of each fault per API request; all zero means a well-behaved server."""

    p500: float = 0.0
    p502: float = 0.0
    p503: float = 0.0
    reset: float = 0.0
    slow: float = 0.0
    truncate: float = 0.0
    malformed: float = 0.0
    secondary: float = 0.0
    p401: float = 0.0
    slow_seconds: float = 2.0

    @property
    def total(self) -> float:
        return sum(getattr(self, attr) for attr in FAULT_NAMES.values())

    @property
    def enabled(self) -> bool:
        return self.total > 0

    def pick(self, draw: float) -> str | None:
        """The fault (spec name) that a uniform ``draw`` in [0, 1) lands on, or None."""
        edge = 0.0
        for name, attr in FAULT_NAMES.items():
            edge += getattr(self, attr)
            if draw < edge:
                return name
        return None


def parse_faults(spec: str) -> FaultSpec:
    """Parse ``"500=0.05,reset=0.02,slow_seconds=1.5"``; raises ValueError naming valid names."""
    try:
        return _parse(spec)
    except ValueError as exc:
        raise ValueError(f"{exc} (valid names: {', '.join(VALID_NAMES)})") from None


def _parse(spec: str) -> FaultSpec:
    values: dict[str, float] = {}
    for item in (part.strip() for part in spec.split(",")):
        if not item:
            continue
        name, sep, raw = item.partition("=")
        name = name.strip()
        if not sep or name not in VALID_NAMES:
            raise ValueError(f"unknown fault {item!r}: use NAME=NUMBER")
        values[name] = _parse_number(name, raw.strip())
    kwargs = {FAULT_NAMES.get(name, name): value for name, value in values.items()}
    result = FaultSpec(**kwargs)
    if result.total > 1.0 + 1e-9:
        raise ValueError(f"fault probabilities sum to {result.total:.3f}, more than 1")
    return result


def _parse_number(name: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"fault {name}={raw!r}: {raw!r} is not a number") from None
    if name == "slow_seconds":
        if not 0 <= value <= 600:
            raise ValueError(f"slow_seconds={raw} must be between 0 and 600 seconds")
    elif not 0.0 <= value <= 1.0:
        raise ValueError(f"fault {name}={raw} is not a probability in [0, 1]")
    return value


class FaultPlan:
    """Decides, reproducibly, which fault (if any) a request gets."""

    def __init__(self, spec: FaultSpec, seed: int) -> None:
        self.spec = spec
        self.seed = seed
        self._seen: defaultdict[str, int] = defaultdict(int)
        self._lock = threading.Lock()

    def decide(self, method: str, target: str) -> str | None:
        """The fault for this request (path+query ``target``), counting it as one more try."""
        if not self.spec.enabled:
            return None
        key = f"{method} {target}"
        with self._lock:
            attempt = self._seen[key]
            self._seen[key] = attempt + 1
        return self.spec.pick(_draw(self.seed, key, attempt))

    def reset(self) -> None:
        with self._lock:
            self._seen.clear()


def _draw(seed: int, key: str, attempt: int) -> float:
    digest = hashlib.blake2b(f"{seed}\x00{key}\x00{attempt}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64
