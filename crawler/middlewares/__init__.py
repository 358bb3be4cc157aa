"""Downloader middlewares, each doing one thing (ordered in crawler.settings)."""
