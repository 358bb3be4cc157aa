"""How reasons name months and short lists, the same way in every reason."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime


def month(when: datetime | None) -> str:
    return when.strftime("%Y-%m") if when else "unknown"


def few(items: Iterable[str], limit: int = 3) -> str:
    unique = list(dict.fromkeys(items))
    more = f" +{len(unique) - limit}" if len(unique) > limit else ""
    return ", ".join(unique[:limit]) + more
