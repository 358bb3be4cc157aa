"""Routes: a path pattern, the endpoint template stats count it under, and its budget."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from talent.upstream.replies import Handler


@dataclass(frozen=True)
class Route:
    pattern: re.Pattern[str]
    template: str
    handler: Handler
    family: str  # "github", "hf" or "page"
    resource: str | None  # budget it draws on: "core", "search", "hf", or None
    charged: bool = True  # False: shows the budget without using it (/rate_limit)
    cacheable: bool = True  # the same URL always gets the same reply


def route(
    regex: str,
    template: str,
    handler: Handler,
    family: str,
    resource: str | None,
    *,
    charged: bool = True,
    cacheable: bool = True,
) -> Route:
    return Route(re.compile(regex), template, handler, family, resource, charged, cacheable)


class Router:
    """Finds the route of a path, trying only routes whose template shares its first segment."""

    def __init__(self, routes: Iterable[Route]) -> None:
        self._by_head: defaultdict[str, list[Route]] = defaultdict(list)
        for item in routes:
            self._by_head[_head(item.template)].append(item)

    def match(self, path: str) -> tuple[Route, tuple[str, ...]] | None:
        """The route and its captured path parts (positional, unset optional ones left out)."""
        for item in self._by_head.get(_head(path), ()):
            found = item.pattern.match(path)
            if found:
                return item, tuple(part for part in found.groups() if part is not None)
        return None


def _head(path: str) -> str:
    return path.split("/", 2)[1] if path.startswith("/") else ""
