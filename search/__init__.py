"""Search: hybrid retrieval re-ranked by production signals, every rank explained.

``search.engine.Searcher`` is the one entry point (``talent search`` and saved searches use
it); ``search.ranking`` holds the ranking as pure functions with weights from
``config/ranking.toml``; ``search.render`` prints results safely in four formats.
"""
