"""Typed records that pass between the stages.

``PersonPayload``   what the indexer stores with each person's vectors, and everything the
                    search stage ranks, filters, explains and renders; the vector schema
                    derives its indexed keys from the ``index`` metadata of its fields.
``SignalsRecord``   the indexer's reading of a person (track, seniority, production, scores,
                    anti-signals, with reasons), stored by ``talent.store.signals`` and shown
                    by ``talent profile``.
``EvidenceRecord``  one clickable reason behind a score.

Plain frozen dataclasses: cheap to import on the search path, and JSON-ready through
``to_dict`` / ``from_dict``. ``from_dict`` tolerates missing keys (an index written before a
field existed) but never unknown types.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, Literal

IndexType = Literal["keyword", "float", "integer"]


def _indexed(kind: IndexType, default: Any = None) -> Any:
    return field(default=default, metadata={"index": kind})


@dataclass(frozen=True, slots=True)
class EvidenceRef:
    """An evidence item as a search result shows it."""

    category: str
    kind: str
    url: str | None
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"category": self.category, "kind": self.kind, "url": self.url, "text": self.text}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EvidenceRef:
        return cls(
            str(data.get("category") or ""),
            str(data.get("kind") or ""),
            None if data.get("url") is None else str(data["url"]),
            str(data.get("text") or ""),
        )


@dataclass(frozen=True, slots=True)
class PersonPayload:
    """One person in the vector index. Text fields hold sanitized profile text."""

    person_id: int
    country: str | None = _indexed("keyword")
    city: str | None = _indexed("keyword")
    track: str | None = _indexed("keyword")
    seniority: str | None = _indexed("keyword")
    status: str | None = _indexed("keyword")  # the current candidate status
    production: float = _indexed("float", 0.0)
    last_active: int | None = _indexed("integer")  # epoch seconds
    hireable: bool | None = _indexed("integer")  # stored 0/1, see talent.indexer.vectors
    followers: int = _indexed("integer", 0)
    scores: Mapping[str, float] = field(default_factory=dict)  # each indexed as a float
    strength: Mapping[str, float] = field(default_factory=dict)  # area -> strength, indexed
    display_name: str | None = None
    github: str | None = None
    hf: str | None = None
    location: str | None = None
    is_bot: bool = False
    top_evidence: tuple[EvidenceRef, ...] = ()
    # What their work names (repositories, dependencies, Hub libraries), as ``tool_key``s:
    # "not LangChain" in a query leaves out people whose work names it.
    tools: tuple[str, ...] = _indexed("keyword", ())

    def score(self, category: str) -> float:
        return float(self.scores.get(category, 0.0))

    def strength_of(self, area: str) -> float:
        return float(self.strength.get(area, 0.0))

    def to_dict(self) -> dict[str, Any]:
        """JSON values only, keys in field order."""
        out: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        out["scores"] = {str(k): float(v) for k, v in self.scores.items()}
        out["strength"] = {str(k): float(v) for k, v in self.strength.items()}
        out["top_evidence"] = [e.to_dict() for e in self.top_evidence]
        out["tools"] = list(self.tools)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PersonPayload:
        def opt(key: str, kind: type) -> Any:
            value = data.get(key)
            return None if value is None else kind(value)

        return cls(
            person_id=int(data["person_id"]),
            country=opt("country", str),
            city=opt("city", str),
            track=opt("track", str),
            seniority=opt("seniority", str),
            status=opt("status", str),
            production=float(data.get("production") or 0.0),
            last_active=opt("last_active", int),
            hireable=opt("hireable", bool),
            followers=int(data.get("followers") or 0),
            scores={str(k): float(v) for k, v in (data.get("scores") or {}).items()},
            strength={str(k): float(v) for k, v in (data.get("strength") or {}).items()},
            display_name=opt("display_name", str),
            github=opt("github", str),
            hf=opt("hf", str),
            location=opt("location", str),
            is_bot=bool(data.get("is_bot")),
            top_evidence=tuple(EvidenceRef.from_dict(e) for e in data.get("top_evidence") or ()),
            tools=tuple(str(t) for t in data.get("tools") or ()),
        )


def tool_key(name: str) -> str:
    """One spelling for a tool: "LlamaIndex", "llama_index", "llama-index" are one."""
    return re.sub(r"[-_.\s]+", "", name.strip().lower())


def payload_index() -> dict[str, IndexType]:
    """Payload key -> index type, for every ``PersonPayload`` field with an index."""
    return {f.name: f.metadata["index"] for f in fields(PersonPayload) if "index" in f.metadata}


@dataclass(frozen=True, slots=True)
class EvidenceRecord:
    """One reason behind a category score; ``weight`` is its points."""

    category: str
    kind: str
    url: str | None
    text: str
    occurred_at: datetime | None
    weight: float


@dataclass(frozen=True, slots=True)
class SignalsRecord:
    """The indexer's reading of one person, as stored and as ``talent profile`` shows it."""

    track: str | None
    track_scores: Mapping[str, float]
    track_reasons: tuple[str, ...]
    seniority: str
    seniority_confidence: float
    seniority_reasons: tuple[str, ...]
    production: float
    production_reasons: tuple[str, ...]
    anti_signals: Mapping[str, float]
    anti_signal_reasons: Mapping[str, str]
    scores: Mapping[str, float]
    last_active: datetime | None
    ai_start: datetime | None
    computed_at: datetime


__all__ = [
    "EvidenceRecord",
    "EvidenceRef",
    "PersonPayload",
    "SignalsRecord",
    "payload_index",
    "tool_key",
]
