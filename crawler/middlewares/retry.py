"""Retries 5xx answers, connection failures and malformed bodies with jittered backoff.

Replaces Scrapy's RetryMiddleware, which retries at once: a struggling upstream needs room.
Bounded by ``crawl.max_retries``; after that the request is given up, counted and logged with
its URL, and the crawl goes on. One line per kind of failure says that it is retrying (an
upstream that has gone away shows up at once), and a stopping crawl ends the backoff at once.
"""

from __future__ import annotations

import logging
import time
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector
from twisted.internet.error import (
    ConnectError,
    ConnectionDone,
    ConnectionLost,
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from talent.crawler.backoff import backoff_delay
from talent.crawler.context import crawl_stop
from talent.crawler.stop import Stop
from talent.settings import Settings

logger = logging.getLogger(__name__)

RETRY_STATUSES = {500, 502, 503, 504, 520, 522, 524}
RETRY_EXCEPTIONS = (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    ResponseDataLossError,  # a truncated body
    ConnectError,
    ConnectionDone,
    ConnectionLost,
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
    ResponseFailed,
    ResponseNeverReceived,
    OSError,
)
ANNOUNCE_EVERY = 10.0  # seconds between "retrying" lines of one kind


class BackoffRetryMiddleware:
    def __init__(self, settings: Settings, stats: StatsCollector, stop: Stop) -> None:
        self.max_retries = settings.crawl.max_retries
        self.base = settings.crawl.backoff_base
        self.cap = settings.crawl.backoff_max
        self.stats = stats
        self.stop = stop
        self._announced: dict[str, float] = {}  # reason -> when it may be logged again

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.settings["TALENT_SETTINGS"], crawler.stats, crawl_stop(crawler))

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status in RETRY_STATUSES:
            return await self._retry(request, f"HTTP {response.status}", response)
        if request.meta.get("_malformed"):
            return await self._retry(request, "malformed JSON body", response)
        return response

    async def process_exception(self, request: Request, exception: Exception) -> Request | None:
        if isinstance(exception, RETRY_EXCEPTIONS):
            return await self._retry(request, type(exception).__name__, None)
        return None

    async def _retry(
        self, request: Request, reason: str, response: Response | None
    ) -> Request | Response:
        attempt = request.meta.get("retries", 0) + 1
        if attempt > self.max_retries:
            self.stats.inc_value("talent/retry/gave_up")
            logger.error("giving up on %s after %d retries (%s)", request.url, attempt - 1, reason)
            if response is None or request.meta.get("_malformed"):
                raise IgnoreRequest(f"gave up on {request.url}: {reason}")
            return response
        self.stats.inc_value("talent/retries")
        self.stats.inc_value(f"talent/retry/{reason.split()[0].lower()}")
        delay = backoff_delay(attempt, self.base, self.cap)
        self._announce(request, reason, attempt, delay)
        await self.stop.sleep(delay, request)
        retry = request.replace(dont_filter=True)
        retry.meta["retries"] = attempt
        retry.meta.pop("_malformed", None)
        retry.priority = request.priority + 1
        return retry

    def _announce(self, request: Request, reason: str, attempt: int, delay: float) -> None:
        now = time.monotonic()
        if self._announced.get(reason, 0.0) <= now:
            logger.info("%s: retrying %s (retry %d in %.1fs)", reason, request.url, attempt, delay)
            self._announced[reason] = now + max(delay, ANNOUNCE_EVERY)
        else:
            logger.debug("retry %d for %s in %.1fs (%s)", attempt, request.url, delay, reason)
