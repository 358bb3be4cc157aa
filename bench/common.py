"""Shared bench helpers: a cached generated world and a simulator serving it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

CACHE = Path(__file__).resolve().parent / ".cache"
NOW = datetime(2026, 11, 26, tzinfo=UTC)
TOKENS = {"GITHUB_TOKEN": "bench-github-token", "HF_TOKEN": "bench-hf-token"}


def world(people: int, seed: int = 7) -> Path:
    from talent.upstream.generate import generate_world

    path = CACHE / f"world-{people}-{seed}"
    if not (path / "world.json").exists():
        generate_world(path, people=people, seed=seed, now=NOW)
    return path


def talent(home: Path, *args: str, extra_env: dict[str, str] | None = None) -> str:
    env = {
        **os.environ,
        **TOKENS,
        "TALENT_HOME": str(home),
        "HF_HUB_OFFLINE": "1",
        **(extra_env or {}),
    }
    env.pop("TALENT_DATABASE_URL", None)
    proc = subprocess.run(
        [sys.executable, "-m", "talent", *args], env=env, check=True, capture_output=True, text=True
    )
    return proc.stdout


def post(url: str) -> None:
    urllib.request.urlopen(urllib.request.Request(url, method="POST", data=b""), timeout=10)


def stats(base: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{base}/__simulator__/stats", timeout=10) as response:
        return json.loads(response.read())
