"""One person at a time: their profile, their candidate status, refreshing and forgetting
them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from talent.app.workspace import Workspace
from talent.store.forget import Forgotten
from talent.store.profile import ProfileView

if TYPE_CHECKING:
    from talent.crawler.clients import RefreshResult


def show_profile(ws: Workspace, handle: str) -> ProfileView:
    """Everything the store knows about the person behind a GitHub login or HF name."""
    from talent.store.people import resolve_person
    from talent.store.profile import load_profile

    with ws.store().session() as session:
        return load_profile(session, resolve_person(session, handle), ws.settings)


@dataclass(frozen=True)
class StatusEntry:
    status: str
    note: str | None
    at: datetime


@dataclass(frozen=True)
class StatusChange:
    """A person's status history after an optional change (the last entry is current)."""

    person_id: int
    handles: str
    display_name: str | None
    history: tuple[StatusEntry, ...]
    changed: bool

    @property
    def current(self) -> str | None:
        return self.history[-1].status if self.history else None


def set_status(
    ws: Workspace, handle: str, status: str | None = None, *, note: str | None = None
) -> StatusChange:
    """Append ``status`` (when given) to the person's history and return the history."""
    from talent.errors import ConfigError
    from talent.store import statuses
    from talent.store.people import handles, resolve_person

    if status is None and note is not None:
        raise ConfigError(
            "--note needs a STATUS", f"e.g. talent status {handle} contacted --note …"
        )
    with ws.store().session() as session:
        person = resolve_person(session, handle)
        if status is not None:
            statuses.set_status(session, person.id, status, note=note)
        history = tuple(
            StatusEntry(row.status, row.note, row.created_at)
            for row in statuses.status_history(session, person.id)
        )
        return StatusChange(
            person.id, handles(person), person.display_name, history, status is not None
        )


def forget(ws: Workspace, handle: str) -> Forgotten:
    """Remove a person everywhere: the store (one transaction, and never collected again)
    and their point in the vector index."""
    from talent.store.forget import forget_person
    from talent.store.people import resolve_person

    with ws.store().session() as session:
        gone = forget_person(session, resolve_person(session, handle).id)
    _drop_from_index(ws, gone.person_id)
    return gone


def _drop_from_index(ws: Workspace, person_id: int) -> None:
    """Delete the point now; when there is no index yet, the next ``talent index`` finds
    nothing to delete either."""
    from talent.indexer.run import delete_points

    delete_points(ws.settings, [person_id])


def refresh_profile(ws: Workspace, login: str, hf_names: tuple[str, ...] = ()) -> RefreshResult:
    """Fetch one person now with the official clients (PyGithub, huggingface_hub)."""
    from talent.crawler.clients import refresh_profile as refresh

    return refresh(ws.settings, login, hf_names=hf_names)
