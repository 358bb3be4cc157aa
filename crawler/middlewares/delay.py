"""Holds a request back for ``request.meta["delay"]`` seconds (202 polling, backoff)."""

from __future__ import annotations

import asyncio

from scrapy import Request


class DelayMiddleware:
    async def process_request(self, request: Request) -> None:
        delay = request.meta.pop("delay", 0)
        if delay > 0:
            await asyncio.sleep(delay)
        return None
