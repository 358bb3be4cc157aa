"""Scrapy settings built from the one talent ``Settings`` object."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from talent import __version__
from talent.crawler.stop import Stop
from talent.settings import Settings


def scrapy_settings(
    settings: Settings,
    *,
    run_id: int | None = None,
    replay_since: datetime | None = None,
    max_requests: int | None = None,
    distributed: bool = False,
    job: str = "default",
    worker: str = "",
    stop: Stop | None = None,
) -> dict[str, Any]:
    concurrency = settings.effective_concurrency
    values: dict[str, Any] = {
        "BOT_NAME": "talent",
        "SPIDER_MODULES": ["talent.crawler.spiders"],
        "NEWSPIDER_MODULE": "talent.crawler.spiders",
        "TALENT_SETTINGS": settings,
        "TALENT_RUN_ID": run_id,
        "TALENT_REPLAY_SINCE": replay_since,
        "TALENT_STOP": stop or Stop(),  # never thrown under a plain `scrapy crawl`
        # APIs, not web pages: the services' own rate-limit headers govern us, not robots.txt.
        "ROBOTSTXT_OBEY": False,
        "USER_AGENT": f"talent/{__version__} (open-source sourcing crawler)",
        "CONCURRENT_REQUESTS": concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        # Items go through synchronous pipelines: Scrapy's default of 100 parallel item
        # workers per response only costs asyncio tasks (measured: ~40% of crawl CPU).
        "CONCURRENT_ITEMS": 4,
        "DOWNLOAD_DELAY": settings.crawl.download_delay,
        "DOWNLOAD_TIMEOUT": settings.crawl.timeout,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "RETRY_ENABLED": False,  # BackoffRetryMiddleware retries, with backoff
        "REDIRECT_ENABLED": True,  # 301 renamed repositories, 307 renamed models
        "HTTPCACHE_ENABLED": False,  # its filesystem storage writes request headers (tokens)
        # `scrapy crawl -s JOBDIR=…` keeps its queue on disk: without credential headers.
        "SCHEDULER_DISK_QUEUE": "talent.crawler.queues.CredentialFreeDiskQueue",
        "LOG_LEVEL": "DEBUG" if settings.log_level == "DEBUG" else "WARNING",
        "LOG_FORMATTER": "talent.crawler.logformat.ItemlessLogFormatter",  # never log an item
        "LOGSTATS_INTERVAL": 0,
        # Scrapy's HTTP/1.1 handler, with downloads in flight cancelled when the crawl stops.
        "DOWNLOAD_HANDLERS": {
            "http": "talent.crawler.handlers.http.StoppableHttpHandler",
            "https": "talent.crawler.handlers.http.StoppableHttpHandler",
        },
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
            "talent.crawler.middlewares.delay.DelayMiddleware": 100,
            "talent.crawler.middlewares.ratelimit.RateLimitMiddleware": 300,
            "talent.crawler.middlewares.retry.BackoffRetryMiddleware": 400,
            "talent.crawler.middlewares.conditional.ConditionalRequestMiddleware": 500,
            # Below 590 (decompression) so it sees the plain body, above 500 so a malformed
            # body is caught before the conditional middleware would cache it.
            "talent.crawler.middlewares.jsonbody.JsonBodyMiddleware": 560,
            # Above those three: a 401 or a dead upstream ends the crawl before any retry.
            "talent.crawler.middlewares.health.UpstreamHealthMiddleware": 580,
            "talent.crawler.middlewares.auth.AuthMiddleware": 950,
        },
        "ITEM_PIPELINES": {
            "talent.crawler.pipelines.validate.ValidatePipeline": 100,
            "talent.crawler.pipelines.normalise.NormalisePipeline": 200,
            "talent.crawler.pipelines.store.StorePipeline": 900,
        },
        "EXTENSIONS": {
            "scrapy.extensions.logstats.LogStats": None,
            "scrapy.extensions.telnet.TelnetConsole": None,
            "talent.crawler.extensions.progress.Progress": 500,
            "talent.crawler.extensions.runrecord.CrawlRunRecord": 510,
            "talent.crawler.extensions.requeue.RequeueStopped": 520,  # only --distributed
        },
        "CLOSESPIDER_PAGECOUNT": max_requests or 0,
    }
    if distributed:
        prefix = f"{settings.crawl.redis_prefix}:{job}"
        values.update(
            {
                "SCHEDULER": "talent.crawler.frontier.LeasedScheduler",
                "SCHEDULER_QUEUE_CLASS": "talent.crawler.queues.CredentialFreeRedisQueue",
                "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
                "SCHEDULER_PERSIST": True,  # another worker may still be running
                "SCHEDULER_QUEUE_KEY": f"{prefix}:%(spider)s:requests",
                "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:%(spider)s:dupefilter",
                "SCHEDULER_IDLE_BEFORE_CLOSE": 2,
                "REDIS_URL": settings.redis_url,
                "TALENT_JOB_PREFIX": prefix,
                "TALENT_WORKER": worker,
            }
        )
    return values
