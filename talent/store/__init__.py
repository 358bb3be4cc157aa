"""The store owns every write: what the crawl collected, identities, what the indexer
derived, candidate statuses, saved searches and their runs, and forgetting.

    database     ``Store.open(settings)``: engine, sessions, migrations (SQLite or PostgreSQL)
    models       the tables (SQLAlchemy 2 typed models; Alembic migrations own the schema)
    items        typed crawl records, and ``upserts.StoreWriter`` that writes them
    identity     GitHub <-> Hugging Face links and the people they make
    validators   ETag / Last-Modified cache of raw API bodies for conditional requests
    signals      the indexer's signals, evidence and vector-index state
    statuses     candidate status history; ``current_statuses`` is the one reading of it
    saved        saved searches and their runs
    people       the person behind a handle; contact details for export
    profile      everything known about one person, as one view
    forget       ``forget_person``: one call removes a person everywhere, for good

Importing this package costs nothing: ``Store`` and ``models`` load SQLAlchemy on first use,
so that the search path can read statuses without it (``statuses.read_current_statuses``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from talent.store import models
    from talent.store.database import SCHEMA_HEAD, Store, make_engine, redact_url

__all__ = ["SCHEMA_HEAD", "Store", "make_engine", "models", "redact_url"]
_DATABASE = {"SCHEMA_HEAD", "Store", "make_engine", "redact_url"}


def __getattr__(name: str) -> Any:
    if name in _DATABASE:
        return getattr(importlib.import_module("talent.store.database"), name)
    if name == "models":
        return importlib.import_module("talent.store.models")
    raise AttributeError(f"module 'talent.store' has no attribute {name!r}")
