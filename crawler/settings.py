"""The Scrapy project settings module (``scrapy crawl github`` from the repository root).

Everything comes from talent's one settings object (config/talent.toml, TALENT_* variables,
GITHUB_TOKEN, HF_TOKEN), so Scrapy and ``talent crawl`` behave the same.
"""

from talent.crawler.config import scrapy_settings
from talent.settings import load_settings

globals().update(scrapy_settings(load_settings()))
