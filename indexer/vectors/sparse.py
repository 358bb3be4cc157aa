"""BM25 term weights computed client-side, so both engines index exactly the same numbers.

Documents carry BM25's term-frequency part, ``tf·(k1+1) / (tf + k1·(1 − b + b·len/avg_len))``;
queries carry 1.0 per distinct term. The engines hold the sparse vector with the IDF modifier,
so they multiply in ``idf`` from their live document counts at query time.

Tokens keep technical names whole: no stemming and no stopwords, and a name joined by ``-``,
``_`` or ``.`` (``llama_index``, ``llama-index``, ``node.js``) yields its joined form
(``llamaindex``, which ``LlamaIndex`` also yields) as well as its parts, while a query
yields the joined form only: ``llama_index`` finds the library however it is spelt and not
every text that says "llama" and "index" apart, and ``llama`` still finds ``llama-index``.
Runs of CJK characters, written without spaces, become character bigrams.
Term ids are CRC-32 hashes: stable across processes and versions, no vocabulary to keep.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterator

from talent.indexer.vectors.records import SparseVector

K1 = 1.2
B = 0.75
AVG_LEN = 200.0  # tokens in a typical person document (2,000 characters at most)
MAX_TOKEN_CHARS = 64

_WORD = re.compile(r"[^\W_]+(?:[-_.][^\W_]+)*(?:\+\+|#)?")
_JOINERS = re.compile(r"[-_.]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")


def tokens(text: str, *, query: bool = False) -> Iterator[str]:
    """The terms of ``text``, in order, repeated as often as they occur.

    A joined name yields its joined form and, in documents only, its parts: a query for
    ``llama_index`` asks for the library, not for any text with "llama" and "index" in it.
    """
    normalised = unicodedata.normalize("NFKC", text).casefold()
    for match in _WORD.finditer(normalised):
        word = match.group()
        if len(word) > MAX_TOKEN_CHARS:
            continue
        parts = _JOINERS.split(word)
        if len(parts) > 1:
            yield "".join(parts)
            if query:
                continue
        for part in parts:
            yield from _split_cjk(part)


def _split_cjk(word: str) -> Iterator[str]:
    if not _CJK.search(word):
        yield word
        return
    rest = _CJK.sub(" ", word).split()
    yield from rest
    for run in _CJK.findall(word):
        if len(run) == 1:
            yield run
        else:
            yield from (run[i : i + 2] for i in range(len(run) - 1))


def term_id(term: str) -> int:
    return zlib.crc32(term.encode("utf-8"))


def sparse_document(
    text: str, *, k1: float = K1, b: float = B, avg_len: float = AVG_LEN
) -> SparseVector:
    """BM25 term-frequency weights of a document (IDF is applied by the engine)."""
    counts = Counter(term_id(term) for term in tokens(text))
    length = sum(counts.values())
    norm = k1 * (1.0 - b + b * length / avg_len)
    indices = sorted(counts)
    return SparseVector(
        tuple(indices), tuple(counts[i] * (k1 + 1.0) / (counts[i] + norm) for i in indices)
    )


def sparse_query(text: str) -> SparseVector:
    """One unit weight per distinct query term."""
    indices = sorted({term_id(term) for term in tokens(text, query=True)})
    return SparseVector(tuple(indices), (1.0,) * len(indices))
