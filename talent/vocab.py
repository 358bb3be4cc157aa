"""The product's vocabulary, defined once: categories, tracks, seniority bands, roles,
candidate statuses. Plain constants, cheap to import on the search path.

``config/signals.toml``, ``config/seeds.toml`` and ``config/ranking.toml`` must use exactly
these names; their loaders check it. ``Literal`` aliases let pydantic configs and typed
records refuse anything else.
"""

from __future__ import annotations

from typing import Literal, get_args

# Signal categories: what counts as production AI work (config/signals.toml describes each).
Category = Literal[
    "evaluation",
    "retrieval",
    "agentic",
    "vector_db",
    "inference",
    "mlops",
    "fine_tuning",
    "cost_latency",
]
CATEGORIES: tuple[Category, ...] = get_args(Category)

# Areas a search can ask for: the categories, plus general open-source engineering (core
# libraries outside AI: signals.toml [general]), which is evidence but no AI category.
OPEN_SOURCE = "open_source"
AREAS: tuple[str, ...] = (*CATEGORIES, OPEN_SOURCE)

# Tracks: applied AI / RAG, agentic systems, AI platform.
Track = Literal["rag", "agentic", "platform"]
TRACKS: tuple[Track, ...] = get_args(Track)

# Seniority bands, lowest first (the article's skill map).
Seniority = Literal["junior", "mid", "senior", "lead"]
SENIORITIES: tuple[Seniority, ...] = get_args(Seniority)

# An account's role on a repository, weakest first; a stronger role is never downgraded.
Role = Literal["contributor", "member", "owner"]
ROLES: tuple[Role, ...] = get_args(Role)
ROLE_RANK: dict[str, int] = {role: rank for rank, role in enumerate(ROLES)}

# Candidate statuses a sourcer sets; the newest is current. Searches hide the people whose
# current status says not to approach them again.
Status = Literal["contacted", "replied", "rejected", "hired", "do-not-contact"]
STATUSES: tuple[Status, ...] = get_args(Status)
HIDDEN_STATUSES: tuple[Status, ...] = ("contacted", "rejected", "hired", "do-not-contact")

__all__ = [
    "AREAS",
    "CATEGORIES",
    "HIDDEN_STATUSES",
    "OPEN_SOURCE",
    "ROLES",
    "ROLE_RANK",
    "SENIORITIES",
    "STATUSES",
    "TRACKS",
    "Category",
    "Role",
    "Seniority",
    "Status",
    "Track",
]
