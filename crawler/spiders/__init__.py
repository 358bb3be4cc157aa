"""Spiders: ``github`` and ``hf`` (``scrapy crawl github`` from the repository root)."""
