"""Last pipeline: upserts each item idempotently, with its provenance, in small batches.

The pending batch is cleared whatever the write did: a row the store refuses is dropped by the
writer on its own (``StoreWriter``), and a database that cannot be reached costs that batch,
counted and said once, rather than every later batch too.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Self

from scrapy.crawler import Crawler
from sqlalchemy.exc import SQLAlchemyError

from talent.crawler.context import store_engine
from talent.store.items import Item
from talent.store.upserts import StoreWriter, describe_error

logger = logging.getLogger(__name__)
FLUSH_EVERY = 200  # items
FLUSH_SECONDS = 2.0
# Sent by the distributed frontier before it acknowledges requests: flush, synchronously.
store_flush = object()


class StorePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.writer = StoreWriter(store_engine(crawler))
        self.pending: list[Item] = []
        self.last_flush = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.flush, signal=store_flush)
        return pipeline

    def process_item(self, item: Any) -> Any:
        self.pending.append(item)
        if len(self.pending) >= FLUSH_EVERY or time.monotonic() - self.last_flush > FLUSH_SECONDS:
            self.flush()
        return item

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        self.last_flush = time.monotonic()
        if not batch:
            return
        stats = self.crawler.stats
        try:
            counts = self.writer.write(batch)
        except SQLAlchemyError as exc:
            stats.inc_value("talent/store/failed", len(batch))
            reason = describe_error(exc)
            logger.error(
                "could not write %d crawled items to the store (%s); they are not stored: "
                "check the database, then crawl again",
                len(batch),
                reason,
            )
            return
        for key, value in counts.items():
            stats.inc_value(f"talent/store/{key}", value)
        if counts["dropped"]:
            stats.inc_value("talent/dropped", counts["dropped"])

    def close_spider(self) -> None:
        self.flush()
