"""Index bench: `talent index` throughput against a bare `model.encode` of the same texts at
the same batch size (goal >= 80%), and a re-index with nothing changed (goal: 0 encodes,
<= 5 s per 10,000 people). Runs on a copy of the crawled demo store (`make demo` first, or
the crawl bench's home, which `make bench` runs first)."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

DEMO_HOME = Path(__file__).resolve().parent.parent / ".demo" / "home"
CRAWL_HOME = Path(__file__).resolve().parent / ".cache" / "crawl-home"


def run(source: Path | None = None) -> dict[str, Any]:
    source = source or next(
        (h for h in (CRAWL_HOME, DEMO_HOME) if (h / "talent.db").exists()), DEMO_HOME
    )
    from sqlalchemy.orm import Session

    from talent.indexer.document import person_document
    from talent.indexer.encode import DocumentEncoder
    from talent.indexer.facts import load_facts
    from talent.indexer.run import run_index
    from talent.indexer.scoring import load_scoring, score_person
    from talent.settings import load_settings
    from talent.store import Store
    from talent.taxonomy import load_signals, load_taxonomy

    if not (source / "talent.db").exists():
        raise SystemExit(
            f"no crawled store at {source}: run `make bench` (crawl first) or `make demo`"
        )
    home = Path(tempfile.mkdtemp(prefix="bench-index-")) / "home"
    shutil.copytree(source, home, ignore=shutil.ignore_patterns("vectors", "models"))
    settings = load_settings(home=home)
    store = Store.open(settings)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM person_index")

    # The same documents `talent index` builds, encoded bare.
    from datetime import UTC, datetime

    now = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    taxonomy, signals, scoring = load_taxonomy(), load_signals(), load_scoring()
    with Session(store.engine) as session:
        docs = [
            person_document(
                f, score_person(f, taxonomy, signals, now, scoring), settings.index.max_doc_chars
            )
            for f in load_facts(session, None, settings)
        ]
    started = time.perf_counter()
    encoder = DocumentEncoder(settings.index.model, batch_size=settings.index.batch_size)
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    encoder.encode(docs)
    bare_seconds = time.perf_counter() - started
    del encoder

    full = run_index(settings, now=now)
    again = run_index(settings, now=now)
    index_seconds_without_load = full.seconds - load_seconds
    people = full.people
    return {
        "people": people,
        "batch_size": settings.index.batch_size,
        "mean_document_chars": round(sum(map(len, docs)) / len(docs)),
        "bare_encode": {
            "seconds": round(bare_seconds, 2),
            "docs_per_s": round(len(docs) / bare_seconds, 1),
        },
        "talent_index": {
            "seconds": full.seconds,
            "model_load_seconds": round(load_seconds, 2),
            "people_per_s_end_to_end": round(people / full.seconds, 1),
            "people_per_s_without_model_load": round(people / index_seconds_without_load, 1),
            "encode_docs_per_s": round(full.docs_per_second, 1),
            "summary": full.as_dict(),
        },
        "ratio_index_vs_bare": round(
            (
                len(docs) / bare_seconds
                and (people / index_seconds_without_load) / (len(docs) / bare_seconds)
            ),
            3,
        ),
        "goal_ratio": 0.8,
        "reindex_unchanged": {
            "seconds": again.seconds,
            "embedded": again.embedded,
            "seconds_per_10k_people": round(again.seconds * 10_000 / max(1, people), 2),
            "goal_seconds_per_10k": 5.0,
        },
    }
