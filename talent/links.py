"""Web addresses of GitHub and Hugging Face pages, under the simulator when ``upstream`` is set.

The indexer puts them into documents and evidence; search and exports show them. Hub
artifacts follow the Hub's web layout: ``/{id}``, ``/datasets/{id}``, ``/spaces/{id}``.
"""

from __future__ import annotations

from talent.settings import Settings

HF_KIND_PATH = {"model": "", "dataset": "datasets/", "space": "spaces/"}


def github_web(settings: Settings) -> str:
    return f"{settings.upstream}/github.com" if settings.upstream else "https://github.com"


def hf_web(settings: Settings) -> str:
    return f"{settings.upstream}/huggingface.co" if settings.upstream else settings.hf_endpoint


def artifact_url(hf_base: str, kind: str, hf_id: str) -> str:
    """An artifact's page (kind ``user`` gives a user's page)."""
    return f"{hf_base}/{HF_KIND_PATH.get(kind, '')}{hf_id}"
