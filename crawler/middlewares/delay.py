"""The outermost middleware: drops every request once the crawl is stopping, and holds a
request back for ``request.meta["delay"]`` seconds (202 polling)."""

from __future__ import annotations

from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler

from talent.crawler.context import crawl_stop
from talent.crawler.stop import Stop


class DelayMiddleware:
    def __init__(self, stop: Stop) -> None:
        self.stop = stop

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawl_stop(crawler))

    async def process_request(self, request: Request) -> None:
        self.stop.check(request)
        delay = request.meta.pop("delay", 0)
        if delay > 0:
            await self.stop.sleep(delay, request)
        return None
