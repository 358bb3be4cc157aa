"""When a person was publicly active: the latest moment, and every dated moment."""

from __future__ import annotations

from datetime import datetime

from talent.indexer.facts import PersonFacts
from talent.indexer.scoring.repos import is_own


def last_active(facts: PersonFacts) -> datetime | None:
    """Latest public activity: events, pushes to own repositories, commits, Hub updates."""
    moments = [facts.last_event_at]
    moments += [r.pushed_at for r in facts.repos if is_own(r)]
    moments += [r.last_commit_at for r in facts.repos]
    moments += [a.last_modified or a.created_at for a in facts.artifacts]
    known = [m for m in moments if m is not None]
    return max(known) if known else None


def activity_moments(facts: PersonFacts, sustained_commits: int) -> list[datetime]:
    """Dated public activity; a long contribution with many commits fills its years."""
    out: list[datetime] = []
    for repo in facts.repos:
        if is_own(repo):  # forking is public activity too
            out += [m for m in (repo.created_at, repo.pushed_at) if m]
        out += [m for m in (repo.first_commit_at, repo.last_commit_at) if m]
        if repo.commits >= sustained_commits and repo.first_commit_at and repo.last_commit_at:
            first, last = repo.first_commit_at, repo.last_commit_at
            out += [first.replace(year=y, month=1, day=1) for y in range(first.year + 1, last.year)]
    for artifact in facts.artifacts:
        out += [m for m in (artifact.created_at, artifact.last_modified) if m]
    if facts.last_event_at:
        out.append(facts.last_event_at)
    return out
