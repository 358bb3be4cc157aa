"""The ranking formula as pure functions, on hand-built candidates."""

from __future__ import annotations

import pytest

from talent.contracts import PersonPayload
from talent.errors import ConfigError
from talent.search.ranking import (
    Asked,
    Candidate,
    EvidenceConfig,
    evidence_score,
    load_ranking,
    normalised,
    penalties,
    rank,
    relevances,
)

NOW = 1_790_000_000
RECENT = NOW - 10 * 86400


def person(pid: int, fused: float, **payload) -> Candidate:
    base = {"person_id": pid, "scores": {}, "production": 0.0, "last_active": RECENT}
    return Candidate(pid, fused, PersonPayload.from_dict({**base, **payload}))


def test_relevance_is_normalised_to_the_best_candidate() -> None:
    assert relevances([person(1, 0.5), person(2, 0.25)]) == [1.0, 0.5]
    assert relevances([person(1, 0.0)]) == [0.0]
    assert relevances([]) == []


def test_evidence_does_not_saturate_early() -> None:
    cfg = EvidenceConfig()
    values = [normalised(s, cfg) for s in (0, 1, 2.6, 4.4, 7.6, 12)]  # 0, 1, 5, 20, 200, 4k
    assert values == sorted(values) and values[0] == 0 and values[-1] < 1
    assert values[4] - values[2] > 0.2  # 200 commits stay well ahead of 5


def test_joined_areas_are_bounded_by_the_weaker_and_alternatives_by_the_stronger() -> None:
    cfg = EvidenceConfig()
    both = PersonPayload(1, strength={"retrieval": 4.0, "evaluation": 4.0})
    lopsided = PersonPayload(2, strength={"retrieval": 12.0, "evaluation": 0.5})
    joined = Asked(("retrieval", "evaluation"), all_areas=True)
    assert evidence_score(both, joined, cfg, {}) > evidence_score(lopsided, joined, cfg, {})
    either = Asked(("retrieval", "evaluation"))
    assert evidence_score(lopsided, either, cfg, {}) > evidence_score(both, either, cfg, {})


def test_no_area_ranks_by_overall_evidence_or_the_tracks_categories() -> None:
    cfg = EvidenceConfig()
    platform = PersonPayload(1, strength={"inference": 6.0, "overall": 6.0})
    agents = PersonPayload(2, strength={"agentic": 8.0, "overall": 8.0})
    assert evidence_score(agents, Asked(), cfg, {}) > evidence_score(platform, Asked(), cfg, {})
    preset = load_ranking().presets["platform"]
    assert evidence_score(platform, Asked(), cfg, preset) > evidence_score(
        agents, Asked(), cfg, preset
    )


def test_a_maintainer_outranks_a_drive_by_contributor_who_matches_the_text_better() -> None:
    config = load_ranking()
    maintainer = person(1, 0.2, strength={"evaluation": 9.0}, production=0.6)
    drive_by = person(2, 1.0, strength={"evaluation": 2.0}, production=0.2)
    ranked = rank([drive_by, maintainer], config=config, track=None, now_ts=NOW,
                  asked=Asked(("evaluation",)))  # fmt: skip
    assert [r.person_id for r in ranked] == [1, 2]
    top = ranked[0].breakdown
    assert top["evidence"] > top["relevance"] and set(top) >= {"evidence", "relevance", "penalties"}
    assert ranked[0].score == pytest.approx(sum(top.values()), abs=1e-3)


def test_a_preferred_seniority_and_the_asked_track_add_their_weight() -> None:
    config = load_ranking()
    senior = person(1, 0.5, strength={"retrieval": 4.0}, seniority="senior", track="rag")
    junior = person(2, 0.5, strength={"retrieval": 4.0}, seniority="junior", track="agentic")
    ranked = rank([junior, senior], config=config, track="rag", now_ts=NOW,
                  asked=Asked(("retrieval",), seniority=("senior", "lead")))  # fmt: skip
    assert ranked[0].person_id == 1
    assert ranked[0].breakdown["seniority"] == config.weights.seniority
    assert ranked[0].breakdown["track_match"] == config.weights.track_match


def test_bots_and_long_silence_are_penalised() -> None:
    config = load_ranking()
    bot = person(1, 0.0, is_bot=True).payload
    assert penalties(bot, config, NOW) == config.penalties.bot
    stale = NOW - (config.penalties.stale_days + 1) * 86400
    assert (
        penalties(person(2, 0.0, last_active=stale).payload, config, NOW) == config.penalties.stale
    )
    silent = person(3, 0.0, last_active=None).payload
    assert penalties(silent, config, NOW) == config.penalties.stale
    assert penalties(person(4, 0.0).payload, config, NOW) == 0


def test_ties_break_on_production_then_id_deterministically() -> None:
    config = load_ranking()
    people = [
        person(3, 1.0, production=0.5),
        person(1, 1.0, production=0.5),
        person(2, 1.0, production=0.6),
    ]
    orders = {
        tuple(
            r.person_id
            for r in rank(list(p), config=config, track=None, now_ts=NOW, with_signals=False)
        )
        for p in (people, people[::-1])
    }
    assert orders == {(2, 1, 3)}


def test_an_empty_query_ranks_by_signals_alone() -> None:
    config = load_ranking()
    ranked = rank(
        [
            person(1, 0.9, production=0.1, strength={"overall": 1.0}),
            person(2, 0.1, production=0.9, strength={"overall": 5.0}),
        ],
        config=config,
        track=None,
        now_ts=NOW,
        has_query=False,
    )
    assert ranked[0].person_id == 2 and ranked[0].breakdown["relevance"] == 0


def test_a_broken_ranking_file_names_the_key(tmp_path) -> None:
    bad = tmp_path / "ranking.toml"
    bad.write_text('[weights]\nevidence = "lots"\n[presets.default]\nretrieval = 1.0\n')
    load_ranking.cache_clear()
    with pytest.raises(ConfigError, match=r"weights\.evidence"):
        load_ranking(bad)
    bad.write_text("[presets.default]\nretrieval = 1.0\n")
    with pytest.raises(ConfigError, match="presets missing"):
        load_ranking(bad)
    load_ranking.cache_clear()
