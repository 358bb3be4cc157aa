"""Scrapy's log lines about items, without the items.

Scrapy's default formatter writes the whole item into the log when it is dropped or fails a
pipeline (and when it is scraped, at DEBUG): personal data, and a megabyte-long line for a
megabyte bio. Here an item is named by its kind and its source URL only.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Spider
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure

from talent.text import sanitize


def describe(item: Any) -> str:
    """``github_account from https://…/users/x``: what an item is, never what it holds."""
    kind = getattr(item, "kind", type(item).__name__)
    return f"{kind} from {sanitize(getattr(item, 'source_url', '?'), 300)}"


class ItemlessLogFormatter(LogFormatter):
    def scraped(
        self, item: Any, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult:
        return {"level": logging.DEBUG, "msg": "Scraped %(item)s", "args": {"item": describe(item)}}

    def dropped(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        # ValidatePipeline has already logged the reason with the URL, once.
        return {
            "level": logging.DEBUG,
            "msg": "Dropped: %(exception)s",
            "args": {"exception": sanitize(str(exception), 600)},
        }

    def item_error(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        return {
            "level": logging.ERROR,
            "msg": "Error processing %(item)s",
            "args": {"item": describe(item)},
        }
