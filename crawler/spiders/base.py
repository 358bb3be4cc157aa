"""What the GitHub and Hub spiders share: API requests, JSON payloads, Link pagination, caps."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from typing import Any, ClassVar
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response

from talent.settings import Settings
from talent.store.forget import identity_keys

logger = logging.getLogger(__name__)
_LINK = re.compile(r'<([^>]+)>\s*;\s*rel="([^"]+)"')


def link_rels(header: str | None) -> dict[str, str]:
    """``Link`` header -> {rel: url}; templated URLs such as ``/users{?since}`` are skipped."""
    if not header:
        return {}
    return {rel: url for url, rel in _LINK.findall(header) if "{" not in url}


class ApiSpider(scrapy.Spider):
    """A spider of one JSON API. Subclasses set ``api`` ("github" or "hf")."""

    api: ClassVar[str]
    profile_priority: ClassVar[int] = 20

    def __init__(
        self,
        *args: Any,
        names: str | list[str] | tuple[str, ...] = (),
        discover: bool | str = True,
        max_people: int | str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # Strings arrive from `scrapy crawl -a names=a,b`; lists from talent crawl.
        self.names = [n for n in names.split(",") if n] if isinstance(names, str) else list(names)
        self.discover = discover not in (False, "false", "0", "no")
        self.max_people = int(max_people) if max_people else None
        self.claimed: set[str] = set()
        self._forgotten: set[str] | None = None  # hashed identities, loaded on first claim

    @property
    def talent(self) -> Settings:
        return self.crawler.settings["TALENT_SETTINGS"]

    @property
    def base_url(self) -> str:
        return self.talent.github_base if self.api == "github" else self.talent.hf_base

    def url(self, path: str, **params: Any) -> str:
        query = urlencode([(k, v) for k, v in params.items() if v is not None], doseq=True)
        return f"{self.base_url}{path}" + (f"?{query}" if query else "")

    def get(
        self,
        url: str,
        callback: Callable[..., Any],
        *,
        meta: dict[str, Any] | None = None,
        priority: int = 0,
        allow: tuple[int, ...] = (),
        again: bool = False,
    ) -> scrapy.Request:
        full = url if url.startswith("http") else f"{self.base_url}{url}"
        request_meta = {"api": self.api, **(meta or {})}
        if allow:
            request_meta["handle_httpstatus_list"] = list(allow)
        return scrapy.Request(
            full,
            callback=callback,
            meta=request_meta,
            priority=priority,
            dont_filter=again,
            headers=self.default_headers(),
        )

    def default_headers(self) -> dict[str, str]:
        return {"Accept": "application/json"}

    def payload(self, response: Response) -> Any:
        """The parsed JSON body (parsed once by JsonBodyMiddleware), or None."""
        if response.status != 200:
            return None
        return response.meta.get("_json")

    def expect(self, response: Response, kind: type) -> Any:
        """The payload if it has the expected JSON type, else None (counted and logged)."""
        data = self.payload(response)
        if isinstance(data, kind):
            return data
        self.crawler.stats.inc_value("talent/dropped")
        self.crawler.stats.inc_value("talent/dropped/unexpected_shape")
        logger.warning(
            "dropped %s: expected a JSON %s, got %s",
            response.url,
            kind.__name__,
            type(data).__name__,
        )
        return None

    def next_page(self, response: Response) -> str | None:
        header = response.headers.get(b"Link")
        return link_rels(header.decode("latin-1") if header else None).get("next")

    def claim(self, name: str) -> bool:
        """True the first time a person is seen, while the run's person cap allows; never for
        a forgotten person (their profile is not even requested)."""
        key = name.lower()
        if key in self.claimed:
            return False
        if self._is_forgotten(name):
            self.claimed.add(key)
            self.crawler.stats.inc_value("talent/forgotten_skipped")
            return False
        if self.max_people is not None and len(self.claimed) >= self.max_people:
            self.crawler.stats.inc_value("talent/people_capped")
            return False
        self.claimed.add(key)
        self.crawler.stats.inc_value(f"talent/{self.api}/people_claimed")
        return True

    def _is_forgotten(self, name: str) -> bool:
        if self._forgotten is None:
            from talent.crawler.context import store_engine
            from talent.store.forget import all_forgotten

            self._forgotten = all_forgotten(store_engine(self.crawler))
        if not self._forgotten:
            return False
        keys = (
            identity_keys(logins=[name]) if self.api == "github" else identity_keys(hf_names=[name])
        )
        return not self._forgotten.isdisjoint(keys)

    def dicts(self, data: list[Any]) -> Iterator[dict[str, Any]]:
        for entry in data:
            if isinstance(entry, dict):
                yield entry
            else:
                self.crawler.stats.inc_value("talent/dropped/unexpected_shape")
