"""What a saved search's definition means: its filters, stored as the CLI options they came
from, turned back into a ``SearchRequest``. They are validated with ``build_request`` when
saved, so a bad filter fails at ``add`` time, not weeks later. The definitions and runs
themselves are stored by ``talent.store.saved``.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from typing import Any

from talent.errors import ConfigError
from talent.search.request import SearchRequest, build_request

# build_request keyword -> the CLI flag that sets it (for display and copy-paste).
FILTER_FLAGS = {
    "track": "--track",
    "place": "--country",
    "seniority": "--seniority",
    "min_signals": "--min-signal",
    "active_within": "--active-within",
    "hireable": "--hireable",
    "include_contacted": "--include-contacted",
    "limit": "--limit",
}
_REPEATED = ("seniority", "min_signals")


# Definitions -----------------------------------------------------------------------------
def clean_filters(**filters: Any) -> dict[str, Any]:
    """The filters worth storing: known keys, set values only, lists for repeated flags."""
    unknown = sorted(set(filters) - set(FILTER_FLAGS))
    if unknown:
        raise ConfigError(f"unknown saved-search filter {unknown[0]!r}", _filters_hint())
    cleaned: dict[str, Any] = {}
    for key, value in filters.items():
        if value is None or value is False or value == () or value == []:
            continue
        cleaned[key] = list(value) if key in _REPEATED else value
    return cleaned


def _filters_hint() -> str:
    return "filters: " + ", ".join(FILTER_FLAGS.values())


def request_for(query: str, filters: Mapping[str, Any]) -> SearchRequest:
    """The search a saved definition stands for (raises ConfigError for a bad filter)."""
    unknown = sorted(set(filters) - set(FILTER_FLAGS))
    if unknown:
        raise ConfigError(
            f"saved search has an unknown filter {unknown[0]!r}",
            "re-create it with `talent saved add NAME QUERY --replace`",
        )
    args = {k: tuple(v) if k in _REPEATED else v for k, v in filters.items()}
    return build_request(query, **args)


def describe_filters(filters: Mapping[str, Any]) -> str:
    """The filters as the command-line flags that set them (``--track rag --limit 20``)."""
    parts: list[str] = []
    for key, flag in FILTER_FLAGS.items():
        value = filters.get(key)
        if value is None or value is False:
            continue
        if value is True:
            parts.append(flag)
        elif key in _REPEATED:
            parts += [f"{flag} {shlex.quote(str(v))}" for v in value]
        else:
            parts.append(f"{flag} {shlex.quote(str(value))}")
    return " ".join(parts)
