"""The interface both vector engines implement, and the query logic they share.

An engine supplies five primitives over its own API (nearest/fused search, ordering by a
payload field, scrolling ids, retrieving payloads, counting); ``Searchable.query`` turns
them into deterministic results: equal scores are ordered by id, and an empty query ranks
by ``production`` with ties by id, however the engine happened to order them.

Writes go through a writer: ``index.begin_write()`` returns one, ``writer.commit()``
publishes its changes atomically and ``writer.abort()`` (or leaving its ``with`` block
without committing) drops them, leaving the live index as it was.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from types import TracebackType
from typing import Any, Protocol, Self

import numpy as np

from talent.indexer.vectors.filters import AtLeast, Conditions, conditions
from talent.indexer.vectors.records import Hit, Point, SearchFilter, SparseVector
from talent.indexer.vectors.schema import PRODUCTION

RRF_K = 60
NO_FILTER = SearchFilter()
_SCORE_DIGITS = 6  # scores equal to 6 significant digits count as ties (engines' f32 noise)


class VectorReader(Protocol):
    """Read access to one committed state of the index."""

    dim: int
    fingerprint: str

    def count(self, flt: SearchFilter = NO_FILTER) -> int: ...

    def ids(self) -> set[int]: ...

    def query(
        self,
        dense: np.ndarray | None,
        sparse: SparseVector | None,
        flt: SearchFilter = NO_FILTER,
        limit: int = 20,
        prefetch_limit: int = 200,
    ) -> list[Hit]: ...

    def top_by(
        self, key: str, flt: SearchFilter = NO_FILTER, limit: int = 20, *, with_payload: bool = True
    ) -> list[Hit]: ...

    def payloads(self, ids: Sequence[int]) -> dict[int, dict[str, Any]]: ...

    def close(self) -> None: ...


class VectorWriter(VectorReader, Protocol):
    """Changes that become visible to readers only at ``commit``."""

    def upsert(self, points: Sequence[Point]) -> None: ...

    def delete(self, ids: Iterable[int]) -> None: ...

    def set_payload(self, ids: Iterable[int], payload: Mapping[str, Any]) -> None: ...

    def commit(self, *, optimize: bool = True) -> None: ...

    def abort(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...


class VectorIndex(VectorReader, Protocol):
    """An opened index: read it, or begin a write (``full`` rebuilds from empty)."""

    @property
    def generation(self) -> int | None:
        """Which committed build this reader sees (None: nothing built yet)."""
        ...

    def begin_write(self, *, full: bool = False) -> VectorWriter: ...


Ranked = list[tuple[int, float]]


class Searchable(ABC):
    """Deterministic queries on top of an engine's primitives."""

    dim: int
    fingerprint: str

    # Engine primitives -----------------------------------------------------------------
    @abstractmethod
    def _search(
        self,
        dense: np.ndarray | None,
        sparse: SparseVector | None,
        where: Conditions,
        limit: int,
        prefetch_limit: int,
    ) -> Ranked:
        """(id, score) best first: nearest by one vector, or RRF of both when both are given."""

    @abstractmethod
    def _order_by(self, key: str, where: Conditions, limit: int) -> Ranked:
        """(id, value of ``key``) for the ``limit`` points with the largest ``key``."""

    @abstractmethod
    def _scroll_ids(self, where: Conditions, limit: int | None) -> list[int]:
        """Ids of matching points in ascending order, at most ``limit`` (None: all)."""

    @abstractmethod
    def _payloads(self, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        """Stored payloads by id."""

    @abstractmethod
    def _count(self, where: Conditions) -> int:
        """Exact number of matching points."""

    # The shared reading API --------------------------------------------------------------
    def count(self, flt: SearchFilter = NO_FILTER) -> int:
        return self._count(conditions(flt))

    def ids(self) -> set[int]:
        return set(self._scroll_ids(Conditions(), None))

    def query(
        self,
        dense: np.ndarray | None,
        sparse: SparseVector | None,
        flt: SearchFilter = NO_FILTER,
        limit: int = 20,
        prefetch_limit: int = 200,
    ) -> list[Hit]:
        """Hybrid (RRF) with both vectors, nearest with one, by ``production`` with neither."""
        if limit <= 0:
            return []
        sparse = sparse or None  # a query without terms (emoji, punctuation) has no sparse side
        where = conditions(flt)
        if dense is None and sparse is None:
            ranked = self._by_field(PRODUCTION, where, limit)
        else:
            if dense is not None:
                dense = _checked_dense(dense, self.dim)
            # ask for more than needed so ties at the cut are settled by id, not by the engine
            fetch = limit * 2
            ranked = sorted(
                self._search(dense, sparse, where, fetch, max(prefetch_limit, limit)),
                key=_tie_key,
            )[:limit]
        payloads = self._payloads([point_id for point_id, _ in ranked])
        return [Hit(pid, score, payloads.get(pid, {})) for pid, score in ranked]

    def top_by(
        self, key: str, flt: SearchFilter = NO_FILTER, limit: int = 20, *, with_payload: bool = True
    ) -> list[Hit]:
        """The ``limit`` matching points with the largest value of the indexed float ``key``
        (``production``, ``strength.retrieval``, ...), ties by id; the score is the value.
        ``with_payload=False`` leaves payloads empty, for a caller that fetches the ones it
        lacks in one ``payloads`` call."""
        if limit <= 0:
            return []
        ranked = self._by_field(key, conditions(flt), limit)
        payloads = self._payloads([pid for pid, _ in ranked]) if with_payload else {}
        return [Hit(pid, score, payloads.get(pid, {})) for pid, score in ranked]

    def payloads(self, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        """Stored payloads by id (ids not in the index are absent)."""
        return self._payloads(list(ids))

    def _by_field(self, key: str, where: Conditions, limit: int) -> Ranked:
        top = self._order_by(key, where, limit)
        if len(top) < limit:
            return sorted(top, key=_tie_key)
        edge = top[-1][1]
        above = sorted(((pid, v) for pid, v in top if v > edge), key=_tie_key)
        # every point above the cut is in `top`; points at the cut are taken by ascending id
        tied = self._scroll_ids(where.plus(AtLeast(key, edge, edge)), limit - len(above))
        return above + [(pid, edge) for pid in tied]


def _tie_key(item: tuple[int, float]) -> tuple[float, int]:
    point_id, score = item
    return (-_significant(score), point_id)


def _significant(value: float) -> float:
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, _SCORE_DIGITS - 1 - math.floor(math.log10(abs(value))))


def _checked_dense(dense: np.ndarray, dim: int) -> np.ndarray:
    vector = np.asarray(dense, dtype=np.float32).reshape(-1)
    if vector.shape[0] != dim:
        raise ValueError(f"query vector has {vector.shape[0]} dimensions, the index has {dim}")
    return vector


class WriterContext:
    """``with index.begin_write() as w: ...; w.commit()`` aborts when left uncommitted."""

    finished: bool = False

    def abort(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self.finished:
            self.abort()
