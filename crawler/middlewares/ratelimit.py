"""Stays inside the services' rate limits and waits them out when they are hit.

Before a request: when the bucket's remaining budget is at the reserve, wait until it resets
(at most ``crawl.max_wait``). After a response: remember the budget; on a secondary limit
wait ``Retry-After``; on an exhausted primary budget (403/429 with remaining 0) wait for the
reset; then send the request again. Waiting, never hammering: continuing to send while limited
is what gets integrations banned. A stopping crawl ends every wait at once and leaves the
request for ``--resume``.
"""

from __future__ import annotations

import logging
import time
from typing import Self
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from talent.crawler import ratelimit
from talent.crawler.backoff import backoff_delay
from talent.crawler.context import crawl_stop
from talent.crawler.stop import Stop
from talent.settings import Settings

logger = logging.getLogger(__name__)
MAX_LIMIT_RETRIES = 8


class RateLimitMiddleware:
    def __init__(self, settings: Settings, stats: StatsCollector, stop: Stop) -> None:
        self.reserve = settings.crawl.rate_limit_reserve
        self.max_wait = settings.crawl.max_wait
        self.base = settings.crawl.backoff_base
        self.stats = stats
        self.stop = stop
        self.budgets: dict[str, ratelimit.Budget] = {}
        self._announced: dict[str, float] = {}  # reason -> until when it was logged

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.settings["TALENT_SETTINGS"], crawler.stats, crawl_stop(crawler))

    def _bucket(self, request: Request) -> str:
        return ratelimit.bucket_for(request.meta.get("api", ""), urlsplit(request.url).path)

    async def process_request(self, request: Request) -> None:
        if "api" not in request.meta:
            return None
        budget = self.budgets.get(self._bucket(request))
        if budget and budget.at_reserve(self.reserve):
            wait = (budget.reset_at or time.time()) - time.time()
            if wait > 0:
                reason = f"budget of {self._bucket(request)} at reserve"
                await self._wait(request, wait + 0.5, reason)
            self.budgets.pop(self._bucket(request), None)  # unknown until the next response
        return None

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if "api" not in request.meta or "cached" in response.flags:
            return response
        headers = {
            k.decode("latin-1").lower(): v[0].decode("latin-1")
            for k, v in response.headers.items()
            if v
        }
        api = request.meta["api"]
        budget = (
            ratelimit.github_budget(headers)
            if api == "github"
            else ratelimit.hf_budget(headers, time.time())
        )
        if budget.remaining is not None:
            self.budgets[self._bucket(request)] = budget
        if response.status not in (403, 429):
            return response
        if ratelimit.is_primary_exhausted(response.status, headers) or (
            api == "hf" and response.status == 429 and budget.remaining == 0
        ):
            wait = (budget.reset_at or time.time() + 60) - time.time()
            return await self._again(request, max(wait, 1.0) + 0.5, "primary budget exhausted")
        if response.status == 429 or ratelimit.is_secondary_limit(
            response.status, headers, response.body
        ):  # 429 always means "slow down"; a 403 only with Retry-After or the message
            after = ratelimit.retry_after(headers)
            if after is None and budget.reset_at is not None:
                after = max(0.0, budget.reset_at - time.time())
            attempt = request.meta.get("limit_retries", 0) + 1
            wait = after if after is not None else 60 * backoff_delay(attempt, 1, 16)
            return await self._again(request, wait, "secondary rate limit")
        return response

    async def _again(self, request: Request, wait: float, reason: str) -> Request:
        attempt = request.meta.get("limit_retries", 0) + 1
        if attempt > MAX_LIMIT_RETRIES:
            self.stats.inc_value("talent/ratelimit/gave_up")
            raise IgnoreRequest(f"still rate limited after {attempt - 1} waits: {request.url}")
        self.stats.inc_value("talent/ratelimit/waits")
        await self._wait(request, wait, reason)
        again = request.replace(dont_filter=True)
        again.meta["limit_retries"] = attempt
        return again

    async def _wait(self, request: Request, seconds: float, reason: str) -> None:
        if seconds > self.max_wait:
            raise IgnoreRequest(
                f"{reason}: the reset is {seconds:.0f}s away, beyond crawl.max_wait "
                f"({self.max_wait:.0f}s); run again later"
            )
        self.stats.inc_value("talent/ratelimit/wait_seconds", round(seconds, 1))
        until = time.time() + seconds
        if self._announced.get(reason, 0) < time.time():  # one line per wait, not per request
            logger.info("%s: waiting %.1fs", reason, seconds)
            self._announced[reason] = until
        await self.stop.sleep(seconds, request)  # a stopping crawl does not wait for resets
