"""``Workspace``: what one process of talent works with, each opened at most once.

The settings, the store, and the searcher (vector index + query encoder). A command that
runs many searches — every saved search, a nightly run, an evaluation — opens the index and
the encoder once, not once per search.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from types import TracebackType
from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    from talent.search.engine import Searcher
    from talent.settings import Settings
    from talent.store import Store


class Workspace:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: Store | None = None
        self._searcher: Searcher | None = None

    def store(self, *, upgrade: bool = True) -> Store:
        """The store, opened (and its schema checked or upgraded) on first use."""
        if self._store is None:
            from talent.store import Store

            self._store = Store.open(self.settings, upgrade=upgrade)
        return self._store

    def exclusive(self, purpose: str) -> AbstractContextManager[None]:
        """The store's one-writer lock (SQLite) for a long write: a crawl, a nightly run, a
        repair. Raises ``Busy``, naming the holder, when another process has it."""
        from talent.store.lock import exclusive_writer

        return exclusive_writer(self.settings.sqlalchemy_url, purpose)

    def searcher(self, *, need_encoder: bool = True) -> Searcher:
        """The searcher with its index open, and its query encoder when text will be asked."""
        if self._searcher is None:
            from talent.search.engine import Searcher

            self._searcher = Searcher(self.settings)
        self._searcher.open(need_encoder=need_encoder)
        return self._searcher

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
