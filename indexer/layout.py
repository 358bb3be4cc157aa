"""Where the index stage keeps things, and what a model looks like, without heavy imports
(the search path reads these on every query)."""

from __future__ import annotations

import json
from pathlib import Path

from talent.settings import Settings

__all__ = ["model_dimension", "query_encoder_dir"]


def query_encoder_dir(settings: Settings) -> Path:
    """Where the ONNX export the search path uses lives."""
    return settings.models_path / "query-encoder"


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
