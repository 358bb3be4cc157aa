"""Records each spider's stats on the crawl run and resolves identities when it closes.

``talent crawl`` creates the run and passes its id; a plain ``scrapy crawl`` gets a run of
its own here, so every crawl leaves a record either way.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from sqlalchemy.orm import Session

from talent.crawler.context import store_engine
from talent.store import models
from talent.store.identity import resolve_people

logger = logging.getLogger(__name__)


def jsonable(stats: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (v.isoformat() if isinstance(v, datetime) else v)
        for k, v in stats.items()
        if isinstance(v, int | float | str | datetime)
    }


class CrawlRunRecord:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.run_id: int | None = crawler.settings.get("TALENT_RUN_ID")
        self.own_run = self.run_id is None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        if self.own_run:
            with Session(store_engine(self.crawler)) as session, session.begin():
                run = models.CrawlRun(
                    source=spider.name, started_at=datetime.now(UTC), args={"scrapy": True}
                )
                session.add(run)
                session.flush()
                self.run_id = run.id

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats
        with Session(store_engine(self.crawler)) as session, session.begin():
            change = resolve_people(session)
            stats.inc_value("talent/people/new", change.new)
            stats.inc_value("talent/people/updated", change.updated)
            stats.inc_value("talent/people/merged", change.merged)
            run = session.get(models.CrawlRun, self.run_id)
            if run is not None:
                run.stats = {**(run.stats or {}), spider.name: jsonable(stats.get_stats())}
                if self.own_run:
                    run.status = "finished" if reason == "finished" else reason
                    run.finished_at = datetime.now(UTC)
        logger.info(
            "%s closed (%s): %d new people, %d updated",
            spider.name,
            reason,
            change.new,
            change.updated,
        )
