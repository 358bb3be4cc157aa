"""Item pipelines, one class per file, ordered in crawler.settings.ITEM_PIPELINES."""
