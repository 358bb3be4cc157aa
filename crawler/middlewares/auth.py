"""Adds the API token as the very last step before the download, and takes it off again as
soon as the download is over.

Tokens are attached here, after the scheduler (which may serialise requests into Redis) and
after every middleware that could store or log a request, and only for the API the spider
marked in ``request.meta["api"]``. The answer (or the error) reaches this middleware first on
the way back, so the request is bare again before anything can copy it: a retry, a redirect,
a request dropped by a stop and handed back to the frontier. The queues strip credentials
too (``talent.crawler.queues``), whatever a middleware does.
"""

from __future__ import annotations

from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from talent.settings import Settings

HEADER = b"Authorization"


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
            request.headers[HEADER] = value
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        request.headers.pop(HEADER, None)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        request.headers.pop(HEADER, None)
        return None
