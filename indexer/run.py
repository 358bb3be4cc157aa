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

from sqlalchemy import select
from sqlalchemy.orm import Session

from talent.contracts import EvidenceRecord, PersonPayload, SignalsRecord
from talent.errors import TalentError
from talent.indexer.document import payload_for, person_document
from talent.indexer.facts import PersonFacts, load_facts
from talent.indexer.model import model_dimension, model_fingerprint, resolve_model
from talent.indexer.query import query_encoder_dir
from talent.indexer.scoring import (
    SCORING_REVISION,
    PersonProfile,
    Scoring,
    load_scoring,
    score_person,
)
from talent.settings import Settings
from talent.store import Store, models
from talent.store.signals import (
    IndexedPerson,
    drop_index_state,
    index_state,
    save_index_state,
    save_signals,
)
from talent.store.statuses import current_statuses
from talent.taxonomy import Signals, Taxonomy, load_signals, load_taxonomy

logger = logging.getLogger(__name__)
BATCH = 1000
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
    payload: PersonPayload
    facts_hash: str
    document_hash: str
    payload_hash: str


@dataclass
class _Context:
    settings: Settings
    taxonomy: Taxonomy
    signals: Signals
    rules: str  # what scoring reads besides the facts: a change re-scores everyone
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
        rules=scoring_rules(),
    )
    summary = IndexSummary(full=full, reason="--full" if full else None)
    _remove_leftovers(settings, say)
    with Session(store.engine) as session:
        stored = index_state(session)
        person_ids = list(session.scalars(select(models.Person.id).order_by(models.Person.id)))
        ctx.statuses = current_statuses(session)
    if any(row.fingerprint != ctx.fingerprint for row in stored.values()):
        summary.full, summary.reason = True, "the embedding model changed"
        say("the embedding model changed since the last run: rebuilding the whole index")
    summary.people = len(person_ids)
    gone = sorted(set(stored) - set(person_ids))
    if not summary.full and stored:
        strays = _verify_index(settings, ctx, model_dir, stored, summary, say)
        gone = sorted({*gone, *(strays - set(person_ids))})
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


# Checking what the index holds ---------------------------------------------------------------
VERIFY_SAMPLE = 64


def _remove_leftovers(settings: Settings, say: Progress) -> None:
    """What killed runs left: temporary query-encoder exports and unpublished generations."""
    from talent.indexer.onnx_export import remove_stale_exports

    for folder in remove_stale_exports(query_encoder_dir(settings)):
        say(f"removed {folder.name}, left by an interrupted query-encoder export")
    if not settings.qdrant_url:  # a server's leftovers are dropped by its next rebuild
        from talent.indexer.vectors.generations import Layout, remove_leftovers

        layout = Layout(settings.vectors_path, settings.index.collection)
        for generation in remove_leftovers(layout):
            say(f"removed index generation {generation}, unpublished or no longer read")


def _verify_index(
    settings: Settings,
    ctx: _Context,
    model_dir: Path,
    stored: dict[int, IndexedPerson],
    summary: IndexSummary,
    say: Progress,
) -> set[int]:
    """Check that the published index holds the people the store says it does (their count
    and a sample of ids), so a deleted or damaged index is repaired instead of trusted.

    People found missing are dropped from ``stored``, which makes this run embed them again;
    an index that cannot be read at all, or holds nobody, turns this run into a full rebuild.
    Returns the ids of points the store knows nothing about, to delete.
    """
    from talent.indexer.vectors import open_index

    index = None
    try:
        index = open_index(settings, dim=model_dimension(model_dir), fingerprint=ctx.fingerprint)
        claimed = sorted(stored)
        sample = claimed[:: max(1, len(claimed) // VERIFY_SAMPLE)][:VERIFY_SAMPLE]
        if index.count() == len(claimed) and len(index.payloads(sample)) == len(sample):
            return set()
        held = index.ids()
    except Exception as exc:  # the engine raises bare Exception for damaged files
        problem = exc.message if isinstance(exc, TalentError) else f"{type(exc).__name__}: {exc}"
        _rebuild(summary, say, f"the vector index cannot be used ({problem})")
        return set()
    finally:
        if index is not None:
            index.close()
    missing = set(stored) - held
    if len(missing) == len(stored):
        _rebuild(summary, say, f"the vector index holds none of the {len(stored):,} people")
        return set()
    if missing:
        say(
            f"the vector index lacks {len(missing):,} of the {len(stored):,} people it should "
            f"hold: embedding them again"
        )
        summary.reason = f"{len(missing):,} people missing from the vector index"
        for person_id in missing:
            del stored[person_id]
    return held - set(stored) - missing


def _rebuild(summary: IndexSummary, say: Progress, why: str) -> None:
    summary.full, summary.reason = True, why
    say(f"{why}: rebuilding the whole index")


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
        self.pending_rows: list[IndexedPerson] = []

    # Deciding ----------------------------------------------------------------------------
    def apply(
        self, session: Session, scored: list[Scored], stored: dict[int, IndexedPerson]
    ) -> None:
        embed: list[Scored] = []
        for item in scored:
            row = stored.get(item.facts.person_id)
            if self.summary.full or row is None or row.document_hash != item.document_hash:
                embed.append(item)
            elif row.payload_hash != item.payload_hash:
                self._writer().set_payload([item.facts.person_id], item.payload.to_dict())
                self.summary.payload_updated += 1
            else:
                self.summary.unchanged += 1  # only the facts hash moves (e.g. a new day)
            self.pending_rows.append(_indexed(item, self.ctx.fingerprint))
            save_signals(
                session,
                item.facts.person_id,
                signals_record(item.profile, self.ctx.today),
                evidence_records(item.profile),
            )
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
                payload=item.payload.to_dict(),
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
            from talent.indexer.encode import DocumentEncoder

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
            with store.session() as session:
                save_index_state(session, self.pending_rows)

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.abort()
            self.index.close()

    def ensure_query_export(self) -> None:
        """The ONNX export the search path needs, for this model (made once per model)."""
        from talent.indexer.onnx_export import export_onnx
        from talent.indexer.query import read_export_meta

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
    stored: dict[int, IndexedPerson],
    summary: IndexSummary,
) -> Iterator[Scored]:
    """Score the people whose facts (or the day, or the model) changed; count the rest."""
    for facts in load_facts(session, ids, ctx.settings):
        status = ctx.statuses.get(facts.person_id)
        facts_hash = _hash(
            repr(facts), str(status), ctx.today.isoformat(), ctx.fingerprint, ctx.rules
        )
        row = stored.get(facts.person_id)
        if not summary.full and row is not None and row.facts_hash == facts_hash:
            summary.unchanged += 1
            continue
        yield _scored(facts, status, facts_hash, ctx)


def _scored(facts: PersonFacts, status: str | None, facts_hash: str, ctx: _Context) -> Scored:
    profile = score_person(facts, ctx.taxonomy, ctx.signals, ctx.today, ctx.scoring)
    document = person_document(facts, profile, ctx.settings.index.max_doc_chars)
    payload = payload_for(facts, profile, status)
    return Scored(
        facts=facts,
        profile=profile,
        document=document,
        payload=payload,
        facts_hash=facts_hash,
        document_hash=_hash(document),
        payload_hash=_hash(json.dumps(payload.to_dict(), sort_keys=True, default=str)),
    )


def scoring_rules() -> str:
    """A digest of everything scoring reads besides a person's facts: scoring.toml,
    signals.toml and the revision of the scoring code and payload layout."""
    return _hash(
        str(SCORING_REVISION),
        load_scoring().model_dump_json(),
        load_signals().model_dump_json(),
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


# Records for the store ---------------------------------------------------------------------
def signals_record(profile: PersonProfile, today: datetime) -> SignalsRecord:
    return SignalsRecord(
        track=profile.track,
        track_scores=profile.track_scores,
        track_reasons=profile.track_reasons,
        seniority=profile.seniority,
        seniority_confidence=profile.seniority_confidence,
        seniority_reasons=profile.seniority_reasons,
        production=profile.production,
        production_reasons=profile.production_reasons,
        anti_signals=profile.anti_signals,
        anti_signal_reasons=profile.anti_signal_reasons,
        scores=profile.scores,
        last_active=profile.last_active,
        ai_start=profile.ai_start,
        computed_at=today,
    )


def evidence_records(profile: PersonProfile) -> list[EvidenceRecord]:
    return [
        EvidenceRecord(e.category, e.kind, e.url, e.text, e.occurred_at, e.weight)
        for e in profile.evidence
    ]


def _indexed(item: Scored, fingerprint: str) -> IndexedPerson:
    return IndexedPerson(
        person_id=item.facts.person_id,
        facts_hash=item.facts_hash,
        document_hash=item.document_hash,
        payload_hash=item.payload_hash,
        fingerprint=fingerprint,
        indexed_at=datetime.now(UTC),
    )


def delete_points(settings: Settings, person_ids: Sequence[int]) -> int:
    """Remove people from the vector index now (forgetting them), and the store's record of
    their points. Returns how many were asked for; nothing to do without an index."""
    from talent.indexer.vectors import open_index

    vectors = settings.vectors_path
    if not person_ids or (
        not settings.qdrant_url and not (vectors.is_dir() and any(vectors.iterdir()))
    ):
        return 0
    model_dir = resolve_model(settings.index.model)
    index = open_index(
        settings,
        dim=model_dimension(model_dir),
        fingerprint=model_fingerprint(model_dir),
        for_write=True,
    )
    try:
        with index.begin_write() as writer:
            writer.delete(person_ids)
            writer.commit()
    finally:
        index.close()
    store = Store.open(settings)
    try:
        with store.session() as session:
            drop_index_state(session, person_ids)
    finally:
        store.close()
    return len(person_ids)
