"""Ground truth from the graph: per-area grades 0..3 and the labels derived from them.

Pure functions over graph records, so every rule can be tested on hand-built snippets.

Area grade (each AI area maps to one product category, ``control`` to the ``control`` field),
the rule shared with the synthetic generator (``talent.upstream.gen_grading``):

- **3** sustained recent work: at least 20 code commits in the area's repositories over at
  least 6 months (first to last commit), the last within 12 months of the world's ``now``;
- **2** at least 5 code commits, or at least 2 spread over 6 months or more;
- **1** anything less: a handful of commits, or documentation-only commits of any number;
- **0** no commits in the area.

*Code commits* leave out documentation-only contributions: a person's contribution to one
repository whose every path prefix is documentation (``docs/``, translations, README and
changelog files, ``mkdocs.yml``) counts toward grade 1 only. The graph lists the top eight
prefixes per contribution, so a contribution that touches code anywhere counts whole.

Derived labels:

- ``production`` is the strongest AI area grade (commits to production AI projects are the
  evidence the hidden evaluation grades by); 0 for people with documentation commits only.
- ``track`` is the track of the strongest AI area (``rag`` for evaluation, retrieval and
  vector databases; ``agentic``; ``platform`` for inference, observability and fine-tuning),
  ties broken by code commits; ``None`` when the person has no AI commits or their control
  grade is higher than every AI grade (a Python maintainer with one AI drive-by), or they
  have documentation commits only.
- ``seniority`` follows the synthetic generator's bands over what the world shows: years from
  the first visible activity (own repositories or commits) to the last, and for AI people
  years from their first AI commit: lead 8+ and 3+, senior 5+ and 2+, mid 3+ and 1+.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from evals.realworld.graph import AREA_CATEGORY, AREAS, CONTROL, Contribution
from talent.upstream.gen_grading import (
    TRACK_OF,
    YEAR_DAYS,
    AreaWork,
    band,
    combine,
    grade,
    is_doc_path,
)


def is_docs_only(contribution: Contribution) -> bool:
    """Every listed path is documentation (no paths listed: unknown, counted as code)."""
    return bool(contribution.paths) and all(is_doc_path(p) for p, _ in contribution.paths)


def area_work(
    contributions: Iterable[Contribution], area_of: Mapping[str, str]
) -> dict[str, AreaWork]:
    grouped: dict[str, list[tuple[int, bool, date, date]]] = {}
    for c in contributions:
        item = (c.commits, is_docs_only(c), c.first, c.last)
        grouped.setdefault(area_of[c.repo], []).append(item)
    return {area: combine(items) for area, items in grouped.items()}


@dataclass(frozen=True)
class Grades:
    categories: dict[str, int]  # every product category (cost_latency stays 0)
    control: int
    work: dict[str, AreaWork]

    @property
    def production(self) -> int:
        """Documentation-only work is no production evidence."""
        return 0 if self.docs_only else max(self.categories.values(), default=0)

    @property
    def track(self) -> str | None:
        if self.docs_only:
            return None
        ai = [(g, self._code(c), c) for c, g in self.categories.items() if g > 0]
        if not ai:
            return None
        best_grade, _, best = max(ai, key=lambda item: (item[0], item[1], -_order(item[2])))
        if self.control > best_grade:
            return None
        return TRACK_OF[best]

    @property
    def main_area(self) -> str:
        """The area with most code commits (documentation commits when there are none)."""
        return min(
            self.work,
            key=lambda a: (-self.work[a].code_commits, -self.work[a].commits, AREAS.index(a)),
        )

    @property
    def docs_only(self) -> bool:
        return all(w.code_commits == 0 for w in self.work.values())

    def _code(self, category: str) -> int:
        for area, name in AREA_CATEGORY.items():
            if name == category and area in self.work:
                return self.work[area].code_commits
        return 0


def _order(category: str) -> int:
    return list(TRACK_OF).index(category)


def grade_person(
    contributions: Iterable[Contribution],
    area_of: Mapping[str, str],
    now: date,
    all_categories: Iterable[str],
) -> Grades:
    work = area_work(contributions, area_of)
    categories = dict.fromkeys(all_categories, 0)
    for area, name in AREA_CATEGORY.items():
        categories[name] = grade(work.get(area), now)
    return Grades(categories, grade(work.get(CONTROL), now), work)


def archetype(grades: Grades) -> str:
    """What kind of contributor the graph shows (hard negatives are named elsewhere)."""
    if grades.docs_only:
        return "docs_only"
    best = max(grades.production, grades.control)
    code = max((w.code_commits for w in grades.work.values()), default=0)
    if best == 3:
        return "maintainer" if code >= 100 else "core_contributor"
    return {2: "contributor", 1: "drive_by"}.get(best, "drive_by")


def seniority(first_activity: date, last_activity: date, first_ai: date | None) -> str:
    """The generator's bands: general years, and for AI people AI years as well."""
    general = (last_activity - first_activity).days / YEAR_DAYS
    ai = (last_activity - first_ai).days / YEAR_DAYS if first_ai else None
    return band(general, ai)


def first_ai_commit(grades: Grades) -> date | None:
    dates = [
        w.first for area, w in grades.work.items() if area in AREA_CATEGORY and w.first is not None
    ]
    return min(dates, default=None)
