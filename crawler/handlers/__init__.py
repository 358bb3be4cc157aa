"""Scrapy download handlers."""
