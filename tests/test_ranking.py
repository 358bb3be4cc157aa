"""The ranking formula as pure functions, on hand-built candidates."""

from __future__ import annotations

import pytest

from talent.contracts import PersonPayload
from talent.errors import ConfigError
from talent.search.ranking import (
    Candidate,
    effective_preset,
    load_ranking,
    penalties,
    rank,
    relevances,
    signal_score,
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


def test_the_track_preset_decides_which_signals_count() -> None:
    config = load_ranking()
    rag_person = {"retrieval": 0.9, "evaluation": 0.8}
    agent_person = {"agentic": 0.9}
    rag, agentic = config.presets["rag"], config.presets["agentic"]
    assert signal_score(rag_person, rag) > signal_score(agent_person, rag)
    assert signal_score(agent_person, agentic) > signal_score(rag_person, agentic)
    for preset in config.presets.values():
        assert sum(preset.values()) == pytest.approx(1.0)


def test_asked_categories_gain_weight_and_the_preset_still_sums_to_one() -> None:
    preset = {"retrieval": 0.5, "evaluation": 0.5}
    boosted = effective_preset(preset, ["evaluation", "mlops"], 0.5)
    assert sum(boosted.values()) == pytest.approx(1.0)
    assert boosted["evaluation"] > boosted["retrieval"] and boosted["mlops"] > 0
    assert effective_preset(preset, [], 0.5) == preset


def test_production_beats_buzzwords_at_equal_relevance() -> None:
    config = load_ranking()
    shipped = person(
        1, 1.0, production=0.8, scores={"retrieval": 0.8, "evaluation": 0.7}, track="rag"
    )
    buzz = person(2, 1.0, production=0.0, scores={})
    ranked = rank([buzz, shipped], config=config, track="rag", now_ts=NOW)
    assert [r.person_id for r in ranked] == [1, 2]
    top = ranked[0].breakdown
    assert top["track_match"] == config.weights.track_match and top["relevance"] == 1.0
    assert ranked[0].score == pytest.approx(sum(top.values()), abs=1e-3)


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
        [person(1, 0.9, production=0.1), person(2, 0.1, production=0.9)],
        config=config,
        track=None,
        now_ts=NOW,
        has_query=False,
    )
    assert ranked[0].person_id == 2 and ranked[0].breakdown["relevance"] == 0


def test_a_broken_ranking_file_names_the_key(tmp_path) -> None:
    bad = tmp_path / "ranking.toml"
    bad.write_text('[weights]\nretrieval = "lots"\n[presets.default]\nretrieval = 1.0\n')
    load_ranking.cache_clear()
    with pytest.raises(ConfigError, match=r"weights\.retrieval"):
        load_ranking(bad)
    bad.write_text("[presets.default]\nretrieval = 1.0\n")
    with pytest.raises(ConfigError, match="presets missing"):
        load_ranking(bad)
    load_ranking.cache_clear()
