"""Conditional requests against the validator cache, and replay when resuming.

- Sends ``If-None-Match`` / ``If-Modified-Since`` for every URL we have a body for.
- A 304 becomes the stored 200 (flagged ``not-modified``) so spiders parse it as usual and
  the pipelines' idempotent upserts leave the store unchanged.
- A 200 with JSON stores its validators and body.
- A 404 the spider asked to remember (a dependency file a repository does not have) is not
  asked again for ``crawl.absent_recheck_days``.
- When resuming an interrupted run, URLs already fetched since that run started are answered
  from the cache without any request at all (flagged ``replayed``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from talent.crawler.context import store_engine, talent_settings
from talent.crawler.middlewares.jsonbody import parse_body
from talent.store.validators import ValidatorCache


class ConditionalRequestMiddleware:
    def __init__(
        self,
        cache: ValidatorCache,
        stats: StatsCollector,
        replay_since: datetime | None,
        absent_for: timedelta,
    ) -> None:
        self.cache = cache
        self.stats = stats
        self.replay_since = replay_since
        self.absent_for = absent_for

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = cls(
            ValidatorCache(store_engine(crawler)),
            crawler.stats,
            crawler.settings.get("TALENT_REPLAY_SINCE"),
            timedelta(days=talent_settings(crawler).crawl.absent_recheck_days),
        )
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_closed(self) -> None:
        self.cache.flush()

    def process_request(self, request: Request) -> Response | None:
        if "api" not in request.meta or request.method != "GET":
            return None
        cached = self.cache.get(request.url)
        request.meta["_cached"] = cached
        if cached is None:
            return None
        replay = self.replay_since is not None and cached.validated_at >= self.replay_since
        if cached.status == 404:
            if replay or datetime.now(UTC) - cached.validated_at < self.absent_for:
                self.stats.inc_value("talent/known_absent")
                return Response(
                    request.url, status=404, request=request, flags=["cached", "known-absent"]
                )
            return None  # time to look again, unconditionally
        if replay:
            self.stats.inc_value("talent/replayed")
            return self._from_cache(request, "replayed")
        if cached.etag:
            request.headers[b"If-None-Match"] = cached.etag
        if cached.last_modified:
            request.headers[b"If-Modified-Since"] = cached.last_modified
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        if "api" not in request.meta or "cached" in response.flags:
            return response
        now = datetime.now(UTC)
        cached = request.meta.get("_cached")
        if response.status == 304 and cached is not None:
            self.stats.inc_value("talent/not_modified")
            self.cache.touch(request.url, now)
            return self._from_cache(request, "not-modified")
        if response.status == 404 and request.meta.get("remember_absence"):
            self.cache.put(
                request.url, etag=None, last_modified=None, link=None, body=b"", at=now, status=404
            )
            return response
        if response.status == 200 and request.meta.get("_json_ok"):
            self.cache.put(
                request.url,
                etag=_header(response, b"ETag"),
                last_modified=_header(response, b"Last-Modified"),
                link=_header(response, b"Link"),
                body=response.body,
                at=now,
            )
        return response

    def _from_cache(self, request: Request, flag: str) -> Response:
        cached = request.meta["_cached"]
        # Stored bodies parsed once already; the JSON middleware ran before a 304 arrived here.
        request.meta["_json"] = parse_body(cached.body)[0]
        request.meta["_json_ok"] = True
        headers = {"Content-Type": "application/json"}
        if cached.link:
            headers["Link"] = cached.link
        return Response(
            url=request.url,
            status=200,
            headers=headers,
            body=cached.body,
            request=request,
            flags=["cached", flag],
        )


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
