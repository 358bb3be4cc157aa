"""Scrapy extensions: progress reporting and the crawl-run record."""
