"""The Hugging Face spider: finds authors through the seeds' tags, libraries and searches,
and profiles each one (overview, then their models, datasets and spaces).

The overview's ``numModels``/``numDatasets``/``numSpaces`` tell which listings can hold
anything, so empty ones are never requested.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from scrapy import Request
from scrapy.http import Response

from talent.crawler import parse
from talent.crawler.seeds import load_seeds
from talent.crawler.spiders.base import ApiSpider
from talent.store.items import HfProfiledItem, MembershipItem

KINDS = ("model", "dataset", "space")
LISTING = {"model": "/api/models", "dataset": "/api/datasets", "space": "/api/spaces"}
COUNT_KEY = {"model": "num_models", "dataset": "num_datasets", "space": "num_spaces"}
EXPAND = {
    "model": [
        "author",
        "downloads",
        "likes",
        "tags",
        "library_name",
        "pipeline_tag",
        "createdAt",
        "lastModified",
        "gated",
        "private",
    ],
    "dataset": [
        "author",
        "downloads",
        "likes",
        "tags",
        "createdAt",
        "lastModified",
        "gated",
        "private",
    ],
    "space": ["author", "likes", "tags", "sdk", "createdAt", "lastModified", "private"],
}
PAGE = 100


class HfSpider(ApiSpider):
    name = "hf"
    api = "hf"

    async def start(self) -> Any:
        seeds = load_seeds()
        self.bounds = seeds.bounds
        for name in self.names:
            for request in self.profile(name):
                yield request
        if not self.discover:
            return
        for listing in self._discovery_listings(seeds):
            yield listing
        for org in seeds.hf.organisations:
            yield self.get(
                f"/api/organizations/{quote(org)}/members",
                self.parse_org_members,
                meta={"org": org},
            )

    def _discovery_listings(self, seeds: Any) -> Iterator[Request]:
        seen: set[str] = set()
        for category in seeds.categories.values():
            queries = [("model", {"filter": tag}) for tag in category.hf_tags]
            queries += [("model", {"filter": lib}) for lib in category.hf_libraries]
            queries += [(kind, {"search": term}) for term in category.hf_search for kind in KINDS]
            for kind, params in queries:
                url = self.url(LISTING[kind], **params, sort="downloads", direction=-1, limit=PAGE)
                if url not in seen:
                    seen.add(url)
                    yield self.get(url, self.parse_listing, meta={"seen": 0}, priority=-5)

    def parse_listing(self, response: Response) -> Iterator[Any]:
        data = self.expect(response, list)
        if data is None:
            return
        for entry in self.dicts(data):
            hf_id = entry.get("id")
            author = entry.get("author") or (
                hf_id.split("/")[0] if isinstance(hf_id, str) and "/" in hf_id else None
            )
            if isinstance(author, str):
                yield from self.profile(author)
        seen = response.meta["seen"] + len(data)
        next_url = self.next_page(response)
        if next_url and seen < self.bounds.max_hf_results:
            yield self.get(next_url, self.parse_listing, meta={"seen": seen}, priority=-5)

    def parse_org_members(self, response: Response) -> Iterator[Any]:
        data = self.expect(response, list)
        if data is None:
            return
        for entry in self.dicts(data):
            name = entry.get("user") or entry.get("name")
            if not isinstance(name, str):
                continue
            yield MembershipItem(
                source_url=response.url,
                platform="hf",
                organisation=response.meta["org"],
                hf_name=name,
            )
            yield from self.profile(name)
        next_url = self.next_page(response)
        if next_url:
            yield self.get(next_url, self.parse_org_members, meta={"org": response.meta["org"]})

    # Profiles ----------------------------------------------------------------------------
    def profile(self, name: str) -> Iterator[Request]:
        if self.claim(name):
            yield self.get(
                f"/api/users/{quote(name)}/overview",
                self.parse_overview,
                meta={"name": name, "remember_absence": True},  # org names 404 here
                allow=(404,),
                priority=self.profile_priority,
            )

    def parse_overview(self, response: Response) -> Iterator[Any]:
        name = response.meta["name"]
        if response.status == 404:  # authors are often organisations
            yield self.get(
                f"/api/organizations/{quote(name)}/overview",
                self.parse_org_overview,
                meta={"name": name},
                priority=self.profile_priority,
            )
            return
        data = self.expect(response, dict)
        if data is None:
            return
        item = parse.hf_account(data, response.url, "user")
        yield item
        kinds = [k for k in KINDS if getattr(item, COUNT_KEY[k]) != 0]
        yield from self._next_listing(name, kinds)

    def parse_org_overview(self, response: Response) -> Iterator[Any]:
        data = self.expect(response, dict)
        if data is not None:
            yield parse.hf_account(data, response.url, "org")

    def _next_listing(self, name: str, kinds: list[str]) -> Iterator[Any]:
        if not kinds:
            yield HfProfiledItem(
                source_url=self.url(f"/api/users/{quote(name)}/overview"), name=name
            )
            return
        kind = kinds[0]
        yield self.get(
            self.url(LISTING[kind], author=name, limit=PAGE, **{"expand[]": EXPAND[kind]}),
            self.parse_artifacts,
            meta={"name": name, "kinds": kinds},
            priority=self.profile_priority,
        )

    def parse_artifacts(self, response: Response) -> Iterator[Any]:
        name, kinds = response.meta["name"], response.meta["kinds"]
        for entry in self.dicts(self.expect(response, list) or []):
            yield parse.hf_artifact(entry, response.url, kinds[0])
        next_url = self.next_page(response)
        if next_url:
            yield self.get(
                next_url,
                self.parse_artifacts,
                meta={"name": name, "kinds": kinds},
                priority=self.profile_priority,
            )
            return
        yield from self._next_listing(name, kinds[1:])
