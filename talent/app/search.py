"""Searching people, once or by saved definitions, with candidate statuses applied.

``search`` answers one request; the saved-search services run stored definitions and record
each run so the next one can say who is new. All of them go through one ``Workspace``, so a
process that runs every saved search opens the index and the query encoder once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from talent.app.workspace import Workspace
from talent.search.engine import SearchResults
from talent.search.request import SearchRequest
from talent.search.request import build_request as build_request  # the CLI's validation

if TYPE_CHECKING:  # the store's SQLAlchemy stays off a search's start-up path
    from talent.store.saved import RunReport, SavedSummary

Contacts = dict[int, dict[str, str | None]]


@dataclass(frozen=True)
class Found:
    """Ranked, status-annotated, explained results; contact details when asked for."""

    results: SearchResults
    contacts: Contacts = field(default_factory=dict)


def search(
    ws: Workspace,
    request: SearchRequest,
    *,
    contacts: bool = False,
    at: datetime | None = None,
) -> Found:
    """Rank people for ``request``, hiding contacted people unless it says otherwise."""
    from talent.store.statuses import read_current_statuses

    searcher = ws.searcher(need_encoder=bool(request.text))
    results = searcher.search(request, statuses=read_current_statuses(ws.settings), at=at)
    return Found(results, _contacts(ws, results) if contacts else {})


def _contacts(ws: Workspace, results: SearchResults) -> Contacts:
    from talent.store.people import contact_details

    with ws.store(upgrade=False).session() as session:
        return contact_details(session, [r.person_id for r in results.results], ws.settings)


# Saved searches --------------------------------------------------------------------------
def add_saved(
    ws: Workspace, name: str, query: str, filters: Mapping[str, Any], *, replace: bool = False
) -> tuple[str, dict[str, Any]]:
    """Validate and store a definition; returns its name and stored filters."""
    from talent.search.saved import clean_filters, request_for
    from talent.store import saved

    stored = clean_filters(**filters)
    request_for(query, stored)  # a bad filter fails now, not at the first run
    with ws.store().session() as session:
        row = saved.add_saved(session, name, query, stored, replace=replace)
        return row.name, dict(row.filters or {})


def list_saved(ws: Workspace) -> list[SavedSummary]:
    from talent.store import saved

    with ws.store().session() as session:
        return saved.list_saved(session)


@dataclass(frozen=True)
class SavedView:
    """A definition and its last stored run (None: never run)."""

    name: str
    query: str
    filters: dict[str, Any]
    created_at: datetime
    report: RunReport | None
    labels: dict[int, dict[str, Any]]


def show_saved(ws: Workspace, name: str) -> SavedView:
    from talent.store import saved

    with ws.store().session() as session:
        row = saved.get_saved(session, name)
        report = saved.last_report(session, row)
        ids = [e.person_id for e in report.entries] if report else []
        return SavedView(
            row.name,
            row.query,
            dict(row.filters or {}),
            row.created_at,
            report,
            saved.person_labels(session, ids),
        )


def remove_saved(ws: Workspace, name: str) -> None:
    from talent.store import saved

    with ws.store().session() as session:
        saved.remove_saved(session, name)


@dataclass(frozen=True)
class SavedRun:
    """One run of a saved search: its results, compared with the run before."""

    name: str
    found: Found
    report: RunReport


def run_saved(
    ws: Workspace, name: str, *, contacts: bool = False, at: datetime | None = None
) -> SavedRun:
    """Search with a stored definition (hiding contacted people as searches do) and store
    the run."""
    return run_saved_many(ws, [name], contacts=contacts, at=at)[0]


def run_all_saved(
    ws: Workspace, *, contacts: bool = False, at: datetime | None = None
) -> list[SavedRun]:
    """Every saved search, in name order, through one index and one encoder."""
    from talent.store import saved

    with ws.store().session() as session:
        names = saved.saved_names(session)
    return run_saved_many(ws, names, contacts=contacts, at=at)


def run_saved_many(
    ws: Workspace, names: Sequence[str], *, contacts: bool = False, at: datetime | None = None
) -> list[SavedRun]:
    from talent.search.saved import request_for
    from talent.store import saved

    runs = []
    for name in names:
        with ws.store().session() as session:
            row = saved.get_saved(session, name)
            found = search(ws, request_for(row.query, row.filters or {}), contacts=contacts, at=at)
            ranked = [(r.person_id, r.rank, r.score) for r in found.results.results]
            runs.append(SavedRun(row.name, found, saved.record_run(session, row, ranked, at=at)))
    return runs
