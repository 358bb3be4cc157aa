"""Adds the API token as the very last step before the download.

Tokens are attached here, after the scheduler (which may serialise requests into Redis) and
after every middleware that could store or log a request, and only for the API the spider
marked in ``request.meta["api"]``. They never sit in a queued request.
"""

from __future__ import annotations

from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler

from talent.settings import Settings


class AuthMiddleware:
    def __init__(self, github_token: str | None, hf_token: str | None) -> None:
        self._tokens = {
            "github": f"token {github_token}" if github_token else None,
            "hf": f"Bearer {hf_token}" if hf_token else None,
        }

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings: Settings = crawler.settings["TALENT_SETTINGS"]
        return cls(
            settings.github_token.get_secret_value() if settings.github_token else None,
            settings.hf_token.get_secret_value() if settings.hf_token else None,
        )

    def process_request(self, request: Request) -> None:
        value = self._tokens.get(request.meta.get("api", ""))
        if value:
            request.headers[b"Authorization"] = value
        return None
