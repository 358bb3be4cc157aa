"""Document embeddings with sentence-transformers (torch, CPU or CUDA), for the indexer.

torch and sentence-transformers are imported only when an encoder is built: importing
sentence-transformers alone takes ~6 s, which the search path cannot afford (it encodes
queries with the ONNX export instead, talent.indexer.query).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from talent.errors import ConfigError
from talent.indexer.model import model_fingerprint, prepare_text, resolve_model


class DocumentEncoder:
    """Encodes documents with sentence-transformers; imports torch only when built."""

    def __init__(self, spec: str, device: str = "cpu", batch_size: int = 64) -> None:
        self.spec = spec
        self.path = resolve_model(spec)
        self.fingerprint = model_fingerprint(self.path)
        self.device = device
        self.batch_size = batch_size
        self.model = _load_sentence_transformer(self.path, device)
        self.dim = _embedding_dimension(self.model)
        self.max_seq_length = int(self.model.max_seq_length)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """float32 vectors of shape ``(len(texts), dim)``, L2-normalised."""
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(
            [prepare_text(text) for text in texts],
            batch_size=self.batch_size,
            show_progress_bar=False,
            normalize_embeddings=True,
            convert_to_numpy=True,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


def _load_sentence_transformer(path: Path, device: str) -> Any:
    if device.startswith("cuda"):
        _require_cuda(device)
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # "Loading weights" bars on stderr, per process
    model = SentenceTransformer(str(path), device=device, local_files_only=True)
    _check_mean_pooling(model, path)
    return model


def _embedding_dimension(model: Any) -> int:
    # sentence-transformers 6 renamed the method and deprecates the old name
    method = getattr(model, "get_embedding_dimension", None)
    return int(method() if method else model.get_sentence_embedding_dimension())


def _require_cuda(device: str) -> None:
    import torch

    if not torch.cuda.is_available():
        raise ConfigError(
            f"index.device is {device!r} but CUDA is not available here",
            "set index.device = 'cpu' (or TALENT_INDEX__DEVICE=cpu), or run on a machine with "
            "an NVIDIA GPU and a CUDA build of torch",
        )


def _check_mean_pooling(model: Any, path: Path) -> None:
    """The ONNX query path re-implements mean pooling; refuse models that pool otherwise."""
    pooling = [module for module in model if type(module).__name__ == "Pooling"]
    if len(pooling) != 1 or not _is_mean_pooling(pooling[0]):
        raise ConfigError(
            f"model at {path} does not use plain mean pooling",
            "use a sentence-transformers model with mean pooling (such as all-MiniLM-L6-v2)",
        )


def _is_mean_pooling(pooling: Any) -> bool:
    mode = getattr(pooling, "pooling_mode", None)  # sentence-transformers >= 6
    if mode is not None:
        return mode == "mean"
    return bool(getattr(pooling, "pooling_mode_mean_tokens", False)) and not any(
        getattr(pooling, flag, False)
        for flag in ("pooling_mode_cls_token", "pooling_mode_max_tokens")
    )
