"""Parses API bodies once, so a malformed or truncated body is caught before it is cached.

Sets ``request.meta["_json"]`` (the parsed body) and ``_json_ok`` on success, ``_malformed``
when a 200 is not JSON; the retry middleware retries those. Bytes that are not UTF-8 inside
an otherwise sound body are read as U+FFFD (``_repaired``, counted): one broken byte in a bio
must not cost the whole profile.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from talent.text import sanitize

logger = logging.getLogger(__name__)
INVALID_UTF8 = "invalid UTF-8"


def parse_body(body: bytes) -> tuple[Any, str | None]:
    """The parsed JSON and what had to be repaired (None), or ValueError when it is not
    JSON at all."""
    try:
        return json.loads(body), None
    except UnicodeDecodeError:
        return json.loads(body.decode("utf-8", errors="replace")), INVALID_UTF8


class JsonBodyMiddleware:
    def __init__(self, stats: StatsCollector | None = None) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.stats)

    def process_response(self, request: Request, response: Response) -> Response:
        if "api" not in request.meta or response.status != 200:
            return response
        request.meta.pop("_malformed", None)
        try:
            data, repaired = parse_body(response.body)
        except ValueError:
            request.meta["_malformed"] = True
            request.meta["_json_ok"] = False
            return response
        request.meta["_json"] = data
        request.meta["_json_ok"] = True
        if repaired:
            request.meta["_repaired"] = repaired
            if self.stats is not None:
                self.stats.inc_value("talent/cleaned")
                self.stats.inc_value("talent/cleaned/invalid_utf8")
            logger.warning("read %s as U+FFFD in %s", repaired, sanitize(request.url, 300))
        return response
