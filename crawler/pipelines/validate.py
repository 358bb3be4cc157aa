"""First pipeline: drops items whose payload cannot be stored, counting and naming them."""

from __future__ import annotations

import logging
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from talent.store.items import InvalidItem, Item

logger = logging.getLogger(__name__)


class ValidatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Item):
            raise DropItem(f"not a talent item: {type(item).__name__}")
        try:
            item.validate()
        except InvalidItem as exc:
            self.stats.inc_value("talent/dropped")
            self.stats.inc_value(f"talent/dropped/{item.kind}")
            logger.warning("dropped a bad %s payload from %s: %s", item.kind, item.source_url, exc)
            raise DropItem(f"bad {item.kind} from {item.source_url}: {exc}") from None
        return item
