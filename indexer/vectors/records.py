"""Typed records that pass between the indexer, the vector engines and search."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from talent.errors import ConfigError

_CATEGORY = re.compile(r"^[A-Za-z0-9_-]+$")


@dataclass(frozen=True)
class SparseVector:
    """Term weights keyed by hashed term id, indices ascending and unique."""

    indices: tuple[int, ...] = ()
    values: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        if len(self.indices) != len(self.values):
            raise ValueError("a sparse vector needs as many values as indices")

    def __bool__(self) -> bool:
        return bool(self.indices)


@dataclass(frozen=True)
class Point:
    """One person in the index: a dense and a sparse vector plus the payload to filter on."""

    id: int
    dense: np.ndarray
    sparse: SparseVector
    payload: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.id < 0:
            raise ValueError(f"point ids are unsigned integers, got {self.id}")


@dataclass(frozen=True)
class SearchFilter:
    """What a result must satisfy. Empty tuples and None mean "no constraint".

    Value lists match any of their values; different fields must all match.
    """

    countries: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    tracks: tuple[str, ...] = ()
    seniorities: tuple[str, ...] = ()
    min_scores: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    min_strength: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    active_since: int | None = None  # epoch seconds
    hireable: bool | None = None
    exclude_statuses: tuple[str, ...] = ()
    exclude_tools: tuple[str, ...] = ()  # normalised names (talent.contracts.tool_key)
    min_production: float | None = None

    def __post_init__(self) -> None:
        for category in (*self.min_scores, *self.min_strength):
            if not _CATEGORY.match(category):
                raise ConfigError(
                    f"score category {category!r} is not a valid name",
                    "use letters, digits, '_' or '-' (as the taxonomy names them)",
                )
        # freeze the mapping so the filter stays hashable-in-spirit and immutable
        object.__setattr__(self, "min_scores", MappingProxyType(dict(self.min_scores)))
        object.__setattr__(self, "min_strength", MappingProxyType(dict(self.min_strength)))

    def is_empty(self) -> bool:
        return self == SearchFilter()


@dataclass(frozen=True)
class Hit:
    """A search result: the point id, the engine's score and the stored payload."""

    id: int
    score: float
    payload: dict[str, Any]
