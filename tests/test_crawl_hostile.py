"""The hostile world: a generated 300-person world with one planted bad field on each of
fifteen profiles (an over-long name, a megabyte bio, a NUL, a lone surrogate, bytes that are
not UTF-8, wrong types), crawled end to end on SQLite and PostgreSQL. Every person whose only
problem is one bad field is stored, the field cleaned and counted, and the log holds no item
and no long line (issue 10, defects 1 and 5)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from crawl_support import NOW, crawl, database_url, simulator, small_config, snapshot
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from talent.store import models
from talent.upstream.generate import generate_world

pytestmark = pytest.mark.slow

MEGABYTE_BIO = "BIO-CANARY " + "lorem ipsum " * 87_000
GITHUB_FIELDS: list[dict[str, Any]] = [
    {"name": "N" * 500},  # String(400): what stalled PostgreSQL crawls
    {"bio": MEGABYTE_BIO},
    {"company": "Acme\x00Corp"},
    {"name": "Ana \ud800 Smith"},
    {"location": {"latin1": "Minsk caf\u00e9 \u00ff"}},  # served as bytes that are not UTF-8
    {"bio": 42},
    {"followers": "many"},
    {"created_at": "last tuesday"},
    {"hireable": "yes"},
    {"location": "L" * 450},
    {"twitter_username": "t" * 150},
]
HF_FIELDS: list[dict[str, Any]] = [
    {"details": MEGABYTE_BIO},
    {"fullname": 12345},
    {"fullname": "F" * 600},
    {"details": {"latin1": "RAG \u00ff evals"}},
]


def people(url: str) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    return {(gh, hf) for _, _, gh, hf in snapshot(url)["people"]}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The world crawled clean once (the reference), then planted: one bad field on each of
    fifteen people who have one account only, so no identity join depends on the field."""
    root = tmp_path_factory.mktemp("hostile")
    world = root / "world"
    generate_world(world, people=300, seed=10, now=NOW)
    config = small_config(root / "config")
    with simulator(world) as sim:
        crawl(root / "reference", config, sim.base_url)
    reference = people(database_url(root / "reference"))
    github_only = sorted(gh[0] for gh, hf in reference if len(gh) == 1 and not hf)
    hf_only = sorted(hf[0] for gh, hf in reference if not gh and len(hf) == 1)
    assert len(github_only) >= 2 * len(GITHUB_FIELDS) and len(hf_only) >= len(HF_FIELDS)
    planted = {
        "github": dict(zip(github_only[::2], GITHUB_FIELDS, strict=False)),
        "hf": dict(zip(hf_only, HF_FIELDS, strict=False)),
    }
    _plant(world / "github" / "users.jsonl", "login", planted["github"])
    _plant(world / "hf" / "accounts.jsonl", "name", planted["hf"])
    return {"world": world, "config": config, "reference": reference, "planted": planted}


def _plant(path: Path, key: str, planted: dict[str, dict[str, Any]]) -> None:
    lines = []
    for line in path.read_text().splitlines():
        record = json.loads(line)
        if record[key] in planted:
            record["_hostile"] = planted[record[key]]
        lines.append(json.dumps(record))
    path.write_text("\n".join(lines) + "\n")


def test_the_hostile_world_keeps_every_person(
    hostile: dict[str, Any], database_url: str, tmp_path: Path
) -> None:
    with simulator(hostile["world"]) as sim:
        summary = crawl(tmp_path, hostile["config"], sim.base_url, TALENT_DATABASE_URL=database_url)
    assert summary["status"] == "finished"
    got, want = people(database_url), hostile["reference"]
    assert got == want, f"lost {sorted(want - got)[:5]}, extra {sorted(got - want)[:5]}"
    assert summary["dropped"] == 0, summary
    assert summary["cleaned"] >= len(GITHUB_FIELDS) + len(HF_FIELDS)

    engine = create_engine(database_url)
    with Session(engine) as s:
        gh = {a.login: a for a in s.scalars(select(models.GithubAccount))}
        hf = {a.name: a for a in s.scalars(select(models.HfAccount))}
        for login in hostile["planted"]["github"]:
            assert gh[login].profiled_at is not None and gh[login].person is not None, login
        for name in hostile["planted"]["hf"]:
            assert hf[name].profiled_at is not None and hf[name].person is not None, name
        texts = [
            v
            for a in [*gh.values(), *hf.values()]
            for v in (a.name, getattr(a, "bio", None), getattr(a, "details", None))
            if isinstance(v, str)
        ]
        assert not any("\x00" in t for t in texts)
        longest = max(len(p.display_name or "") for p in s.scalars(select(models.Person)))
        assert longest <= 400
        assert any(
            (a.bio or "").startswith("BIO-CANARY") and len(a.bio) == 20_000 for a in gh.values()
        )
        assert any((a.location or "") == "Minsk caf\ufffd \ufffd" for a in gh.values())
    engine.dispose()

    stderr = summary["_stderr"]
    assert "BIO-CANARY" not in stderr and "lorem ipsum lorem" not in stderr, "an item was logged"
    assert max(map(len, stderr.splitlines()), default=0) <= 2000
    assert "Traceback" not in stderr
