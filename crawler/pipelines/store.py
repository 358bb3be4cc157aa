"""Last pipeline: upserts each item idempotently, with its provenance, in small batches."""

from __future__ import annotations

import time
from typing import Any, Self

from scrapy.crawler import Crawler

from talent.crawler.context import store_engine
from talent.store.items import Item
from talent.store.upserts import StoreWriter

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
        if self.pending:
            counts = self.writer.write(self.pending)
            for key, value in counts.items():
                self.crawler.stats.inc_value(f"talent/store/{key}", value)
        self.pending = []
        self.last_flush = time.monotonic()

    def close_spider(self) -> None:
        self.flush()
