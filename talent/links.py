"""Web addresses of what the crawl stored: evidence links a sourcer can click.

Under the simulator (``upstream`` set) they point at its small web pages, so demo and test
links resolve on loopback; otherwise at github.com and the configured Hub endpoint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from talent.settings import Settings

HF_KIND_PATH = {"model": "", "dataset": "datasets/", "space": "spaces/"}


def github_web(settings: Settings) -> str:
    return f"{settings.upstream}/github.com" if settings.upstream else "https://github.com"


def hf_web(settings: Settings) -> str:
    return f"{settings.upstream}/huggingface.co" if settings.upstream else settings.hf_endpoint


def artifact_url(hf_base: str, kind: str, hf_id: str) -> str:
    """A Hub model (``/{id}``), dataset (``/datasets/{id}``), space or user page."""
    return f"{hf_base}/{HF_KIND_PATH.get(kind, '')}{hf_id}"
