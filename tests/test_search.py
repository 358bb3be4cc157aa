"""`talent search` end to end on a crawled and indexed store, and its safety on bad input."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, update
from sqlalchemy.orm import Session
from store_support import copy_home, indexed_store, talent

from talent.app.render import render
from talent.contracts import EvidenceRef, PersonPayload
from talent.errors import ConfigError, IndexError_
from talent.search.engine import Result, SearchResults
from talent.search.request import build_request
from talent.store import models
from talent.vocab import AREAS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return indexed_store(tmp_path_factory)


def search_json(home: Path, *args: str) -> dict:
    result = talent(home, "search", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_json_results_carry_ids_places_scores_and_evidence(indexed: Path) -> None:
    data = search_json(indexed, "retrieval evaluation engineer", "--limit", "5")
    assert 0 < data["count"] <= 5
    for row in data["results"]:
        assert {
            "person_id",
            "github",
            "hf",
            "display_name",
            "location",
            "country",
            "score",
            "breakdown",
            "scores",
            "evidence",
        } <= set(row)
        assert row["country"] is None or len(row["country"]) == 2
        assert row["evidence"] and all(e.get("url") for e in row["evidence"])
    scores = [row["score"] for row in data["results"]]
    assert scores == sorted(scores, reverse=True)


def test_filters_apply_inside_the_index(indexed: Path) -> None:
    data = search_json(indexed, "", "--country", "BY", "--limit", "50")
    assert data["results"] and all(r["country"] == "BY" for r in data["results"])
    some = next(r for r in search_json(indexed, "", "--limit", "50")["results"] if r["track"])
    track, band = some["track"], some["seniority"]
    data = search_json(indexed, "", "--track", track, "--seniority", band, "--limit", "50")
    assert some["person_id"] in {r["person_id"] for r in data["results"]}
    assert all(r["track"] == track and r["seniority"] == band for r in data["results"])
    everyone = search_json(indexed, "", "--limit", "50")
    # a threshold just under the strongest retrieval score (sparse worlds have few strong)
    best = max(r["scores"]["retrieval"] for r in everyone["results"])
    assert best > 0
    floor = math.floor(best * 90) / 100
    data = search_json(indexed, "", "--min-signal", f"retrieval={floor}", "--limit", "50")
    assert data["results"] and all(r["scores"]["retrieval"] >= floor for r in data["results"])
    assert everyone["count"] > data["count"]  # the threshold did filter someone out


def test_queries_of_symbols_or_stop_words_rank_by_signals(indexed: Path) -> None:
    symbols = search_json(indexed, "?!*&^%", "--limit", "5")
    empty = search_json(indexed, "", "--limit", "5")
    assert [r["person_id"] for r in symbols["results"]] == [
        r["person_id"] for r in empty["results"]
    ]
    stop = search_json(indexed, "the and of", "--limit", "5")
    assert stop["count"] == 5
    long = search_json(indexed, "retrieval " * 5000, "--limit", "3")
    assert long["count"] == 3


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--track", "ml"], "Invalid value for '--track'"),
        (["--country", "Atlantis"], "unknown place"),
        (["--min-signal", "vibes=0.5"], "categories: evaluation, retrieval"),
        (["--min-signal", "retrieval=2"], "between 0 and 1"),
    ],
)
def test_unknown_choices_list_the_valid_ones(indexed: Path, args: list, expected: str) -> None:
    result = talent(indexed, "search", "rag", *args)
    assert result.exit_code != 0
    message = str(result.exception) if result.exception else result.output
    assert expected.lower() in (message + result.output).lower()


def test_no_index_yet_says_to_crawl_and_index(tmp_path: Path) -> None:
    result = talent(tmp_path / "empty-home", "search", "rag engineer")
    assert isinstance(result.exception, IndexError_)
    assert "talent crawl" in str(result.exception) and "talent index" in str(result.exception)


def test_hostile_profile_text_is_displayed_safely(indexed: Path, tmp_path: Path) -> None:
    home = copy_home(indexed, tmp_path / "home")
    engine = create_engine(f"sqlite:///{home / 'talent.db'}")
    with Session(engine) as s, s.begin():
        account = s.scalars(
            select(models.GithubAccount).where(
                models.GithubAccount.person_id.is_not(None),
                models.GithubAccount.profiled_at.is_not(None),
                models.GithubAccount.type == "User",
                models.GithubAccount.public_repos > 0,
            )
        ).first()
        s.execute(
            update(models.GithubAccount)
            .where(models.GithubAccount.id == account.id)
            .values(name="\x1b[31mEvil\x1b]0;pwned\x07 <script>alert(1)</script> =HYPERLINK(1)")
        )
        person_id, login = account.person_id, account.login
        hostile = "\x1b[31mEvil\x1b]0;pwned\x07 <script>alert(1)</script> =HYPERLINK(1)"
        s.execute(
            update(models.Person)
            .where(models.Person.id == person_id)
            .values(display_name=hostile, bio=hostile, location_raw="=cmd|' /C calc'!A0")
        )
    assert talent(home, "index").exit_code == 0
    table = talent(home, "search", login, "--limit", "30", "--include-bots").output
    assert "\x1b" not in table and "\x07" not in table and "Evil" in table
    markdown = talent(home, "search", login, "--limit", "30", "--format", "markdown").output
    assert "<script>" not in markdown and "\\<script\\>" in markdown
    rows = list(
        csv.reader(
            io.StringIO(talent(home, "search", login, "--limit", "30", "--format", "csv").output)
        )
    )
    assert rows[0][:3] == ["rank", "name", "github_url"]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows[1:] for cell in row)


def test_every_format_renders_a_typed_payload_safely() -> None:
    request = build_request("x")
    payload = PersonPayload(
        person_id=7,
        display_name="\x1b[1mX",
        top_evidence=(EvidenceRef("retrieval", "own_repo", "https://e/x)y", "<b>t</b>"),),
    )
    results = SearchResults(request, [Result(1, 7, 1.0, {"relevance": 1.0}, payload)])
    outputs = {fmt: render(results, fmt, {}) for fmt in ("table", "json", "csv", "markdown")}
    assert all("\x1b" not in out and "X" in out for out in outputs.values())
    assert "(https://e/x%29y)" in outputs["markdown"] and "- <b>t</b>" in outputs["table"]
    assert json.loads(outputs["json"])["results"][0]["evidence"][0]["text"] == "<b>t</b>"


def test_build_request_validates_everything() -> None:
    with pytest.raises(ConfigError, match="rag, agentic, platform"):
        build_request("x", track="ml")
    with pytest.raises(ConfigError, match="junior"):
        build_request("x", seniority=("principal",))
    with pytest.raises(ConfigError, match="--limit"):
        build_request("x", limit=0)
    request = build_request("x", place="Мінск", min_signals=("evaluation=0.3",))
    assert request.countries == ("BY",) and request.min_signals == {"evaluation": 0.3}


# Reading the query --------------------------------------------------------------------------
def test_json_carries_what_the_query_was_read_as(indexed: Path) -> None:
    data = search_json(indexed, "RAG and retrieval engineers in Belarus", "--limit", "50")
    understood = data["understood"]
    assert "retrieval" in understood["areas"]
    assert understood["place"] == {"countries": ["BY"], "city": None}
    assert data["results"] and all(r["country"] == "BY" for r in data["results"])
    assert all(set(r["breakdown"]) >= {"evidence", "relevance"} for r in data["results"])


@pytest.mark.parametrize("query", ["retrieval engineer", "RAG pipelines and also LLM evaluation"])
def test_table_and_json_show_the_strength_of_each_asked_area(indexed: Path, query: str) -> None:
    data = search_json(indexed, query, "--limit", "4")
    areas, combine = data["understood"]["areas"], data["understood"]["combine"]
    assert areas and data["results"]
    table = talent(indexed, "search", query, "--limit", "4")
    assert table.exit_code == 0, table.output
    join = " & " if combine == "all" else " | "
    for row in data["results"]:
        assert set(row["strength"]) <= {*AREAS, "overall"}
        shown = join.join(f"{a} {row['strength'].get(a, 0.0):.1f}" for a in areas)
        assert f"evidence strength: {shown}" in " ".join(table.output.split())
    assert " ".join(table.output.split()).count("evidence strength:") == len(data["results"])


def test_a_flag_wins_over_the_place_in_the_text(indexed: Path) -> None:
    data = search_json(indexed, "RAG engineers in Belarus", "--country", "PL", "--limit", "50")
    assert data["understood"]["place"] is None
    assert data["understood"]["overridden_by_flags"] == ["place"]
    assert all(r["country"] == "PL" for r in data["results"])


def test_an_exclusion_leaves_out_people_whose_work_names_it(indexed: Path) -> None:
    everyone = search_json(indexed, "retrieval", "--limit", "100")["results"]
    target = next(
        (r, e["url"])
        for r in everyone
        for e in r["evidence"]
        if e["kind"] == "contribution" and "/commits?author=" in (e["url"] or "")
    )
    repo = target[1].split("/commits?")[0].rsplit("/", 1)[-1]
    without = search_json(indexed, f"retrieval -{repo}", "--limit", "100")
    assert without["understood"]["exclusions"] == [repo.lower()]
    assert target[0]["person_id"] not in {r["person_id"] for r in without["results"]}
    assert len(without["results"]) < len(everyone)


def test_explain_query_prints_the_reading_before_the_results(indexed: Path) -> None:
    result = talent(indexed, "search", "agent workflows and how to evaluate them",
                    "--explain-query", "--limit", "3")  # fmt: skip
    assert result.exit_code == 0, result.output
    head = result.output.split("\n1. ")[0]
    assert "areas: agentic AND evaluation" in head and "retrieval text:" in head


def test_a_filter_only_query_considers_everyone_who_passes(indexed: Path) -> None:
    engine = create_engine(f"sqlite:///{indexed / 'talent.db'}")
    with Session(engine) as s:
        expected = set(s.scalars(select(models.Person.id).where(models.Person.country == "BY")))
    engine.dispose()
    found = search_json(indexed, "", "--country", "BY", "--limit", "1000")
    shown = {r["person_id"] for r in found["results"]}
    # everyone in Belarus, shown or hidden (bots), not just the best few hundred text matches
    assert expected and shown <= expected and len(shown) + found["hidden"] == len(expected)
