"""SearchFilter → engine-neutral conditions; each engine maps these few shapes to its own API.

Keeping the meaning of a filter here (which field, any-of or range, must or must-not) means
the two engines cannot drift apart on what a filter selects.
"""

from __future__ import annotations

from dataclasses import dataclass

from talent.indexer.vectors.records import SearchFilter
from talent.indexer.vectors.schema import HIREABLE, PRODUCTION, score_field, strength_field


@dataclass(frozen=True)
class AnyOf:
    """The field equals one of ``values`` (for a list field: one of its items does)."""

    key: str
    values: tuple[str, ...] | tuple[int, ...]


@dataclass(frozen=True)
class AtLeast:
    """The numeric field is >= ``value`` (and <= ``at_most`` when given)."""

    key: str
    value: float
    at_most: float | None = None


Condition = AnyOf | AtLeast


@dataclass(frozen=True)
class Conditions:
    must: tuple[Condition, ...] = ()
    must_not: tuple[Condition, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.must or self.must_not)

    def plus(self, condition: Condition) -> Conditions:
        return Conditions((*self.must, condition), self.must_not)


def conditions(flt: SearchFilter) -> Conditions:
    """The conditions a filter stands for."""
    must: list[Condition] = [
        AnyOf(key, values)
        for key, values in (
            ("country", flt.countries),
            ("city", flt.cities),
            ("track", flt.tracks),
            ("seniority", flt.seniorities),
        )
        if values
    ]
    must += [AtLeast(score_field(cat), float(v)) for cat, v in sorted(flt.min_scores.items())]
    must += [AtLeast(strength_field(a), float(v)) for a, v in sorted(flt.min_strength.items())]
    if flt.active_since is not None:
        must.append(AtLeast("last_active", float(flt.active_since)))
    if flt.hireable is not None:
        must.append(AnyOf(HIREABLE, (int(flt.hireable),)))  # stored as 0/1, see schema
    if flt.min_production is not None:
        must.append(AtLeast(PRODUCTION, float(flt.min_production)))
    must_not = tuple(
        AnyOf(key, values)
        for key, values in (("status", flt.exclude_statuses), ("tools", flt.exclude_tools))
        if values
    )
    return Conditions(tuple(must), must_not)
