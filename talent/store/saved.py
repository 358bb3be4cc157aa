"""Saved searches and their runs, as stored.

Each run stores its ranked people with their evidence count, so the next run can mark the
people who were not in the previous run (``new``) and those whose evidence grew since then
(``evidence_grew``). What a definition's filters mean is the search stage's business
(``talent.search.saved``); here they are stored as given.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talent.errors import ConfigError
from talent.store import models
from talent.store.people import handles

MAX_NAME = 100


# Definitions -----------------------------------------------------------------------------
def add_saved(
    session: Session,
    name: str,
    query: str,
    filters: Mapping[str, Any],
    *,
    replace: bool = False,
) -> models.SavedSearch:
    """Store a definition; an existing name needs ``replace``. ``filters`` are the cleaned
    search flags (``talent.search.saved.clean_filters``), validated by the caller.

    Replacing keeps the earlier runs, so the next run still reports who is new.
    """
    name = _valid_name(name)
    stored = dict(filters)
    saved = _find(session, name)
    if saved is not None and not replace:
        raise ConfigError(
            f"a saved search named {name!r} already exists",
            "add --replace to overwrite it, or choose another name",
        )
    if saved is None:
        saved = models.SavedSearch(name=name, query=query, filters=stored)
        session.add(saved)
    else:
        saved.query, saved.filters = query, stored
        saved.updated_at = datetime.now(UTC)
    session.flush()
    return saved


def _valid_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME or not name.isprintable() or name.startswith("-"):
        raise ConfigError(
            f"bad saved-search name {name!r}",
            f"use up to {MAX_NAME} printable characters, not starting with '-' (e.g. rag-belarus)",
        )
    return name


def _find(session: Session, name: str) -> models.SavedSearch | None:
    return session.scalar(select(models.SavedSearch).where(models.SavedSearch.name == name))


def get_saved(session: Session, name: str) -> models.SavedSearch:
    """The saved search called ``name``; ConfigError naming the ones that exist."""
    saved = _find(session, name.strip())
    if saved is not None:
        return saved
    names = saved_names(session)
    if not names:
        raise ConfigError(
            f"no saved search named {name!r} (there are none yet)",
            'add one with `talent saved add NAME "QUERY"`',
        )
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    ordered = close + [n for n in names if n not in close]
    shown = ", ".join(ordered[:20]) + (", …" if len(ordered) > 20 else "")
    lead = f"did you mean {close[0]}? " if close else ""
    raise ConfigError(f"no saved search named {name!r}", f"{lead}saved searches: {shown}")


def saved_names(session: Session) -> list[str]:
    return list(session.scalars(select(models.SavedSearch.name).order_by(models.SavedSearch.name)))


def remove_saved(session: Session, name: str) -> None:
    """Delete a saved search with its runs and their results."""
    saved = get_saved(session, name)
    # Runs and their results go with it: ON DELETE CASCADE (foreign keys are on in SQLite).
    session.delete(saved)
    session.flush()


@dataclass(frozen=True)
class SavedSummary:
    """A saved search and its latest run, for ``saved list``."""

    name: str
    query: str
    filters: dict[str, Any]
    runs: int
    last_ran_at: datetime | None
    last_count: int | None


def list_saved(session: Session) -> list[SavedSummary]:
    summaries = []
    for saved in session.scalars(select(models.SavedSearch).order_by(models.SavedSearch.name)):
        runs = _runs(session, saved.id)
        last = runs[0] if runs else None
        summaries.append(
            SavedSummary(
                name=saved.name,
                query=saved.query,
                filters=dict(saved.filters or {}),
                runs=len(runs),
                last_ran_at=last.ran_at if last else None,
                last_count=last.result_count if last else None,
            )
        )
    return summaries


def _runs(session: Session, saved_id: int) -> list[models.SavedSearchRun]:
    """Runs of one saved search, newest first."""
    return list(
        session.scalars(
            select(models.SavedSearchRun)
            .where(models.SavedSearchRun.saved_search_id == saved_id)
            .order_by(models.SavedSearchRun.id.desc())
        )
    )


# Runs ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    """One person in a run, compared with the run before it."""

    person_id: int
    rank: int
    score: float
    evidence_count: int
    new: bool
    evidence_grew: bool
    previous_evidence_count: int | None = None

    @property
    def marks(self) -> tuple[str, ...]:
        """Tags for a table or Markdown."""
        return (("NEW",) if self.new else ()) + (("+evidence",) if self.evidence_grew else ())

    @property
    def changes(self) -> tuple[str, ...]:
        """The same as words, for CSV (a cell starting with + reads as a formula)."""
        return (("new",) if self.new else ()) + (("evidence grew",) if self.evidence_grew else ())


@dataclass(frozen=True)
class RunReport:
    """A stored run: its entries, and the run they were compared with (None: the first)."""

    run: models.SavedSearchRun
    previous: models.SavedSearchRun | None
    entries: list[Entry]

    @property
    def new(self) -> int:
        return sum(e.new for e in self.entries)

    @property
    def grew(self) -> int:
        return sum(e.evidence_grew for e in self.entries)


def mark_changes(
    ranked: Sequence[tuple[int, int, float, int]], previous: Mapping[int, int] | None
) -> list[Entry]:
    """Compare ``(person_id, rank, score, evidence_count)`` rows with the previous run's
    person -> evidence count. With no previous run, everyone is new."""
    entries = []
    for person_id, rank, score, count in ranked:
        before = previous.get(person_id) if previous is not None else None
        entries.append(
            Entry(
                person_id=person_id,
                rank=rank,
                score=score,
                evidence_count=count,
                new=before is None,
                evidence_grew=before is not None and count > before,
                previous_evidence_count=before,
            )
        )
    return entries


def evidence_counts(session: Session, person_ids: Sequence[int]) -> dict[int, int]:
    """person id -> number of evidence items the indexer stored for them."""
    if not person_ids:
        return {}
    rows = session.execute(
        select(models.EvidenceItem.person_id, func.count())
        .where(models.EvidenceItem.person_id.in_(list(person_ids)))
        .group_by(models.EvidenceItem.person_id)
    )
    counts = {pid: 0 for pid in person_ids}
    counts.update({int(pid): int(n) for pid, n in rows})
    return counts


def _results_of(session: Session, run_id: int) -> list[models.SavedSearchResult]:
    return list(
        session.scalars(
            select(models.SavedSearchResult)
            .where(models.SavedSearchResult.run_id == run_id)
            .order_by(models.SavedSearchResult.rank)
        )
    )


def _evidence_by_person(session: Session, run: models.SavedSearchRun | None) -> dict[int, int]:
    if run is None:
        return {}
    return {r.person_id: r.evidence_count for r in _results_of(session, run.id)}


def record_run(
    session: Session,
    saved: models.SavedSearch,
    ranked: Sequence[tuple[int, int, float]],
    *,
    at: datetime | None = None,
) -> RunReport:
    """Store a run of ``(person_id, rank, score)`` rows and compare it with the previous run."""
    runs = _runs(session, saved.id)
    previous = runs[0] if runs else None
    before = _evidence_by_person(session, previous) if previous else None
    counts = evidence_counts(session, [pid for pid, _, _ in ranked])
    entries = mark_changes([(p, r, s, counts[p]) for p, r, s in ranked], before)
    run = models.SavedSearchRun(
        saved_search_id=saved.id, ran_at=at or datetime.now(UTC), result_count=len(entries)
    )
    session.add(run)
    session.flush()
    session.add_all(
        models.SavedSearchResult(
            run_id=run.id,
            person_id=e.person_id,
            rank=e.rank,
            score=e.score,
            evidence_count=e.evidence_count,
        )
        for e in entries
    )
    session.flush()
    return RunReport(run, previous, entries)


def last_report(session: Session, saved: models.SavedSearch) -> RunReport | None:
    """The latest stored run compared with the one before it (None: never run)."""
    runs = _runs(session, saved.id)
    if not runs:
        return None
    latest, previous = runs[0], (runs[1] if len(runs) > 1 else None)
    rows = [
        (r.person_id, r.rank, r.score, r.evidence_count) for r in _results_of(session, latest.id)
    ]
    before = _evidence_by_person(session, previous) if previous else None
    return RunReport(latest, previous, mark_changes(rows, before))


def person_labels(session: Session, person_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """person id -> handles and display name (raw), for showing a stored run."""
    if not person_ids:
        return {}
    people = session.scalars(select(models.Person).where(models.Person.id.in_(list(person_ids))))
    return {p.id: {"handles": handles(p), "display_name": p.display_name} for p in people}
