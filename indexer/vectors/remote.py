"""A Qdrant server through qdrant-client (tests use its local mode, which speaks the same API).

Readers query a collection alias, ``<collection>``, that points at ``<collection>-<gen>``. A
full rebuild fills a new generation and switches the alias in one atomic alias operation;
the previous generation is kept for readers still on it. Incremental writes go into the
live collection, as a server is built for concurrent reads and writes: they are visible as
they land and ``abort`` cannot take them back (they are idempotent upserts, so re-running
the indexer repairs an interrupted run).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import numpy as np
from qdrant_client import QdrantClient, models

from talent.errors import IndexError_
from talent.indexer.vectors.base import RRF_K, Ranked, Searchable, WriterContext
from talent.indexer.vectors.filters import AnyOf, Condition, Conditions
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

META_KEY = "talent"
SCROLL_PAGE = 10_000
UPSERT_BATCH = 256
_SCHEMA_TYPES: dict[FieldType, models.PayloadSchemaType] = {
    "keyword": models.PayloadSchemaType.KEYWORD,
    "float": models.PayloadSchemaType.FLOAT,
    "integer": models.PayloadSchemaType.INTEGER,
}


def connect(url: str, api_key: str | None = None, *, timeout: int = 30) -> QdrantClient:
    """A client for the server at ``url``; the key goes to the client and nowhere else.

    No version check at connect: it costs a request on every CLI start.
    """
    return QdrantClient(url=url, api_key=api_key, timeout=timeout, check_compatibility=False)


class _CollectionOps(Searchable):
    """Searchable primitives over one physical collection (None: an empty index)."""

    client: QdrantClient
    _name: str | None = None

    def _search(
        self,
        dense: np.ndarray | None,
        sparse: SparseVector | None,
        where: Conditions,
        limit: int,
        prefetch_limit: int,
    ) -> Ranked:
        if self._name is None:
            return []
        flt = client_filter(where)
        if dense is not None and sparse is not None:
            response = self.client.query_points(
                self._name,
                prefetch=[
                    models.Prefetch(
                        query=_vector(dense, None), using=DENSE, limit=prefetch_limit, filter=flt
                    ),
                    models.Prefetch(
                        query=_vector(None, sparse), using=SPARSE, limit=prefetch_limit, filter=flt
                    ),
                ],
                query=models.RrfQuery(rrf=models.Rrf(k=RRF_K)),
                limit=limit,
                with_payload=False,
            )
        else:
            response = self.client.query_points(
                self._name,
                query=_vector(dense, sparse),
                using=DENSE if dense is not None else SPARSE,
                query_filter=flt,
                limit=limit,
                with_payload=False,
            )
        return [(int(point.id), float(point.score)) for point in response.points]

    def _order_by(self, key: str, where: Conditions, limit: int) -> Ranked:
        if self._name is None:
            return []
        response = self.client.query_points(
            self._name,
            query=models.OrderByQuery(
                order_by=models.OrderBy(key=key, direction=models.Direction.DESC)
            ),
            query_filter=client_filter(where),
            limit=limit,
            with_payload=[key],
        )
        return [(int(p.id), _ordered_value(p, key)) for p in response.points]

    def _scroll_ids(self, where: Conditions, limit: int | None) -> list[int]:
        found: list[int] = []
        offset: Any = None
        while self._name is not None and (limit is None or len(found) < limit):
            page = SCROLL_PAGE if limit is None else min(SCROLL_PAGE, limit - len(found))
            records, offset = self.client.scroll(
                self._name,
                scroll_filter=client_filter(where),
                limit=page,
                offset=offset,
                with_payload=False,
                with_vectors=False,
            )
            found.extend(int(record.id) for record in records)
            if offset is None:
                break
        return found

    def _payloads(self, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        if self._name is None or not ids:
            return {}
        records = self.client.retrieve(self._name, list(ids), with_payload=True)
        return {int(r.id): decode_payload(r.payload or {}) for r in records}

    def _count(self, where: Conditions) -> int:
        if self._name is None:
            return 0
        return self.client.count(self._name, count_filter=client_filter(where), exact=True).count


class RemoteIndex(_CollectionOps):
    """The collection that alias ``collection`` names on a Qdrant server."""

    def __init__(
        self,
        client: QdrantClient,
        collection: str,
        *,
        dim: int,
        fingerprint: str,
        for_write: bool = False,
        url: str | None = None,
        owns_client: bool = False,
    ) -> None:
        self.client = client
        self._owns_client = owns_client
        self.alias = collection
        self.dim = dim
        self.fingerprint = fingerprint
        self.where = _display(url)
        self.meta: IndexMeta | None = None
        self._name = live_collection(client, collection, self.where)
        if self._name is None:
            if not for_write:
                raise IndexError_(
                    f"there is no collection {collection!r} on {self.where} yet",
                    "run `talent index` to build it",
                )
            return
        self.meta = read_meta(client, self._name)
        if not for_write:
            self.meta.check(fingerprint, dim)

    @property
    def generation(self) -> int | None:
        return self.meta.generation if self.meta else None

    def begin_write(self, *, full: bool = False) -> RemoteWriter:
        return RemoteWriter(self, full=full)

    def close(self) -> None:
        self._name = None
        if self._owns_client:
            self.client.close()

    def __enter__(self) -> RemoteIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class RemoteWriter(_CollectionOps, WriterContext):
    """Fills a new generation (``full``, or no index yet) or updates the live one."""

    def __init__(self, index: RemoteIndex, *, full: bool) -> None:
        self.client = index.client
        self.alias = index.alias
        self.dim = index.dim
        self.fingerprint = index.fingerprint
        self._indexed: set[str] = set()
        self.previous = live_collection(self.client, self.alias, index.where)
        self.incremental = self.previous is not None and not full
        if self.incremental:
            assert self.previous is not None
            read_meta(self.client, self.previous).check(self.fingerprint, self.dim)
            self._name = self.previous
            self.generation = read_meta(self.client, self._name).generation
            self._indexed = set(self.client.get_collection(self._name).payload_schema)
        else:
            self._create_generation()

    def _create_generation(self) -> None:
        existing = _generations(self.client, self.alias)
        live = _generation_of(self.alias, self.previous) if self.previous else 0
        for generation, name in existing.items():
            if generation > live:  # left by a killed rebuild
                self.client.delete_collection(name)
        self.generation = max([*existing, live]) + 1
        self._name = f"{self.alias}-{self.generation}"
        self.client.create_collection(
            self._name,
            vectors_config={
                DENSE: models.VectorParams(size=self.dim, distance=models.Distance.COSINE)
            },
            sparse_vectors_config={SPARSE: models.SparseVectorParams(modifier=models.Modifier.IDF)},
            metadata={META_KEY: IndexMeta(self.fingerprint, self.dim, self.generation).to_json()},
        )
        for key, kind in INDEXED_FIELDS.items():
            self._index_field(key, kind)

    # Writes ----------------------------------------------------------------------------
    def upsert(self, points: Sequence[Point]) -> None:
        name = self._require_name()
        payloads = [normalise_payload(point.payload) for point in points]
        self._index_scores(payloads)
        for start in range(0, len(points), UPSERT_BATCH):
            batch = zip(
                points[start : start + UPSERT_BATCH],
                payloads[start : start + UPSERT_BATCH],
                strict=False,
            )
            structs = [_point_struct(point, payload, self.dim) for point, payload in batch]
            self.client.upsert(name, points=structs, wait=True)

    def delete(self, ids: Iterable[int]) -> None:
        ids = [int(i) for i in ids]
        if ids:
            self.client.delete(self._require_name(), points_selector=ids, wait=True)

    def set_payload(self, ids: Iterable[int], payload: Mapping[str, Any]) -> None:
        ids = [int(i) for i in ids]
        if not ids:
            return
        partial = normalise_payload(payload, partial=True)
        self._index_scores([partial])
        self.client.set_payload(self._require_name(), payload=partial, points=ids, wait=True)

    # Finishing -------------------------------------------------------------------------
    def commit(self, *, optimize: bool = True) -> None:
        """Switch the alias to a rebuilt generation; incremental writes are already live.

        ``optimize`` is accepted for symmetry: the server optimises in the background.
        """
        name = self._require_name()
        if not self.incremental:
            operations: list[Any] = []
            if self.previous is not None:
                operations.append(
                    models.DeleteAliasOperation(
                        delete_alias=models.DeleteAlias(alias_name=self.alias)
                    )
                )
            operations.append(
                models.CreateAliasOperation(
                    create_alias=models.CreateAlias(collection_name=name, alias_name=self.alias)
                )
            )
            self.client.update_collection_aliases(change_aliases_operations=operations)
            self._drop_old_generations(keep={name, self.previous})
        self.finished = True
        self._name = None

    def abort(self) -> None:
        """Drop a rebuild in progress; incremental writes already applied stay applied."""
        if self.finished:
            return
        if not self.incremental and self._name is not None:
            self.client.delete_collection(self._name)
        self.finished = True
        self._name = None

    def close(self) -> None:
        self.abort()

    def _drop_old_generations(self, keep: set[str | None]) -> None:
        for name in _generations(self.client, self.alias).values():
            if name not in keep:
                self.client.delete_collection(name)

    # Helpers ---------------------------------------------------------------------------
    def _require_name(self) -> str:
        if self._name is None:
            raise IndexError_("this index writer is already committed or aborted")
        return self._name

    def _index_scores(self, payloads: Iterable[Mapping[str, Any]]) -> None:
        for key in sorted(score_fields(payloads) - self._indexed):
            self._index_field(key, "float")

    def _index_field(self, key: str, kind: FieldType) -> None:
        with warnings.catch_warnings():
            # local mode warns that payload indexes have no effect there; a server uses them
            warnings.simplefilter("ignore")
            self.client.create_payload_index(
                self._require_name(), key, field_schema=_SCHEMA_TYPES[kind], wait=True
            )
        self._indexed.add(key)


def _ordered_value(point: models.ScoredPoint, key: str) -> float:
    """The value a point was ordered by: ``order_value`` where the engine sets it, else read
    from the payload by its dotted path (``strength.retrieval`` is a nested key)."""
    if point.order_value is not None:
        return float(point.order_value)
    value: Any = point.payload or {}
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return float(value or 0.0)


# Collections, aliases and metadata ----------------------------------------------------------
def live_collection(client: QdrantClient, alias: str, where: str) -> str | None:
    """The collection ``alias`` points at, or None when there is no index yet."""
    try:
        aliases = client.get_aliases().aliases
        names = {c.name for c in client.get_collections().collections}
    except Exception as exc:  # connection errors come in several transport types
        raise IndexError_(
            f"cannot reach Qdrant at {where}: {type(exc).__name__}",
            "check qdrant_url (TALENT_QDRANT_URL), that the server is running and accepts "
            "the API key (TALENT_QDRANT_API_KEY), or unset qdrant_url for the embedded index",
        ) from None
    target = next((a.collection_name for a in aliases if a.alias_name == alias), None)
    if target is None and alias in names:
        raise IndexError_(
            f"Qdrant at {where} has a collection named {alias!r} that talent did not create",
            "delete that collection or set index.collection to another name",
        )
    return target


def read_meta(client: QdrantClient, name: str) -> IndexMeta:
    metadata = client.get_collection(name).config.metadata or {}
    if META_KEY not in metadata:
        raise IndexError_(
            f"collection {name!r} carries no talent metadata",
            "run `talent index --full` to rebuild it",
        )
    return IndexMeta.from_json(metadata[META_KEY])


def _generations(client: QdrantClient, alias: str) -> dict[int, str]:
    return {
        generation: c.name
        for c in client.get_collections().collections
        if (generation := _generation_of(alias, c.name)) is not None
    }


def _generation_of(alias: str, name: str) -> int | None:
    match = re.fullmatch(rf"{re.escape(alias)}-(\d+)", name)
    return int(match.group(1)) if match else None


def _display(url: str | None) -> str:
    """The server's address without any credentials a URL might carry."""
    if not url:
        return "the Qdrant server"
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}{f':{parts.port}' if parts.port else ''}"


# Conversions -------------------------------------------------------------------------------
def client_filter(where: Conditions) -> models.Filter | None:
    if not where:
        return None
    return models.Filter(
        must=[_condition(c) for c in where.must] or None,
        must_not=[_condition(c) for c in where.must_not] or None,
    )


def _condition(condition: Condition) -> models.FieldCondition:
    if isinstance(condition, AnyOf):
        values = list(condition.values)
        match: Any = (
            models.MatchValue(value=values[0]) if len(values) == 1 else models.MatchAny(any=values)
        )
        return models.FieldCondition(key=condition.key, match=match)
    return models.FieldCondition(
        key=condition.key, range=models.Range(gte=condition.value, lte=condition.at_most)
    )


def _vector(dense: np.ndarray | None, sparse: SparseVector | None) -> Any:
    if dense is not None:
        return dense.tolist()
    if sparse is None:
        raise ValueError("a nearest query needs a dense or a sparse vector")
    return models.SparseVector(indices=list(sparse.indices), values=list(sparse.values))


def _point_struct(point: Point, payload: dict[str, Any], dim: int) -> models.PointStruct:
    dense = np.asarray(point.dense, dtype=np.float32).reshape(-1)
    if dense.shape[0] != dim:
        raise ValueError(f"point {point.id} has a {dense.shape[0]}-d vector, the index {dim}-d")
    vectors: dict[str, Any] = {DENSE: dense.tolist()}
    if point.sparse:
        vectors[SPARSE] = models.SparseVector(
            indices=list(point.sparse.indices), values=list(point.sparse.values)
        )
    return models.PointStruct(id=point.id, vector=vectors, payload=payload)
