"""Prints a progress line every few seconds while a spider runs."""

from __future__ import annotations

import logging
from typing import Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from twisted.internet import task

logger = logging.getLogger("talent.progress")
INTERVAL = 5.0


def progress_line(name: str, stats: dict) -> str:
    requests = stats.get("downloader/request_count", 0)
    not_modified = stats.get("talent/not_modified", 0)
    share = f"{100 * not_modified / requests:.0f}%" if requests else "-"
    profiled = stats.get("talent/store/github_profiled", 0) + stats.get(
        "talent/store/hf_profiled", 0
    )
    return (
        f"[{name}] {requests:,} requests ({share} not modified), {profiled:,} profiled, "
        f"{stats.get('item_scraped_count', 0):,} items, {stats.get('talent/retries', 0):,} "
        f"retries, {stats.get('talent/dropped', 0):,} dropped"
    )


class Progress:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        self.loop = task.LoopingCall(self.log, spider)
        self.loop.start(INTERVAL, now=False)

    def log(self, spider: Spider) -> None:
        logger.info(progress_line(spider.name, self.crawler.stats.get_stats()))

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.loop and self.loop.running:
            self.loop.stop()
        self.log(spider)
