"""The one grading rule of every world's ground truth: how strong a person's work in an area
is, from their commits there. The synthetic generator (``gen_person``) and the real-data world
(``evals/realworld/grading.py``) both grade with it, so the demo world and the real-graph world
judge people the same way.

Area grade, from a person's commits to the repositories of one area:

- **3** sustained recent work: at least 20 code commits over at least 6 months (first to last
  commit), the last within 12 months of the world's ``now``;
- **2** at least 5 code commits, or at least 2 spread over 6 months or more;
- **1** anything less: a handful of commits, or documentation-only commits of any number;
- **0** no commits in the area.

Seniority bands (the product article's salary table): years from the first visible activity
to the last, and for AI people years since their first AI work: lead 8+ and 3+, senior 5+ and
2+, mid 3+ and 1+, else junior.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

SUSTAINED_COMMITS = 20
SOLID_COMMITS = 5
SPAN = timedelta(days=182)
RECENT = timedelta(days=365)
YEAR_DAYS = 365.25
BANDS = (("lead", 8, 3), ("senior", 5, 2), ("mid", 3, 1))
DOC_DIRS = frozenset(
    {
        "docs",
        "doc",
        "documentation",
        "docs_src",
        "fern",
        "i18n",
        "locale",
        "locales",
        "translations",
        "website",
        "mkdocs.yml",
        "changelog",
        "changes",
        "readme",
    }
)
DOC_SUFFIXES = (".md", ".mdx", ".rst", ".qmd")
# The track a person's strongest AI category puts them on.
TRACK_OF: dict[str, str] = {
    "evaluation": "rag",
    "retrieval": "rag",
    "vector_db": "rag",
    "agentic": "agentic",
    "inference": "platform",
    "mlops": "platform",
    "fine_tuning": "platform",
}


def is_doc_path(prefix: str) -> bool:
    top = prefix.split("/", 1)[0].lower()
    return top in DOC_DIRS or top.endswith(DOC_SUFFIXES)


@dataclass(frozen=True)
class AreaWork:
    """A person's commits in one area's repositories."""

    commits: int
    code_commits: int
    first: date | None  # first and last code commit
    last: date | None

    @property
    def span(self) -> timedelta:
        if self.first is None or self.last is None:
            return timedelta(0)
        return self.last - self.first


def combine(items: list[tuple[int, bool, date, date]]) -> AreaWork:
    """One area's work from (commits, documentation only, first, last) per repository."""
    code = [item for item in items if not item[1]]
    return AreaWork(
        commits=sum(item[0] for item in items),
        code_commits=sum(item[0] for item in code),
        first=min((item[2] for item in code), default=None),
        last=max((item[3] for item in code), default=None),
    )


def grade(work: AreaWork | None, now: date) -> int:
    if work is None or work.commits == 0:
        return 0
    recent = work.last is not None and now - work.last <= RECENT
    if work.code_commits >= SUSTAINED_COMMITS and work.span >= SPAN and recent:
        return 3
    if work.code_commits >= SOLID_COMMITS or (work.code_commits >= 2 and work.span >= SPAN):
        return 2
    return 1


def band(general_years: float, ai_years: float | None) -> str:
    """The seniority band; ``ai_years`` is None for people who need no AI years."""
    for name, years, ai_needed in BANDS:
        if general_years >= years and (ai_years is None or ai_years >= ai_needed):
            return name
    return "junior"
