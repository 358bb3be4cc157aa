"""Hands the requests a stop dropped back to a persistent frontier (``--distributed``).

They were popped from the shared queue in Redis, and its dupe filter would never let them in
again, so without this the job's next run would miss them and all they lead to. A local
crawl's frontier dies with the process; ``--resume`` finds its way back to them from the
seeds and the validator cache instead.
"""

from __future__ import annotations

import logging
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from talent.crawler.context import crawl_stop

logger = logging.getLogger(__name__)


class RequeueStopped:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stop = crawl_stop(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("SCHEDULER_PERSIST"):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self) -> None:
        left = self.stop.take_left()
        scheduler = self.crawler.engine.scheduler  # still there while spider_closed runs
        if not left or scheduler is None:
            return
        for request in left:
            scheduler.enqueue_request(request.replace(dont_filter=True))  # seen already
        self.crawler.stats.set_value("talent/requeued", len(left))
        logger.info("%d stopped requests are back in the shared frontier", len(left))
