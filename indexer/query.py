"""Query embeddings for the search path: onnxruntime and tokenizers, never torch.

A search process must start in well under a second, so queries are encoded by an ONNX
export of the document model (talent.indexer.onnx_export writes it) instead of
sentence-transformers. This module is the indexer's whole public API for search besides the
vector index (talent.indexer.vectors): the encoder, where its export lives, and the model's
identity and width, which the index must match.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from talent.errors import IndexError_
from talent.indexer.model import model_dimension, model_fingerprint, prepare_text, resolve_model

if TYPE_CHECKING:
    from talent.settings import Settings

__all__ = [
    "QueryEncoder",
    "model_dimension",
    "model_fingerprint",
    "query_encoder_dir",
    "read_export_meta",
    "resolve_model",
]

# The export folder's format: what onnx_export writes and QueryEncoder reads.
EXPORT_FORMAT = "talent-onnx/1"
ONNX_FILE = "model.onnx"
# The same graph after onnxruntime's CPU optimisations, saved once at export: a search
# process then skips them (session start 0.14 s instead of 0.17-0.23 s, same outputs).
# Such a file is tied to the onnxruntime version that wrote it, which meta.json records.
OPTIMIZED_FILE = "model.opt.onnx"
TOKENIZER_FILE = "tokenizer.json"
META_FILE = "meta.json"
CPU_PROVIDER = "CPUExecutionProvider"
QUERY_BATCH = 32


def query_encoder_dir(settings: Settings) -> Path:
    """Where the ONNX export the search path uses lives."""
    return settings.models_path / "query-encoder"


def read_export_meta(out_dir: Path) -> dict[str, Any] | None:
    """The export's meta.json, or None when there is no complete export there."""
    meta_file = Path(out_dir) / META_FILE
    if not meta_file.is_file() or not (Path(out_dir) / ONNX_FILE).is_file():
        return None
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    return meta if meta.get("format") == EXPORT_FORMAT else None


class QueryEncoder:
    """Encodes queries with the ONNX export; imports neither torch nor sentence-transformers."""

    def __init__(self, export_dir: Path, *, threads: int | None = None) -> None:
        self.export_dir = Path(export_dir)
        meta = read_export_meta(self.export_dir)
        if meta is None:
            raise IndexError_(
                f"no query encoder export at {self.export_dir}",
                "run `talent index` (it exports the model the first time it runs)",
            )
        self.fingerprint: str = meta["fingerprint"]
        self.dim: int = int(meta["dim"])
        self.max_seq_length: int = int(meta["max_seq_length"])
        self._inputs: list[str] = list(meta["inputs"])
        self._tokenizer = _load_tokenizer(self.export_dir / TOKENIZER_FILE, meta)
        self._session, self.model_file = _load_session(self.export_dir, meta, threads)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """float32 vectors of shape ``(len(texts), dim)``, L2-normalised."""
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        parts = [
            self._encode_batch(texts[start : start + QUERY_BATCH])
            for start in range(0, len(texts), QUERY_BATCH)
        ]
        return np.concatenate(parts).astype(np.float32, copy=False)

    def _encode_batch(self, texts: Sequence[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch([prepare_text(text) for text in texts])
        arrays = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        (hidden,) = self._session.run(None, {name: arrays[name] for name in self._inputs})
        return mean_pool_normalise(hidden, arrays["attention_mask"])


def mean_pool_normalise(hidden: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
    """Mean of the token vectors under the mask, then L2 norm (as sentence-transformers)."""
    mask = attention_mask[..., None].astype(np.float32)
    summed = (hidden.astype(np.float32) * mask).sum(axis=1)
    pooled = summed / np.clip(mask.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return pooled / np.clip(norms, 1e-12, None)


def _load_tokenizer(file: Path, meta: dict[str, Any]) -> Any:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(file))
    # the saved tokenizer may carry the hub's fixed 128-token padding; use ST's behaviour
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=int(meta["max_seq_length"]))
    tokenizer.enable_padding(pad_id=int(meta["pad_token_id"]), pad_token=str(meta["pad_token"]))
    return tokenizer


def _load_session(export_dir: Path, meta: dict[str, Any], threads: int | None) -> tuple[Any, Path]:
    """The session and the graph file it runs: the pre-optimised one when it fits."""
    import onnxruntime

    optimized = export_dir / OPTIMIZED_FILE
    if optimized.is_file() and meta.get("onnxruntime") == onnxruntime.__version__:
        with suppress(Exception):  # a damaged file: the plain graph below still works
            level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
            return _session(onnxruntime, optimized, threads, level), optimized
    plain = export_dir / ONNX_FILE
    level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    return _session(onnxruntime, plain, threads, level), plain


def _session(onnxruntime: Any, file: Path, threads: int | None, level: Any) -> Any:
    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = level
    options.log_severity_level = 3
    if threads:
        options.intra_op_num_threads = threads
    return onnxruntime.InferenceSession(str(file), sess_options=options, providers=[CPU_PROVIDER])
