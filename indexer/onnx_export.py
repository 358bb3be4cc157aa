"""The ONNX export of the embedding model, which the query encoder runs without torch.

The indexer writes it once per model (``export_onnx``); ``talent.indexer.query`` defines
the folder's format and reads it. The export and the sentence-transformers model give
mean-pooled, L2-normalised float32 vectors that agree to ~1e-7.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from talent.indexer.encode import DocumentEncoder
from talent.indexer.model import model_fingerprint, resolve_model
from talent.indexer.query import (
    CPU_PROVIDER,
    EXPORT_FORMAT,
    META_FILE,
    ONNX_FILE,
    OPTIMIZED_FILE,
    TOKENIZER_FILE,
    read_export_meta,
)

if TYPE_CHECKING:
    import torch

_ONNX_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


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


def remove_stale_exports(out_dir: Path) -> list[Path]:
    """Remove the temporary folders that killed exports left next to ``out_dir`` (each is
    ~150 MB); a folder whose process is still running is another export's, and stays."""
    out_dir = Path(out_dir)
    pattern = re.compile(rf"^\.{re.escape(out_dir.name)}\.(?:tmp|old)-(\d+)$")
    removed: list[Path] = []
    if not out_dir.parent.is_dir():
        return removed
    for entry in out_dir.parent.iterdir():
        match = pattern.match(entry.name)
        if match and entry.is_dir() and not _running(int(match.group(1))):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # ours from an earlier export in this process, finished or failed
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


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
    onnxruntime.InferenceSession(str(source), sess_options=options, providers=[CPU_PROVIDER])
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
