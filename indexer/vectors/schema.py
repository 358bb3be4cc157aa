"""The payload schema both engines index, and index metadata (model fingerprint + dim)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from talent.contracts import IndexType, payload_index
from talent.errors import IndexError_

DENSE = "dense"
SPARSE = "sparse"
SCORES = "scores"
PRODUCTION = "production"
HIREABLE = "hireable"

FieldType = IndexType

# Payload fields with an index (from PersonPayload's field metadata, plus every category score
# under ``scores.``); any other payload key is stored but not indexed. ``hireable`` is stored
# as 0/1: qdrant-edge-py 0.9 turns MatchValue(True) into the integer 1, which never matches a
# JSON boolean. Hits get it back as a bool (decode_payload).
INDEXED_FIELDS: dict[str, FieldType] = payload_index()
_COERCE = {"float": float, "integer": int, "keyword": str}


STRENGTH = "strength"
FLOAT_MAPS = (SCORES, STRENGTH)  # payload maps whose every key is indexed as a float


def score_field(category: str) -> str:
    """The payload path of one category score, indexed as a float."""
    return f"{SCORES}.{category}"


def strength_field(area: str) -> str:
    """The payload path of one area's evidence strength (what ranking orders by)."""
    return f"{STRENGTH}.{area}"


def score_fields(payloads: Iterable[Mapping[str, Any]]) -> set[str]:
    """Every ``scores.<category>`` and ``strength.<area>`` path these payloads carry."""
    return {
        f"{group}.{key}"
        for payload in payloads
        for group in FLOAT_MAPS
        for key in payload.get(group) or {}
    }


def normalise_payload(payload: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Coerce indexed fields to their index types so both engines filter them alike.

    A full payload gets ``production`` 0.0 when it lacks one: ordering by a field skips
    points without it. A ``partial`` one (for ``set_payload``) only has its own keys coerced.
    """
    out = dict(payload)
    for key, kind in INDEXED_FIELDS.items():
        value = out.get(key)
        if value is not None and not isinstance(value, list):
            out[key] = _COERCE[kind](value)
    if not partial or PRODUCTION in out:
        out[PRODUCTION] = float(out.get(PRODUCTION) or 0.0)
    for group in FLOAT_MAPS:
        if group in out:
            out[group] = {str(k): float(v) for k, v in (out[group] or {}).items()}
    return out


def decode_payload(stored: Mapping[str, Any]) -> dict[str, Any]:
    """The payload as the indexer gave it (undoes the 0/1 encoding of ``hireable``)."""
    out = dict(stored)
    if out.get(HIREABLE) is not None:
        out[HIREABLE] = bool(out[HIREABLE])
    return out


@dataclass(frozen=True)
class IndexMeta:
    """What an index was built with; a reader refuses an index built by another model."""

    fingerprint: str
    dim: int
    generation: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> IndexMeta:
        return cls(str(data["fingerprint"]), int(data["dim"]), int(data.get("generation", 0)))

    def check(self, fingerprint: str, dim: int) -> None:
        """Raise when the index was built with another model than the caller's."""
        if self.fingerprint != fingerprint or self.dim != dim:
            raise IndexError_(
                f"model changed: the index was built with {self.fingerprint} ({self.dim}-d), "
                f"the configured model is {fingerprint} ({dim}-d)",
                "run `talent index --full` to rebuild the index with the configured model",
            )
