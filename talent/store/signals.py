"""What the indexer derived: per-person signals with their evidence, and what the vector
index holds (content hashes per person, for incremental runs)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from talent.contracts import EvidenceRecord, SignalsRecord
from talent.store import models

EVIDENCE_PER_PERSON = 40  # the strongest; the rest adds nothing a sourcer reads
TEXT_CHARS = 2000
_BATCH = 1000


def save_signals(
    session: Session, person_id: int, record: SignalsRecord, evidence: Sequence[EvidenceRecord]
) -> None:
    """Replace a person's signals and evidence (the strongest ``EVIDENCE_PER_PERSON``)."""
    values = {
        "track": record.track,
        "track_scores": {k: round(v, 4) for k, v in record.track_scores.items()},
        "seniority": record.seniority,
        "seniority_confidence": round(record.seniority_confidence, 3),
        "production": round(record.production, 4),
        "scores": {k: round(v, 4) for k, v in record.scores.items()},
        "anti_signals": {k: round(v, 4) for k, v in record.anti_signals.items()},
        "reasons": {
            "track": list(record.track_reasons),
            "seniority": list(record.seniority_reasons),
            "production": list(record.production_reasons),
            "anti_signals": dict(record.anti_signal_reasons),
        },
        "last_active": record.last_active,
        "ai_start": record.ai_start,
        "computed_at": record.computed_at,
    }
    row = session.get(models.PersonSignals, person_id)
    if row is None:
        session.add(models.PersonSignals(person_id=person_id, **values))
    else:
        for key, value in values.items():
            setattr(row, key, value)
    session.execute(delete(models.EvidenceItem).where(models.EvidenceItem.person_id == person_id))
    session.add_all(
        models.EvidenceItem(
            person_id=person_id,
            category=ev.category,
            kind=ev.kind,
            url=ev.url,
            text=ev.text[:TEXT_CHARS],
            occurred_at=ev.occurred_at,
            weight=round(ev.weight, 4),
        )
        for ev in evidence[:EVIDENCE_PER_PERSON]
    )


def load_signals(session: Session, person_id: int) -> SignalsRecord | None:
    """The stored reading of a person; None when they were never indexed."""
    row = session.get(models.PersonSignals, person_id)
    if row is None:
        return None
    reasons = row.reasons or {}
    return SignalsRecord(
        track=row.track,
        track_scores=dict(row.track_scores or {}),
        track_reasons=tuple(reasons.get("track") or ()),
        seniority=row.seniority,
        seniority_confidence=row.seniority_confidence,
        seniority_reasons=tuple(reasons.get("seniority") or ()),
        production=row.production,
        production_reasons=tuple(reasons.get("production") or ()),
        anti_signals=dict(row.anti_signals or {}),
        anti_signal_reasons=dict(reasons.get("anti_signals") or {}),
        scores=dict(row.scores or {}),
        last_active=row.last_active,
        ai_start=row.ai_start,
        computed_at=row.computed_at,
    )


def load_evidence(session: Session, person_id: int) -> list[EvidenceRecord]:
    """A person's stored evidence, heaviest first."""
    E = models.EvidenceItem
    return [
        EvidenceRecord(e.category, e.kind, e.url, e.text, e.occurred_at, e.weight)
        for e in session.scalars(
            select(E).where(E.person_id == person_id).order_by(E.weight.desc(), E.id)
        )
    ]


# Index state -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class IndexedPerson:
    """What the committed vector index holds for one person."""

    person_id: int
    facts_hash: str
    document_hash: str
    payload_hash: str
    fingerprint: str
    indexed_at: datetime


def index_state(session: Session) -> dict[int, IndexedPerson]:
    """person id -> what the index holds (including people deleted since: their points are
    still there until the next run removes them)."""
    T = models.PersonIndex
    return {
        row.person_id: IndexedPerson(*row)
        for row in session.execute(
            select(
                T.person_id,
                T.facts_hash,
                T.document_hash,
                T.payload_hash,
                T.fingerprint,
                T.indexed_at,
            )
        )
    }


def save_index_state(session: Session, rows: Iterable[IndexedPerson]) -> None:
    """Record what the committed index holds; rows of people no longer in the store go."""
    table = models.PersonIndex.__table__
    session.execute(delete(table).where(table.c.person_id.not_in(select(models.Person.id))))
    for chunk in _chunks([_row(r) for r in rows], _BATCH):
        session.execute(delete(table).where(table.c.person_id.in_([r["person_id"] for r in chunk])))
        session.execute(insert(table), chunk)


def _row(item: IndexedPerson) -> dict[str, Any]:
    return {
        "person_id": item.person_id,
        "facts_hash": item.facts_hash,
        "document_hash": item.document_hash,
        "payload_hash": item.payload_hash,
        "fingerprint": item.fingerprint,
        "indexed_at": item.indexed_at,
    }


def _chunks(values: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def drop_index_state(session: Session, person_ids: Iterable[int]) -> None:
    """Forget what the index held for these people (their points were just deleted)."""
    table = models.PersonIndex.__table__
    session.execute(delete(table).where(table.c.person_id.in_(list(person_ids))))
