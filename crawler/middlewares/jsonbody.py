"""Parses API bodies once, so a malformed or truncated body is caught before it is cached.

Sets ``request.meta["_json"]`` (the parsed body) and ``_json_ok`` on success, ``_malformed``
when a 200 is not JSON; the retry middleware retries those.
"""

from __future__ import annotations

import json

from scrapy import Request
from scrapy.http import Response


class JsonBodyMiddleware:
    def process_response(self, request: Request, response: Response) -> Response:
        if "api" not in request.meta or response.status != 200:
            return response
        request.meta.pop("_malformed", None)
        try:
            request.meta["_json"] = json.loads(response.body)
        except (ValueError, UnicodeDecodeError):
            request.meta["_malformed"] = True
            request.meta["_json_ok"] = False
        else:
            request.meta["_json_ok"] = True
        return response
