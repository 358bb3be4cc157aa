"""Shared per-process resources of the Scrapy components: one engine per database, the
stop switch."""

from __future__ import annotations

from scrapy.crawler import Crawler
from sqlalchemy import Engine

from talent.crawler.stop import Stop
from talent.settings import Settings
from talent.store import Store

_ENGINES: dict[str, Engine] = {}


def talent_settings(crawler: Crawler) -> Settings:
    return crawler.settings["TALENT_SETTINGS"]


def crawl_stop(crawler: Crawler) -> Stop:
    return crawler.settings["TALENT_STOP"]


def store_engine(crawler: Crawler) -> Engine:
    return engine_for(talent_settings(crawler))


def engine_for(settings: Settings) -> Engine:
    """One engine per database for the whole crawl process (schema checked once)."""
    url = settings.sqlalchemy_url
    if url not in _ENGINES:
        _ENGINES[url] = Store.open(settings).engine
    return _ENGINES[url]
