"""Collect: Scrapy spiders crawl GitHub and the Hugging Face Hub into the store.

``crawler.runner.run_crawl`` is the one entry point (``talent crawl`` calls it); the
package is also a plain Scrapy project, so ``scrapy crawl github`` works from the repository
root. Components are small and single-purpose:

    spiders/       github.py, hf.py on a shared ApiSpider base
    middlewares/   auth, conditional requests, rate limits, backoff retries, delays
    pipelines/     validate -> normalise -> store (one class per file)
    extensions/    progress lines, the crawl-run record and identity resolution
    profiling.py   which repositories' manifests a GitHub profile reads (spider and client)
    manifests.py   the packages a manifest declares
"""
