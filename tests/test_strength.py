"""Evidence strength: log-scaled commits, recent, sustained, in a role; breadth; open source."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from talent.indexer.facts import PersonFacts, RepoFact
from talent.indexer.scoring import load_scoring, score_person
from talent.indexer.scoring.config import StrengthConfig
from talent.indexer.scoring.strength import area_strengths, contribution_volume, recent
from talent.taxonomy import load_taxonomy

NOW = datetime(2026, 8, 25, tzinfo=UTC)
CFG = StrengthConfig()
TAXONOMY = load_taxonomy()


def repo(name: str, commits: int, *, days_ago: int = 30, span_days: int = 300,
         role: str = "contributor") -> RepoFact:  # fmt: skip
    last = NOW - timedelta(days=days_ago)
    return RepoFact(
        full_name=name,
        html_url=f"https://github.com/{name}",
        role=role,
        login="x",
        commits=commits,
        first_commit_at=last - timedelta(days=span_days),
        last_commit_at=last,
    )


def test_volume_grows_with_commits_without_a_cap() -> None:
    volumes = [contribution_volume(repo("a/b", n), n, NOW, CFG) for n in (1, 5, 20, 200, 2000)]
    assert volumes == sorted(volumes)
    assert volumes[3] > 2.5 * volumes[1]  # 200 commits far ahead of 5


def test_recent_work_counts_fully_and_old_work_fades() -> None:
    assert recent(NOW - timedelta(days=200), NOW, CFG) == 1.0
    assert 0.4 < recent(NOW - timedelta(days=365 * 2), NOW, CFG) < 0.6
    assert recent(None, NOW, CFG) == CFG.unknown_recency
    assert contribution_volume(repo("a/b", 50, days_ago=900), 50, NOW, CFG) < contribution_volume(
        repo("a/b", 50), 50, NOW, CFG
    )


def test_sustained_work_and_maintainer_roles_count_more() -> None:
    burst = contribution_volume(repo("a/b", 30, span_days=2), 30, NOW, CFG)
    sustained = contribution_volume(repo("a/b", 30, span_days=300), 30, NOW, CFG)
    member = contribution_volume(repo("a/b", 30, role="member"), 30, NOW, CFG)
    assert burst < sustained < member


def test_breadth_and_weak_items_and_overall() -> None:
    out = area_strengths(
        [("evaluation", 4.0, False), ("evaluation", 4.0, False), ("evaluation", 9.0, True),
         ("retrieval", 2.0, False)],
        1.0,
        CFG,
    )  # fmt: skip
    assert out["evaluation"] == round(4.0 + 4.0 * CFG.item_decay + CFG.weak_cap, 4)
    assert out["overall"] == round(out["evaluation"] + CFG.breadth * 2.0, 4)
    assert area_strengths([("evaluation", 4.0, False)], 0.5, CFG)["evaluation"] == 2.0


def test_a_profile_carries_strength_per_area_and_open_source_work() -> None:
    facts = PersonFacts(
        person_id=1,
        github_logins=("x",),
        repos=(
            repo("UKGovernmentBEIS/inspect_ai", 180),
            repo("pytest-dev/pytest", 60, role="member"),
        ),
    )
    profile = score_person(facts, TAXONOMY, TAXONOMY.signals, NOW, load_scoring())
    assert profile.strength["evaluation"] > 5
    assert profile.strength["open_source"] > 4
    assert profile.strength["overall"] == profile.strength["evaluation"]  # no AI breadth
    assert profile.scores.get("open_source") is None  # no AI category
    assert profile.ai_start is not None and profile.ai_start.year == 2025  # inspect, not pytest
