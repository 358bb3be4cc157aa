"""The embedded engine: Qdrant Edge in-process, one shard directory per generation.

See ``generations.py`` for how a writer and any number of readers share the directory.
"""

from __future__ import annotations

import contextlib
import shutil
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np
import qdrant_edge as qe

from talent.errors import IndexError_
from talent.indexer.vectors.base import RRF_K, Ranked, Searchable, WriterContext
from talent.indexer.vectors.filters import AnyOf, Condition, Conditions
from talent.indexer.vectors.generations import (
    Layout,
    copy_generation,
    hold_for_reading,
    write_meta,
    writer_lock,
)
from talent.indexer.vectors.records import Point, SparseVector
from talent.indexer.vectors.schema import (
    DENSE,
    INDEXED_FIELDS,
    SPARSE,
    FieldType,
    IndexMeta,
    decode_payload,
    normalise_payload,
    score_fields,
)

SCROLL_PAGE = 10_000
UPSERT_BATCH = 1_000
# Payload indexes memory-mapped without preloading ("Cold"): loading them into RAM was most
# of a search process's open time (0.27 s of 0.28 at 30,000 people; 0.12 s Cold), for
# ~10 ms more on the first filtered query.
_INDEX_PARAMS: dict[FieldType, Any] = {
    "keyword": qe.KeywordIndexParams(memory=qe.Memory.Cold),
    "float": qe.FloatIndexParams(memory=qe.Memory.Cold),
    "integer": qe.IntegerIndexParams(lookup=True, range=True, memory=qe.Memory.Cold),
}


def edge_config(dim: int, *, hnsw: bool = False) -> qe.EdgeConfig:
    """Named dense (cosine) and sparse (IDF) vectors; no WAL, so readers can share a shard.

    ``optimize`` turns the appendable segments into immutable, memory-mapped ones, which a
    search process opens in ~0.2 s at 100,000 people (appendable ones: over 1 s and 2 GB,
    as their indexes are rebuilt in RAM). Without ``hnsw`` those segments get no graph
    (``m=0``) and dense search scans the filtered vectors exactly: ~10 ms at 100,000 people,
    where building the graph took over 10 minutes on 2 cores. The sparse index stays on
    disk (``Cold``): a query reads a few posting lists, and preloading it cost more.
    """
    graph = qe.HnswIndexConfig(m=16 if hnsw else 0, ef_construct=100, full_scan_threshold=10_000)
    return qe.EdgeConfig(
        vectors={DENSE: qe.EdgeVectorParams(size=dim, distance=qe.Distance.Cosine)},
        sparse_vectors={
            SPARSE: qe.EdgeSparseVectorParams(modifier=qe.Modifier.Idf, memory=qe.Memory.Cold)
        },
        hnsw_config=graph,
        wal_enabled=False,
    )


class _ShardOps(Searchable):
    """Searchable primitives over one open ``EdgeShard`` (None: an empty index)."""

    _shard: qe.EdgeShard | None = None

    def _search(
        self,
        dense: np.ndarray | None,
        sparse: SparseVector | None,
        where: Conditions,
        limit: int,
        prefetch_limit: int,
    ) -> Ranked:
        if self._shard is None:
            return []
        flt = edge_filter(where)
        if dense is not None and sparse is not None:
            request = qe.QueryRequest(
                limit=limit,
                prefetches=[
                    qe.Prefetch(limit=prefetch_limit, query=_nearest(dense, None), filter=flt),
                    qe.Prefetch(limit=prefetch_limit, query=_nearest(None, sparse), filter=flt),
                ],
                query=qe.Fusion.Rrf(k=RRF_K),
                with_payload=False,
                with_vector=False,
            )
        else:
            request = qe.QueryRequest(
                limit=limit,
                query=_nearest(dense, sparse),
                filter=flt,
                with_payload=False,
                with_vector=False,
            )
        return [(int(point.id), float(point.score)) for point in self._shard.query(request)]

    def _order_by(self, key: str, where: Conditions, limit: int) -> Ranked:
        if self._shard is None:
            return []
        request = qe.QueryRequest(
            limit=limit,
            query=qe.OrderBy(key, qe.Direction.Desc),
            filter=edge_filter(where),
            with_payload=False,
            with_vector=False,
        )
        return [(int(p.id), float(p.order_value or 0.0)) for p in self._shard.query(request)]

    def _scroll_ids(self, where: Conditions, limit: int | None) -> list[int]:
        found: list[int] = []
        offset: Any = None
        while self._shard is not None and (limit is None or len(found) < limit):
            page = SCROLL_PAGE if limit is None else min(SCROLL_PAGE, limit - len(found))
            records, offset = self._shard.scroll(
                qe.ScrollRequest(
                    offset=offset,
                    limit=page,
                    filter=edge_filter(where),
                    with_payload=False,
                    with_vector=False,
                )
            )
            found.extend(int(record.id) for record in records)
            if offset is None:
                break
        return found

    def _payloads(self, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        if self._shard is None or not ids:
            return {}
        records = self._shard.retrieve(list(ids), True, False)
        return {int(r.id): decode_payload(r.payload or {}) for r in records}

    def _count(self, where: Conditions) -> int:
        if self._shard is None:
            return 0
        return int(self._shard.count(qe.CountRequest(exact=True, filter=edge_filter(where))))


class EdgeIndex(_ShardOps):
    """The published generation under ``root``, opened for reading.

    ``for_write`` opens an index that may not exist yet or may have been built by another
    model, since the writer is about to create or rebuild it.
    """

    def __init__(
        self,
        root: Path,
        collection: str,
        *,
        dim: int,
        fingerprint: str,
        for_write: bool = False,
        hnsw: bool = False,
    ) -> None:
        self.layout = Layout(root, collection)
        self.hnsw = hnsw
        self.dim = dim
        self.fingerprint = fingerprint
        self.meta: IndexMeta | None = None
        self.directory: Path | None = None
        self._lease: IO[str] | None = None
        try:
            pointer = self.layout.read_pointer()
            if pointer is None:
                if not for_write:
                    raise IndexError_(
                        f"there is no vector index in {self.layout.root} yet",
                        "run `talent index` to build it",
                    )
                return
            self.meta = IndexMeta.from_json(pointer)
            if not for_write:
                self.meta.check(fingerprint, dim)
            self._load_published(pointer)
        except IndexError_:
            if not for_write:
                raise
            # A damaged index opened to be rebuilt: the writer starts from empty.
            self.close()
            self.meta = None

    @property
    def generation(self) -> int | None:
        return self.meta.generation if self.meta else None

    def begin_write(self, *, full: bool = False) -> EdgeWriter:
        return EdgeWriter(
            self.layout, dim=self.dim, fingerprint=self.fingerprint, full=full, hnsw=self.hnsw
        )

    def close(self) -> None:
        if self._shard is not None:
            self._shard.close()
            self._shard = None
        if self._lease is not None:
            self._lease.close()
            self._lease = None

    def __enter__(self) -> EdgeIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _load_published(self, pointer: dict[str, Any]) -> None:
        # A writer publishing twice between our pointer read and our lock could prune the
        # generation we read about; then the pointer names a newer one: read it again.
        for _ in range(3):
            directory = self.layout.root / str(pointer["dir"])
            try:
                self._lease = hold_for_reading(directory)
                self._shard = _load_shard(directory)
                self.directory = directory
                return
            except FileNotFoundError:
                self.close()
                pointer = self.layout.read_pointer() or pointer
                self.meta = IndexMeta.from_json(pointer)
        raise IndexError_(
            f"the vector index in {self.layout.root} keeps changing under this reader",
            "run the search again",
        )


class EdgeWriter(_ShardOps, WriterContext):
    """Builds the next generation; ``commit`` publishes it, ``abort`` throws it away.

    Incremental writes start from a copy of the live generation; ``full`` starts empty.
    Only one writer per collection: a second one raises ``IndexError_`` at once.
    """

    def __init__(
        self, layout: Layout, *, dim: int, fingerprint: str, full: bool, hnsw: bool = False
    ) -> None:
        self.layout = layout
        self.hnsw = hnsw
        self.dim = dim
        self.fingerprint = fingerprint
        self._locks = contextlib.ExitStack()
        self._locks.enter_context(writer_lock(layout))
        try:
            self._start(full)
        except BaseException:
            self._locks.close()
            raise

    def _start(self, full: bool) -> None:
        self._indexed: set[str] = set()
        try:
            current = self.layout.read_pointer()
        except IndexError_:
            if not full:
                raise
            current = None  # an unreadable pointer: the rebuild replaces it
        self.previous = IndexMeta.from_json(current).generation if current else None
        if current and not full:
            IndexMeta.from_json(current).check(self.fingerprint, self.dim)
        self._remove_unpublished()
        self.generation = max([*self.layout.generations(), self.previous or 0]) + 1
        self.directory = self.layout.generation_dir(self.generation)
        if current is None or full:
            config = edge_config(self.dim, hnsw=self.hnsw)  # fixed for the generation's life
            self._shard = qe.EdgeShard.create(str(self.directory), config)
            for key, kind in INDEXED_FIELDS.items():
                self._index_field(key, kind)
        else:
            copy_generation(self.layout.root / str(current["dir"]), self.directory)
            self._shard = _load_shard(self.directory)
        self._indexed = set(self._require_shard().info().payload_schema)

    def _remove_unpublished(self) -> None:
        """Directories newer than the live generation are left by killed writers."""
        for generation in self.layout.generations():
            if self.previous is None or generation > self.previous:
                shutil.rmtree(self.layout.generation_dir(generation), ignore_errors=True)

    # Writes ----------------------------------------------------------------------------
    def upsert(self, points: Sequence[Point]) -> None:
        shard = self._require_shard()
        payloads = [normalise_payload(point.payload) for point in points]
        self._index_scores(payloads)
        for start in range(0, len(points), UPSERT_BATCH):
            batch = zip(
                points[start : start + UPSERT_BATCH],
                payloads[start : start + UPSERT_BATCH],
                strict=False,
            )
            edge_points = [_edge_point(point, payload, self.dim) for point, payload in batch]
            shard.update(qe.UpdateOperation.upsert_points(edge_points))

    def delete(self, ids: Iterable[int]) -> None:
        ids = [int(i) for i in ids]
        if ids:
            self._require_shard().update(qe.UpdateOperation.delete_points(ids))

    def set_payload(self, ids: Iterable[int], payload: Mapping[str, Any]) -> None:
        ids = [int(i) for i in ids]
        if not ids:
            return
        partial = normalise_payload(payload, partial=True)
        self._index_scores([partial])
        self._require_shard().update(qe.UpdateOperation.set_payload(ids, partial))

    # Finishing -------------------------------------------------------------------------
    def commit(self, *, optimize: bool = True) -> None:
        """Flush, optionally build the HNSW/segment optimisations, and publish atomically."""
        shard = self._require_shard()
        if optimize:
            shard.optimize()
        shard.flush()
        shard.close()
        self._shard = None
        # The first load of a shard rewrites its config and folds journals; do it here so
        # readers' loads leave the published files as they are.
        _load_shard(self.directory).close()
        record = {
            **IndexMeta(self.fingerprint, self.dim, self.generation).to_json(),
            "dir": self.directory.name,
            "previous": self.previous,
            "committed_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        write_meta(self.directory, record)
        self.layout.publish(record)
        keep = {self.generation} | ({self.previous} if self.previous is not None else set())
        self.layout.prune(keep)
        self._finish()

    def abort(self) -> None:
        """Drop everything written since ``begin_write``; the live generation is untouched."""
        if self.finished:
            return
        if self._shard is not None:
            with contextlib.suppress(Exception):
                self._shard.close()
            self._shard = None
        shutil.rmtree(self.directory, ignore_errors=True)
        self._finish()

    def close(self) -> None:
        self.abort()

    def _finish(self) -> None:
        self.finished = True
        self._locks.close()

    # Helpers ---------------------------------------------------------------------------
    def _require_shard(self) -> qe.EdgeShard:
        if self._shard is None:
            raise IndexError_("this index writer is already committed or aborted")
        return self._shard

    def _index_scores(self, payloads: Iterable[Mapping[str, Any]]) -> None:
        for key in sorted(score_fields(payloads) - self._indexed):
            self._index_field(key, "float")

    def _index_field(self, key: str, kind: FieldType) -> None:
        shard = self._require_shard()
        shard.update(qe.UpdateOperation.create_field_index(key, _INDEX_PARAMS[kind]))
        self._indexed.add(key)


# Conversions -------------------------------------------------------------------------------
def edge_filter(where: Conditions) -> qe.Filter | None:
    if not where:
        return None
    return qe.Filter(
        must=[_edge_condition(c) for c in where.must] or None,
        must_not=[_edge_condition(c) for c in where.must_not] or None,
    )


def _edge_condition(condition: Condition) -> qe.FieldCondition:
    if isinstance(condition, AnyOf):
        values = list(condition.values)
        match = qe.MatchValue(values[0]) if len(values) == 1 else qe.MatchAny(values)
        return qe.FieldCondition(condition.key, match=match)
    return qe.FieldCondition(
        condition.key, range=qe.RangeFloat(gte=condition.value, lte=condition.at_most)
    )


def _nearest(dense: np.ndarray | None, sparse: SparseVector | None) -> qe.Query:
    if dense is not None:
        return qe.Query.Nearest(dense.tolist(), using=DENSE)
    if sparse is None:
        raise ValueError("a nearest query needs a dense or a sparse vector")
    return qe.Query.Nearest(
        qe.SparseVector(list(sparse.indices), list(sparse.values)), using=SPARSE
    )


def _edge_point(point: Point, payload: dict[str, Any], dim: int) -> qe.Point:
    dense = np.asarray(point.dense, dtype=np.float32).reshape(-1)
    if dense.shape[0] != dim:
        raise ValueError(f"point {point.id} has a {dense.shape[0]}-d vector, the index {dim}-d")
    vectors: dict[str, Any] = {DENSE: dense.tolist()}
    if point.sparse:
        sparse = point.sparse
        vectors[SPARSE] = qe.SparseVector(list(sparse.indices), list(sparse.values))
    return qe.Point(point.id, vectors, payload)


def _load_shard(directory: Path) -> qe.EdgeShard:
    if not directory.is_dir():
        raise FileNotFoundError(directory)
    try:
        return qe.EdgeShard.load(str(directory))
    except Exception as exc:  # the binding raises bare Exception for every engine error
        raise IndexError_(
            f"cannot open the vector index at {directory}: {exc}",
            "run `talent index --full` to rebuild it",
        ) from None
