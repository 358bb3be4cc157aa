"""The vector index: one small interface, two Qdrant engines behind it.

``open_index(settings, ...)`` gives the embedded engine (Qdrant Edge, in-process, under
``settings.vectors_path``) unless ``settings.qdrant_url`` names a server. Both store a named
dense vector (cosine) and a named BM25 sparse vector (IDF applied by the engine), filter
inside the engine and fuse hybrid queries with RRF. qdrant-client is imported only for a
server: it costs ~0.8 s, which the search path cannot afford.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from talent.indexer.vectors.base import VectorIndex, VectorReader, VectorWriter
from talent.indexer.vectors.edge import EdgeIndex, EdgeWriter
from talent.indexer.vectors.records import Hit, Point, SearchFilter, SparseVector
from talent.indexer.vectors.sparse import sparse_document, sparse_query

if TYPE_CHECKING:
    from talent.indexer.vectors.remote import RemoteIndex, RemoteWriter
    from talent.settings import Settings

__all__ = [
    "EdgeIndex",
    "EdgeWriter",
    "Hit",
    "Point",
    "RemoteIndex",
    "RemoteWriter",
    "SearchFilter",
    "SparseVector",
    "VectorIndex",
    "VectorReader",
    "VectorWriter",
    "open_index",
    "sparse_document",
    "sparse_query",
]


def open_index(
    settings: Settings, *, dim: int, fingerprint: str, for_write: bool = False
) -> VectorIndex:
    """The configured index, checked against the caller's model (``dim``, ``fingerprint``).

    Reading needs a built index made by the same model (else ``IndexError_``); ``for_write``
    also opens a missing or outdated one, for ``begin_write(full=True)`` to rebuild.
    """
    collection = settings.index.collection
    if settings.qdrant_url:
        from talent.indexer.vectors.remote import RemoteIndex, connect

        key = settings.qdrant_api_key.get_secret_value() if settings.qdrant_api_key else None
        client = connect(settings.qdrant_url, key)
        return RemoteIndex(
            client,
            collection,
            dim=dim,
            fingerprint=fingerprint,
            for_write=for_write,
            url=settings.qdrant_url,
            owns_client=True,
        )
    return EdgeIndex(
        settings.vectors_path, collection, dim=dim, fingerprint=fingerprint, for_write=for_write
    )


def __getattr__(name: str) -> Any:
    # RemoteIndex lives behind qdrant-client's import cost; load it only when asked for
    if name in ("RemoteIndex", "RemoteWriter"):
        from talent.indexer.vectors import remote

        return getattr(remote, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
