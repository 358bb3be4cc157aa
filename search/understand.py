"""What a query asks for, read from a sourcer's own words (pure functions, unit-tested).

    areas        the signal categories (and general open-source work) the query is about:
                 the taxonomy's words ("ragas", "vLLM") and the meaning of each part of the
                 query, as its similarity to each area's description with the packaged model;
                 alternatives are ordered most named first
    all_areas    True when the query joins parts about different areas ("and", "both",
                 "as well as", "with", "+"): the weaker area then bounds the score
    exclusions   "not LangChain", "-langchain", "without llama_index": people whose work
                 names them are left out
    place        "in Belarus", "from Gomel", "Мінск", "Ukrainian", "Poland-based": the same
                 filter ``--country`` gives (a flag always wins over the text)
    seniority    "senior", "experienced", "lead", "junior": a preference, not a filter
    active_days  "active this year", "recently active": a recency filter
    text         what retrieval matches: the query without exclusions

``Understanding.describe`` says it all in one line for ``--explain-query``; ``as_dict`` is the
JSON form.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from talent.geo import PlaceFilter
from talent.vocab import AREAS

# Where a query joins parts; parts about different areas must all hold.
_JOINS = re.compile(
    r"\s*(?:\bboth\b|\band also\b|\bas well as\b|\btogether with\b|\balong with\b|\bplus\b"
    r"|\s\+\s|\band\b|&|\bwith\b)\s*",
    re.I,
)
_WORD = re.compile(r"[^\W_][\w.+#-]*", re.U)
# Words that say who, not what: they name no area.
_GENERIC = frozenset(
    """
    ai ml llm llms genai gen machine learning engineer engineers engineering developer
    developers dev devs maintainer maintainers contributor contributors specialist specialists
    expert experts people person someone who has have built build builds also their them they
    the a an of for in on at to from based senior junior lead staff principal experienced
    seasoned active this year recently lately last top strong good great or any is are with
    production real world
    """.split()  # noqa: SIM905 - a word list reads better than 80 quoted strings
)
_EXCLUDE = re.compile(
    r"(?:\b(?:not|no|without|except|excluding|but not)\s+|(?<!\w)-(?=\w))"
    r"([\w.#+/]+(?:[-_][\w.#+/]+)*)",
    re.I,
)
_SENIOR = re.compile(r"\b(senior|experienced|seasoned|lead|staff|principal|veteran)\b", re.I)
_JUNIOR = re.compile(r"\b(junior|entry[- ]level|graduate|intern)\b", re.I)
_ACTIVE = re.compile(
    r"\b(?:active|contributing|committing)\s+(?:this year|in the last year|recently|lately)\b"
    r"|\brecently active\b",
    re.I,
)
# Areas so close that "X and Y" joining them is one interest, not two (vector search is
# retrieval's engine room).
_SIBLINGS = {frozenset({"retrieval", "vector_db"})}


@dataclass(frozen=True)
class AreaMatch:
    """Why an area was read from the query."""

    area: str
    via: str  # "words: ragas, llm-as-judge" or "meaning 0.52 of 'measured answer quality'"


@dataclass(frozen=True)
class Understanding:
    text: str
    areas: tuple[str, ...] = ()
    all_areas: bool = False
    reasons: tuple[AreaMatch, ...] = ()
    exclusions: tuple[str, ...] = ()
    place: PlaceFilter | None = None
    place_words: tuple[str, ...] = ()
    seniority: tuple[str, ...] = ()
    active_days: int | None = None
    ignored: tuple[str, ...] = field(default=())  # what flags overrode

    def as_dict(self) -> dict[str, Any]:
        return {
            "areas": list(self.areas),
            "combine": "all" if self.all_areas else "any",
            "why": [{"area": r.area, "via": r.via} for r in self.reasons],
            "exclusions": list(self.exclusions),
            "place": (
                {"countries": list(self.place.countries), "city": self.place.city}
                if self.place
                else None
            ),
            "place_words": list(self.place_words),
            "seniority": list(self.seniority),
            "active_within_days": self.active_days,
            "retrieval_text": self.text,
            "overridden_by_flags": list(self.ignored),
        }

    def describe(self) -> str:
        parts = []
        if self.areas:
            join = " AND " if self.all_areas else " or "
            parts.append("areas: " + join.join(self.areas))
        else:
            parts.append("areas: none named (ranked by overall production evidence)")
        parts += [f"  - {r.area}: {r.via}" for r in self.reasons]
        if self.place:
            city = f", city {self.place.city}" if self.place.city else ""
            words = ", ".join(self.place_words)
            parts.append(f"place: {', '.join(self.place.countries)}{city} (from '{words}')")
        if self.exclusions:
            parts.append("excluding people whose work names: " + ", ".join(self.exclusions))
        if self.seniority:
            parts.append("preferring seniority: " + ", ".join(self.seniority))
        if self.active_days:
            parts.append(f"active within {self.active_days} days")
        if self.ignored:
            parts.append("flags win over the text for: " + ", ".join(self.ignored))
        parts.append(f"retrieval text: {self.text!r}")
        return "\n".join(parts)


# Reading -----------------------------------------------------------------------------------
def exclusions_in(text: str) -> tuple[tuple[str, ...], str]:
    """Excluded names and the text without them."""
    found = [m.group(1).strip(".,;").lower() for m in _EXCLUDE.finditer(text)]
    rest = _EXCLUDE.sub(" ", text)
    return tuple(dict.fromkeys(f for f in found if f)), " ".join(rest.split())


def parts_of(text: str) -> list[str]:
    """The query split at its joins ("and", "both", "as well as", "+", ...)."""
    return [p.strip(" ,;:.") for p in _JOINS.split(text) if p.strip(" ,;:.")]


def best_areas(
    similarities: Mapping[str, float], *, floor: float, margin: float
) -> list[tuple[str, float]]:
    """Areas whose similarity is at least ``floor`` and within ``margin`` of the best."""
    if not similarities:
        return []
    top = max(similarities.values())
    if top < floor:
        return []
    return sorted(
        ((a, s) for a, s in similarities.items() if s >= max(floor, top - margin)),
        key=lambda item: (-item[1], AREAS.index(item[0]) if item[0] in AREAS else 99),
    )


Keywords = Callable[[str], Mapping[str, Sequence[str]]]
Meaning = Callable[[str], Mapping[str, float]]


def content(text: str) -> str:
    """The part of a query that can name an area: without role words ("engineer",
    "maintainers"), generic AI words ("LLM", "ML"), seniority, activity and places."""
    words = [w for w in _WORD.findall(text) if w.lower() not in _GENERIC]
    return " ".join(words)


def understand(
    query: str,
    *,
    keywords: Keywords,
    meaning: Meaning | None = None,
    place: tuple[PlaceFilter | None, tuple[str, ...]] = (None, ()),
    floor: float = 0.45,
    margin: float = 0.05,
) -> Understanding:
    """Read ``query`` (see the module docstring). ``keywords`` finds the taxonomy's words in
    a text (area -> words found); ``meaning`` gives each area's similarity to a text."""
    exclusions, text = exclusions_in(query)
    stripped = text
    for words in place[1]:  # a place names no area
        stripped = stripped.replace(words, " ")
    reasons: list[AreaMatch] = []
    per_part: list[list[str]] = []
    hits: dict[str, int] = {}
    for part in parts_of(stripped):
        words = keywords(part)  # whole phrases first ("AI agents", "LLM-as-judge")
        found: list[str] = [a for a in AREAS if words.get(a)]
        for area in found:
            reasons.append(AreaMatch(area, "words: " + ", ".join(words[area][:3])))
            hits[area] = hits.get(area, 0) + len(words[area])
        what = content(part)
        if not found and what and meaning is not None:
            for area, sim in best_areas(meaning(what), floor=floor, margin=margin)[:1]:
                found.append(area)
                reasons.append(AreaMatch(area, f"meaning {sim:.2f} of {what!r}"))
                hits[area] = hits.get(area, 0) + 1
        per_part.append(found)
    distinct = [p for p in per_part if p]
    joined = len(distinct) >= 2 and _differ(distinct)
    if joined:
        areas = _one_per_part(distinct)
    else:  # alternatives: the most named first (the ranking counts the others a little less)
        named = list(dict.fromkeys(a for p in distinct for a in p))
        areas = sorted(named, key=lambda a: (-hits.get(a, 0), named.index(a)))
    seniority: tuple[str, ...] = ()
    if _SENIOR.search(text):
        seniority = ("senior", "lead")
    elif _JUNIOR.search(text):
        seniority = ("junior",)
    place_filter, place_words = place
    return Understanding(
        text=text,
        areas=tuple(areas),
        all_areas=joined and len(areas) >= 2,
        reasons=tuple(_dedupe(reasons, areas)),
        exclusions=exclusions,
        place=place_filter,
        place_words=place_words,
        seniority=seniority,
        active_days=365 if _ACTIVE.search(text) else None,
    )


def _differ(parts: list[list[str]]) -> bool:
    """Do the parts name different areas (siblings such as retrieval and vector_db count as
    one)?"""
    firsts = {p[0] for p in parts}
    if len(firsts) < 2:
        return False
    return not (len(firsts) == 2 and frozenset(firsts) in _SIBLINGS)


def _all_of(parts: list[list[str]]) -> list[str]:
    return list(dict.fromkeys(a for found in parts for a in found))


def _one_per_part(parts: list[list[str]]) -> list[str]:
    out: list[str] = []
    for found in parts:
        pick = next((a for a in found if a not in out), None)
        if pick is not None:
            out.append(pick)
    return out


def _dedupe(reasons: list[AreaMatch], areas: list[str]) -> list[AreaMatch]:
    seen: set[str] = set()
    out = []
    for reason in reasons:
        if reason.area in areas and reason.area not in seen:
            seen.add(reason.area)
            out.append(reason)
    return out
