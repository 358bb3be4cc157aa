"""Ends the crawl when it cannot succeed, rather than retrying until it reports nothing.

* A 401 means the service rejected our token (or wants one): every later request would get
  the same answer, so the first one stops the whole crawl, naming the variable to fix. The
  Hub's anonymous 401 for a repository it will not show (``X-Error-Code: RepoNotFound``) is
  an answer about that repository, not about us, and passes.
* Only connection failures — no answer at all — for ``crawl.unreachable_after`` seconds
  mean the upstream is gone or the URL is wrong: the crawl fails, naming the URL. Any answer,
  even a 5xx, shows the upstream is there and restarts the clock (the retry middleware
  handles those).

Sits above the retry, conditional and JSON middlewares so that it sees answers and failures
first; the stop it throws ends every backoff at once.
"""

from __future__ import annotations

import time
from typing import Self
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from talent.crawler.context import crawl_stop
from talent.crawler.failures import SERVICES, token_rejected, unreachable
from talent.crawler.middlewares.retry import RETRY_EXCEPTIONS
from talent.crawler.stop import RequestInterrupted, Stop
from talent.errors import UpstreamError
from talent.settings import Settings

NOT_ABOUT_US = {b"RepoNotFound", b"EntryNotFound", b"GatedRepo"}  # the Hub's per-repo 401s


class UpstreamHealthMiddleware:
    def __init__(self, settings: Settings, stats: StatsCollector, stop: Stop) -> None:
        self.settings = settings
        self.bound = settings.crawl.unreachable_after
        self.stats = stats
        self.stop = stop
        self._failing_since: float | None = None  # first failure since the last answer

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.settings["TALENT_SETTINGS"], crawler.stats, crawl_stop(crawler))

    def process_response(self, request: Request, response: Response) -> Response:
        self._failing_since = None
        api = request.meta.get("api")
        if response.status != 401 or api not in SERVICES:
            return response
        if response.headers.get(b"X-Error-Code") in NOT_ABOUT_US:
            return response
        self.stats.inc_value("talent/auth_rejected")
        self.stop.fail(self._rejected(api, request.url))
        raise IgnoreRequest(f"{request.url}: HTTP 401")

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, RequestInterrupted) or not isinstance(exception, RETRY_EXCEPTIONS):
            return None
        now = time.monotonic()
        if self._failing_since is None:
            self._failing_since = now
        elif now - self._failing_since >= self.bound and not self.stop.is_set:
            self.stats.inc_value("talent/unreachable")
            reason = type(exception).__name__
            self.stop.fail(self._unreachable(request, reason, now - self._failing_since))
        return None  # the retry middleware retries it, or drops it once the stop is thrown

    def _rejected(self, api: str, url: str) -> UpstreamError:
        token = self.settings.github_token if api == "github" else self.settings.hf_token
        return token_rejected(api, token is not None, f"HTTP 401 for {url}")

    def _unreachable(self, request: Request, reason: str, seconds: float) -> UpstreamError:
        parts = urlsplit(request.url)
        base = f"{parts.scheme}://{parts.netloc}"
        return unreachable(
            SERVICES.get(request.meta.get("api"), base),
            base,
            f"only {reason} for {seconds:.0f}s (last: {request.url})",
            more="; TALENT_CRAWL__UNREACHABLE_AFTER sets how long to keep trying",
        )
