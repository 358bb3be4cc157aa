"""Saved searches: definitions and runs in the store (SQLite and PostgreSQL), the NEW and
+evidence marks, and `talent saved …` end to end on a crawled and indexed store."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session
from store_support import copy_home, indexed_store, talent

from talent.app import search as service
from talent.app.workspace import Workspace
from talent.errors import ConfigError
from talent.search.saved import describe_filters, request_for
from talent.settings import load_settings
from talent.store import Store, models
from talent.store.saved import (
    get_saved,
    last_report,
    list_saved,
    mark_changes,
    record_run,
    remove_saved,
)

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


# Pure comparison --------------------------------------------------------------------------
def test_mark_changes_against_the_previous_run() -> None:
    rows = [(1, 1, 0.9, 5), (2, 2, 0.8, 3), (3, 3, 0.7, 2)]
    first = mark_changes(rows, None)
    assert all(e.new and not e.evidence_grew for e in first)
    later = mark_changes(rows, {1: 5, 2: 2, 4: 9})
    assert [(e.new, e.evidence_grew) for e in later] == [
        (False, False),
        (False, True),
        (True, False),
    ]
    assert later[1].marks == ("+evidence",) and later[2].marks == ("NEW",)
    assert later[1].previous_evidence_count == 2
    assert later[1].changes == ("evidence grew",)  # CSV: no leading + (a formula)


# Storage, on both databases ---------------------------------------------------------------
@pytest.fixture
def workspace(database_url: str) -> Iterator[Workspace]:
    with Workspace(load_settings(database_url=database_url)) as workspace:
        yield workspace


@pytest.fixture
def store(workspace: Workspace) -> Iterator[Store]:
    store = workspace.store()
    with store.session() as s:
        people = [models.Person(display_name=f"P{i}") for i in range(3)]
        s.add_all(people)
        s.flush()
        for person in people[:2]:
            s.add(
                models.EvidenceItem(
                    person_id=person.id, category="retrieval", kind="repo", text="x"
                )
            )
    yield store


def add(workspace: Workspace, name: str, query: str, filters: dict, **kwargs: bool) -> str:
    """The application's add: validates the filters, then the store keeps them."""
    return service.add_saved(workspace, name, query, filters, **kwargs)[0]


def person_ids(store: Store) -> list[int]:
    with store.session() as s:
        return list(s.scalars(select(models.Person.id).order_by(models.Person.id)))


def test_add_validates_and_stores_only_set_filters(workspace: Workspace, store: Store) -> None:
    name = add(
        workspace,
        " rag-by ",
        "production RAG",
        {"place": "BY", "seniority": ("senior", "lead"), "hireable": None, "limit": 30},
    )
    assert name == "rag-by"
    with store.session() as s:
        saved = get_saved(s, "rag-by")
        assert saved.filters == {"place": "BY", "seniority": ["senior", "lead"], "limit": 30}
        request = request_for(saved.query, saved.filters)
        assert request.countries == ("BY",) and request.seniorities == ("senior", "lead")
        assert request.limit == 30
        assert describe_filters(saved.filters) == (
            "--country BY --seniority senior --seniority lead --limit 30"
        )


@pytest.mark.parametrize(
    "filters",
    [
        {"min_signals": ("nonsense=0.4",)},
        {"min_signals": ("evaluation=7",)},
        {"track": "robotics"},
        {"place": "Atlantis"},
        {"limit": 0},
        {"colour": "blue"},
    ],
)
def test_bad_filters_fail_at_add_time(workspace: Workspace, store: Store, filters: dict) -> None:
    with pytest.raises(ConfigError):
        add(workspace, "bad", "q", filters)
    with store.session() as s:
        assert list_saved(s) == []


def test_existing_name_needs_replace(workspace: Workspace, store: Store) -> None:
    add(workspace, "rag", "rag", {"limit": 10})
    with pytest.raises(ConfigError) as taken:
        add(workspace, "rag", "rag again", {})
    assert "--replace" in (taken.value.hint or "")
    add(workspace, "rag", "rag again", {"track": "rag"}, replace=True)
    with store.session() as s:
        saved = get_saved(s, "rag")
        assert (saved.query, saved.filters) == ("rag again", {"track": "rag"})


def test_unknown_name_lists_saved_names_close_ones_first(
    workspace: Workspace, store: Store
) -> None:
    with store.session() as s, pytest.raises(ConfigError) as none_yet:
        get_saved(s, "rag")
    assert "saved add" in (none_yet.value.hint or "")
    for name in ("agents-pl", "platform-ee", "rag-belarus"):
        add(workspace, name, "", {})
    with store.session() as s, pytest.raises(ConfigError) as unknown:
        get_saved(s, "rag-belarsu")
    hint = unknown.value.hint or ""
    assert hint.startswith("did you mean rag-belarus?")
    listed = hint.split("saved searches: ")[1].split(", ")
    assert listed == ["rag-belarus", "agents-pl", "platform-ee"]


def test_runs_record_results_and_mark_changes(workspace: Workspace, store: Store) -> None:
    a, b, c = person_ids(store)
    add(workspace, "rag", "rag", {})
    with store.session() as s:
        saved = get_saved(s, "rag")
        first = record_run(s, saved, [(a, 1, 0.9), (b, 2, 0.8)], at=T0)
        assert first.previous is None and first.new == 2
        assert [e.evidence_count for e in first.entries] == [1, 1]
    with store.session() as s:
        saved = get_saved(s, "rag")
        again = record_run(s, saved, [(b, 1, 0.9), (a, 2, 0.8)], at=T0 + timedelta(days=1))
        assert again.new == 0 and again.grew == 0
        s.add(models.EvidenceItem(person_id=b, category="evaluation", kind="repo", text="y"))
    with store.session() as s:
        saved = get_saved(s, "rag")
        third = record_run(s, saved, [(b, 1, 0.9), (c, 2, 0.5)], at=T0 + timedelta(days=2))
        marks = {e.person_id: e.marks for e in third.entries}
        assert marks == {b: ("+evidence",), c: ("NEW",)}
    with store.session() as s:
        saved = get_saved(s, "rag")
        report = last_report(s, saved)
        assert report is not None and report.run.id == third.run.id
        assert {e.person_id: e.marks for e in report.entries} == marks
        summary = list_saved(s)[0]
        assert (summary.runs, summary.last_count, summary.last_ran_at) == (
            3,
            2,
            T0 + timedelta(days=2),
        )


def test_remove_deletes_runs_and_results(workspace: Workspace, store: Store) -> None:
    a, _, _ = person_ids(store)
    add(workspace, "rag", "rag", {})
    add(workspace, "other", "x", {})
    with store.session() as s:
        record_run(s, get_saved(s, "rag"), [(a, 1, 0.9)], at=T0)
    with store.session() as s:
        remove_saved(s, "rag")
    with store.session() as s:
        assert [x.name for x in list_saved(s)] == ["other"]
        assert s.scalar(select(func.count()).select_from(models.SavedSearchRun)) == 0
        assert s.scalar(select(func.count()).select_from(models.SavedSearchResult)) == 0
        with pytest.raises(ConfigError):
            remove_saved(s, "rag")


# End to end, on a crawled and indexed store -----------------------------------------------
@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return indexed_store(tmp_path_factory)


@pytest.fixture
def home(indexed: Path, tmp_path: Path) -> Path:
    return copy_home(indexed, tmp_path / "home")


def ok(home: Path, *args: str) -> str:
    result = talent(home, *args)
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


def run_json(home: Path, name: str) -> dict:
    return json.loads(ok(home, "saved", "run", name, "--format", "json"))


def test_add_list_show_run_rm(home: Path) -> None:
    out = ok(home, "saved", "add", "rag-by", "rag evaluation", "--country", "BY", "--limit", "5")
    assert "rag-by" in out and "--country BY --limit 5" in out
    ok(home, "saved", "add", "everyone", "", "--limit", "100")
    listed = ok(home, "saved", "list")
    assert "rag-by" in listed and "'rag evaluation'" in listed and "never run" in listed

    first = ok(home, "saved", "run", "rag-by")
    assert "[NEW]" in first and "first run: all new" in first
    shown = ok(home, "saved", "show", "rag-by")
    assert "--country BY --limit 5" in shown and "last run" in shown and "[NEW]" in shown

    listing = json.loads(ok(home, "saved", "list", "--json"))
    by_name = {row["name"]: row for row in listing}
    assert by_name["rag-by"]["runs"] == 1 and by_name["rag-by"]["last_count"] >= 1
    assert by_name["everyone"]["last_ran_at"] is None

    ok(home, "saved", "rm", "rag-by")
    assert [row["name"] for row in json.loads(ok(home, "saved", "list", "--json"))] == ["everyone"]
    gone = talent(home, "saved", "run", "rag-by")
    assert isinstance(gone.exception, ConfigError)
    assert "everyone" in (gone.exception.hint or "")


def test_second_run_marks_nothing_then_changes_are_marked(home: Path) -> None:
    engine = create_engine(f"sqlite:///{home / 'talent.db'}")
    ok(home, "saved", "add", "everyone", "", "--limit", "100")
    first = run_json(home, "everyone")
    assert first["run"]["previous_run_at"] is None
    assert all(r["new"] for r in first["results"]) and len(first["results"]) > 3
    returning, growing = first["results"][0], first["results"][1]
    ok(home, "status", returning["github"] or f"hf:{returning['hf']}", "contacted")

    second = run_json(home, "everyone")
    assert second["run"]["new"] == 0 and not any(r["new"] for r in second["results"])
    assert returning["person_id"] not in {r["person_id"] for r in second["results"]}

    # They replied (shown again), and the other person gained evidence since the last run.
    ok(home, "status", returning["github"] or f"hf:{returning['hf']}", "replied")
    with Session(engine) as s, s.begin():
        s.add(
            models.EvidenceItem(
                person_id=growing["person_id"],
                category="evaluation",
                kind="repo",
                text="a new eval harness",
                url="https://example.test/new",
            )
        )
    third = run_json(home, "everyone")
    marked = {r["person_id"]: (r["new"], r["evidence_grew"]) for r in third["results"]}
    assert marked.pop(returning["person_id"]) == (True, False)
    assert marked.pop(growing["person_id"]) == (False, True)
    assert not any(new or grew for new, grew in marked.values())
    grown = next(r for r in third["results"] if r["person_id"] == growing["person_id"])
    assert grown["evidence_count"] == grown["previous_evidence_count"] + 1
    assert third["run"]["new"] == 1 and third["run"]["evidence_grew"] == 1

    shown = ok(home, "saved", "show", "everyone")
    assert "1 new, 1 with more evidence" in shown
    assert shown.count("[NEW]") == 1 and shown.count("[+evidence]") == 1
    with Session(engine) as s:
        runs = s.scalars(select(models.SavedSearchRun).order_by(models.SavedSearchRun.id)).all()
        assert [r.result_count for r in runs] == [
            len(first["results"]),
            len(second["results"]),
            len(third["results"]),
        ]
        stored = s.scalar(
            select(models.SavedSearchResult.evidence_count).where(
                models.SavedSearchResult.run_id == runs[-1].id,
                models.SavedSearchResult.person_id == growing["person_id"],
            )
        )
        assert stored == grown["evidence_count"]


def test_run_marks_in_table_csv_and_markdown(home: Path) -> None:
    for name in ("t", "c", "m"):
        ok(home, "saved", "add", name, "", "--limit", "3")
    assert ok(home, "saved", "run", "t").count("[NEW]") == 3

    def csv_rows() -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(ok(home, "saved", "run", "c", "--format", "csv"))))

    rows = csv_rows()
    assert len(rows) == 3 and all(row["changes"] == "new" for row in rows)
    assert rows[0]["github_url"] or rows[0]["huggingface_url"]
    assert all(row["changes"] == "" for row in csv_rows())
    markdown = ok(home, "saved", "run", "m", "--format", "markdown")
    assert markdown.startswith("| # | person") and markdown.count("**NEW**") == 3


def test_bad_filters_fail_at_add_time_on_the_command_line(home: Path) -> None:
    bad = talent(home, "saved", "add", "bad", "rag", "--min-signal", "vibes=0.5")
    assert isinstance(bad.exception, ConfigError) and "evaluation" in bad.exception.hint
    nowhere = talent(home, "saved", "add", "bad", "rag", "--country", "Atlantis")
    assert isinstance(nowhere.exception, ConfigError)
    ok(home, "saved", "add", "good", "rag")
    again = talent(home, "saved", "add", "good", "rag")
    assert isinstance(again.exception, ConfigError) and "--replace" in again.exception.hint
    ok(home, "saved", "add", "good", "rag, reranking", "--replace")
    assert json.loads(ok(home, "saved", "list", "--json"))[0]["query"] == "rag, reranking"
    unknown = talent(home, "saved", "show", "god")
    assert isinstance(unknown.exception, ConfigError)
    assert unknown.exception.hint.startswith("did you mean good?")


def test_every_saved_search_runs_through_one_index_and_one_encoder(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import talent.indexer.query as query
    import talent.indexer.vectors as vectors

    for name, text in (("agents", "agents, tool use"), ("everyone", ""), ("rag", "rag evals")):
        ok(home, "saved", "add", name, text, "--limit", "5")
    opened = {"index": 0, "encoder": 0}
    real_open, real_encoder = vectors.open_index, query.QueryEncoder

    def open_index(*args: object, **kwargs: object) -> object:
        opened["index"] += 1
        return real_open(*args, **kwargs)

    class Encoder(real_encoder):  # the real encoder, counted
        def __init__(self, *args: object, **kwargs: object) -> None:
            opened["encoder"] += 1
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(vectors, "open_index", open_index)
    monkeypatch.setattr(query, "QueryEncoder", Encoder)
    with Workspace(load_settings(home=home)) as workspace:
        runs = service.run_all_saved(workspace)
    assert [run.name for run in runs] == ["agents", "everyone", "rag"]
    assert all(run.found.results.results and run.report.previous is None for run in runs)
    assert opened == {"index": 1, "encoder": 1}
    listed = {row["name"]: row["runs"] for row in json.loads(ok(home, "saved", "list", "--json"))}
    assert listed == {"agents": 1, "everyone": 1, "rag": 1}
