"""``run_index``: the index stage's one entry point (``talent index`` calls it).

For every person: load their facts from the store, score them, write the document, and
compare hashes with what the index already holds —

    facts unchanged today     nothing to do (no scoring, no encoding)
    document changed          re-embed and upsert
    only the payload changed  update the payload (scores move as activity ages)
    person gone               delete the point

— so an unchanged store costs no encodes. Scores use the day, not the second, as "now", so
runs on the same day agree. A model whose fingerprint differs from the one the index was
built with forces a full rebuild rather than mixing vectors. The vector index switches to the
new contents atomically on commit, so searches keep working while this runs.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session
from talent.indexer.document import payload_for, person_document
from talent.indexer.embed import model_fingerprint, resolve_model
from talent.indexer.facts import PersonFacts, load_facts
from talent.indexer.features import PersonProfile, Scoring, load_scoring, score_person
from talent.indexer.layout import model_dimension, query_encoder_dir

from talent.settings import Settings
from talent.store import Store, models
from talent.taxonomy import Signals, Taxonomy, load_signals, load_taxonomy

logger = logging.getLogger(__name__)
BATCH = 1000
EVIDENCE_PER_PERSON = 40
Progress = Callable[[str], None]


@dataclass
class IndexSummary:
    people: int = 0
    embedded: int = 0
    payload_updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    full: bool = False
    reason: str | None = None
    seconds: float = 0.0
    encode_seconds: float = 0.0
    generation: int | None = None

    @property
    def docs_per_second(self) -> float:
        return self.embedded / self.encode_seconds if self.encode_seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "docs_per_second": round(self.docs_per_second, 1)}


@dataclass(frozen=True)
class Scored:
    """One person, scored and written as a document, with the hashes that decide the work."""

    facts: PersonFacts
    profile: PersonProfile
    document: str
    payload: dict[str, Any]
    facts_hash: str
    document_hash: str
    payload_hash: str


@dataclass
class _Context:
    settings: Settings
    taxonomy: Taxonomy
    signals: Signals
    scoring: Scoring
    today: datetime
    fingerprint: str
    statuses: dict[int, str] = field(default_factory=dict)


def run_index(
    settings: Settings,
    *,
    full: bool = False,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> IndexSummary:
    started = time.monotonic()
    say = progress or (lambda _line: None)
    store = Store.open(settings)
    model_dir = resolve_model(settings.index.model)
    ctx = _Context(
        settings=settings,
        taxonomy=load_taxonomy(),
        signals=load_signals(),
        scoring=load_scoring(),
        today=(now or datetime.now(UTC)).replace(hour=0, minute=0, second=0, microsecond=0),
        fingerprint=model_fingerprint(model_dir),
    )
    summary = IndexSummary(full=full, reason="--full" if full else None)
    with Session(store.engine) as session:
        stored = {row.person_id: row for row in session.scalars(select(models.PersonIndex))}
        person_ids = list(session.scalars(select(models.Person.id).order_by(models.Person.id)))
        ctx.statuses = _current_statuses(session)
    if any(row.fingerprint != ctx.fingerprint for row in stored.values()):
        summary.full, summary.reason = True, "the embedding model changed"
        say("the embedding model changed since the last run: rebuilding the whole index")
    summary.people = len(person_ids)
    gone = sorted(set(stored) - set(person_ids))
    job = _Job(settings, ctx, model_dir, summary, say)
    try:
        for batch in _chunks(person_ids, BATCH):
            with Session(store.engine) as session, session.begin():
                scored = list(_changed(session, batch, ctx, stored, summary))
                job.apply(session, scored, stored)
            say(job.progress_line(len(person_ids)))
        job.delete(gone)
        job.commit(store)
    except BaseException:
        job.abort()
        raise
    finally:
        store.close()
    job.ensure_query_export()
    summary.seconds = round(time.monotonic() - started, 2)
    summary.encode_seconds = round(summary.encode_seconds, 2)
    return summary


class _Job:
    """The writes of one run: vectors through one writer, rows through the store."""

    def __init__(
        self,
        settings: Settings,
        ctx: _Context,
        model_dir: Path,
        summary: IndexSummary,
        say: Progress,
    ) -> None:
        self.settings, self.ctx, self.model_dir = settings, ctx, model_dir
        self.summary, self.say = summary, say
        self.encoder: Any = None
        self.index: Any = None
        self.writer: Any = None
        self.pending_rows: list[dict[str, Any]] = []
        self.unchanged_hashes: list[dict[str, Any]] = []

    # Deciding ----------------------------------------------------------------------------
    def apply(
        self, session: Session, scored: list[Scored], stored: dict[int, models.PersonIndex]
    ) -> None:
        embed: list[Scored] = []
        for item in scored:
            row = stored.get(item.facts.person_id)
            if self.summary.full or row is None or row.document_hash != item.document_hash:
                embed.append(item)
            elif row.payload_hash != item.payload_hash:
                self._writer().set_payload([item.facts.person_id], item.payload)
                self.summary.payload_updated += 1
            else:
                self.summary.unchanged += 1  # only the facts hash moves (e.g. a new day)
            self.pending_rows.append(_index_row(item, self.ctx.fingerprint))
            _write_signals(session, item, self.ctx.today)
        if embed:
            self._embed(embed)

    def _embed(self, items: list[Scored]) -> None:
        from talent.indexer.vectors import Point, sparse_document

        # The writer first: a second `talent index` then fails at once on the writer's lock,
        # not after minutes of encoding.
        writer = self._writer()
        self.say(f"embedding {len(items):,} people ...")
        encoder = self._encoder()
        started = time.monotonic()
        vectors = encoder.encode([item.document for item in items])
        self.summary.encode_seconds += time.monotonic() - started
        points = [
            Point(
                id=item.facts.person_id,
                dense=vector,
                sparse=sparse_document(item.document),
                payload=item.payload,
            )
            for item, vector in zip(items, vectors, strict=True)
        ]
        writer.upsert(points)
        self.summary.embedded += len(points)

    def delete(self, ids: Sequence[int]) -> None:
        if ids:
            self._writer().delete(ids)
            self.summary.deleted = len(ids)

    # Resources, opened only when there is work for them -----------------------------------
    def _encoder(self) -> Any:
        if self.encoder is None:
            from talent.indexer.embed import DocumentEncoder

            self.say(f"loading the embedding model ({self.settings.index.model}) ...")
            self.encoder = DocumentEncoder(
                self.settings.index.model,
                device=self.settings.index.device,
                batch_size=self.settings.index.batch_size,
            )
        return self.encoder

    def _writer(self) -> Any:
        if self.writer is None:
            from talent.indexer.vectors import open_index

            self.index = open_index(
                self.settings,
                dim=model_dimension(self.model_dir),
                fingerprint=self.ctx.fingerprint,
                for_write=True,
            )
            self.writer = self.index.begin_write(full=self.summary.full)
        return self.writer

    def commit(self, store: Store) -> None:
        if self.writer is not None:
            self.say("committing the new index generation ...")
            self.writer.commit()
            # The writer knows the generation it published; the index still holds the old one.
            self.summary.generation = getattr(self.writer, "generation", None)
            self.index.close()
        if self.pending_rows or self.summary.deleted:
            _save_index_rows(store, self.pending_rows)

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.abort()
            self.index.close()

    def ensure_query_export(self) -> None:
        """The ONNX export the search path needs, for this model (made once per model)."""
        from talent.indexer.embed import export_onnx, read_export_meta

        target = query_encoder_dir(self.settings)
        meta = read_export_meta(target)
        if meta and meta.get("fingerprint") == self.ctx.fingerprint:
            return
        self.say("exporting the query encoder (ONNX) for fast searches ...")
        export_onnx(self.settings.index.model, target, encoder=self._encoder())

    def progress_line(self, total: int) -> str:
        s = self.summary
        done = s.embedded + s.payload_updated + s.unchanged
        rate = f", {s.docs_per_second:.1f} docs/s" if s.encode_seconds else ""
        return (
            f"indexed {done:,}/{total:,} people: {s.embedded:,} embedded, "
            f"{s.payload_updated:,} payload updates, {s.unchanged:,} unchanged{rate}"
        )


# Scoring ---------------------------------------------------------------------------------
def _changed(
    session: Session,
    ids: list[int],
    ctx: _Context,
    stored: dict[int, models.PersonIndex],
    summary: IndexSummary,
) -> Iterator[Scored]:
    """Score the people whose facts (or the day, or the model) changed; count the rest."""
    for facts in load_facts(session, ids, ctx.settings):
        status = ctx.statuses.get(facts.person_id)
        facts_hash = _hash(repr(facts), str(status), ctx.today.isoformat(), ctx.fingerprint)
        row = stored.get(facts.person_id)
        if not summary.full and row is not None and row.facts_hash == facts_hash:
            summary.unchanged += 1
            continue
        yield _scored(facts, status, facts_hash, ctx)


def _scored(facts: PersonFacts, status: str | None, facts_hash: str, ctx: _Context) -> Scored:
    profile = score_person(facts, ctx.taxonomy, ctx.signals, ctx.today, ctx.scoring)
    document = person_document(facts, profile, ctx.settings.index.max_doc_chars)
    payload = {**payload_for(facts, profile), "status": status}
    return Scored(
        facts=facts,
        profile=profile,
        document=document,
        payload=payload,
        facts_hash=facts_hash,
        document_hash=_hash(document),
        payload_hash=_hash(json.dumps(payload, sort_keys=True, default=str)),
    )


def _hash(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


def _chunks(values: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# Store rows ------------------------------------------------------------------------------
def _current_statuses(session: Session) -> dict[int, str]:
    latest = (
        select(
            models.CandidateStatus.person_id,
            func.max(models.CandidateStatus.id).label("last"),
        )
        .group_by(models.CandidateStatus.person_id)
        .subquery()
    )
    rows = session.execute(
        select(models.CandidateStatus.person_id, models.CandidateStatus.status).join(
            latest, models.CandidateStatus.id == latest.c.last
        )
    )
    return {person_id: status for person_id, status in rows}


def _write_signals(session: Session, item: Scored, today: datetime) -> None:
    profile = item.profile
    person_id = item.facts.person_id
    values = {
        "track": profile.track,
        "track_scores": {k: round(v, 4) for k, v in profile.track_scores.items()},
        "seniority": profile.seniority,
        "seniority_confidence": round(profile.seniority_confidence, 3),
        "production": round(profile.production, 4),
        "scores": {k: round(v, 4) for k, v in profile.scores.items()},
        "anti_signals": {k: round(v, 4) for k, v in profile.anti_signals.items()},
        "reasons": {
            "track": list(profile.track_reasons),
            "seniority": list(profile.seniority_reasons),
            "production": list(profile.production_reasons),
            "anti_signals": dict(profile.anti_signal_reasons),
        },
        "last_active": profile.last_active,
        "ai_start": profile.ai_start,
        "computed_at": today,
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
            text=ev.text[:2000],
            occurred_at=ev.occurred_at,
            weight=round(ev.weight, 4),
        )
        for ev in profile.evidence[:EVIDENCE_PER_PERSON]
    )


def _index_row(item: Scored, fingerprint: str) -> dict[str, Any]:
    return {
        "person_id": item.facts.person_id,
        "facts_hash": item.facts_hash,
        "document_hash": item.document_hash,
        "payload_hash": item.payload_hash,
        "fingerprint": fingerprint,
        "indexed_at": datetime.now(UTC),
    }


def _save_index_rows(store: Store, rows: list[dict[str, Any]]) -> None:
    """Record what the committed index holds (only after the vectors are committed)."""
    table = models.PersonIndex.__table__
    with Session(store.engine) as session, session.begin():
        present = select(models.Person.id)
        session.execute(delete(table).where(table.c.person_id.not_in(present)))
        for chunk in _chunks(rows, BATCH):
            session.execute(
                delete(table).where(table.c.person_id.in_([r["person_id"] for r in chunk]))
            )
            session.execute(insert(table), chunk)
