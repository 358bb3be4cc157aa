"""First pipeline: cleans what can be cleaned and drops only items that cannot be stored.

A bad optional field (a megabyte bio, a NUL, a lone surrogate, a wrong type) is cleaned or cut
and counted (``talent/cleaned``); an item whose identity is unusable is dropped and counted
(``talent/dropped``). Either way the log line names the URL and the reasons, never the item:
items hold personal data, and one of them can be a megabyte long.
"""

from __future__ import annotations

import logging
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from talent.store.items import InvalidItem, Item
from talent.text import sanitize

logger = logging.getLogger(__name__)
URL_LIMIT = 300
REASONS_LIMIT = 600


class ValidatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Item):
            raise DropItem(f"not a talent item: {type(item).__name__}")
        url = sanitize(item.source_url, URL_LIMIT)
        try:
            repairs = item.validate()
        except InvalidItem as exc:
            self.stats.inc_value("talent/dropped")
            self.stats.inc_value(f"talent/dropped/{item.kind}")
            reason = sanitize(str(exc), REASONS_LIMIT)
            logger.warning("dropped a bad %s payload from %s: %s", item.kind, url, reason)
            raise DropItem(f"bad {item.kind} from {url}: {reason}") from None
        if repairs:
            self.stats.inc_value("talent/cleaned", len(repairs))
            self.stats.inc_value(f"talent/cleaned/{item.kind}")
            reasons = sanitize("; ".join(repairs), REASONS_LIMIT)
            logger.warning("cleaned a %s from %s: %s", item.kind, url, reasons)
        return item
