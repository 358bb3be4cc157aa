"""The application layer: one function per user action, over the stages.

    workspace   ``Workspace``: settings, the store and the searcher, each opened once
    pipeline    crawl, index, evaluate, doctor
    search      search; add, list, show, run (one or all), remove saved searches
    people      show a profile, set a status, refresh from the services, forget a person
    render      search results and saved runs as table, JSON, CSV, Markdown
    render_people  profiles and status histories

The CLI (``talent.cli``), the demo and scheduled runs call these; they import the stages
(``talent.crawler``, ``talent.indexer``, ``talent.search``) and the core, never the other
way round (tests/test_layers.py holds the rules).
"""
