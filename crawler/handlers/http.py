"""Scrapy's HTTP/1.1 download handler, stoppable: a download in flight when the crawl stops is
cancelled (its connection closed) and the request dropped, instead of holding the shutdown
until the upstream answers or ``DOWNLOAD_TIMEOUT`` passes."""

from __future__ import annotations

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.http import Response

from talent.crawler.context import crawl_stop


class StoppableHttpHandler(HTTP11DownloadHandler):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.stop = crawl_stop(crawler)

    async def download_request(self, request: Request) -> Response:
        self.stop.check(request)
        return await self.stop.race(super().download_request(request), request)
