"""Loading worlds: the hand-written mini world's indexes, and every kind of corrupt input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from talent.errors import WorldError
from talent.upstream.world import load_world

MINI = Path(__file__).parent / "data" / "world-mini"


@pytest.fixture(scope="module")
def world():
    return load_world(MINI)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A writable copy of the mini world."""
    target = tmp_path / "world"
    shutil.copytree(MINI, target)
    return target


def _append(path: Path, line: str) -> int:
    """Append one line; return its 1-based line number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, line]) + "\n", encoding="utf-8")
    return len(lines) + 1


def _error(path: Path) -> str:
    with pytest.raises(WorldError) as info:
        load_world(path)
    return str(info.value)


# The mini world ---------------------------------------------------------------------------


def test_mini_world_counts_every_file(world) -> None:
    assert world.counts == {
        "github/users.jsonl": 8,
        "github/repos.jsonl": 7,
        "github/contributions.jsonl": 9,
        "github/memberships.jsonl": 3,
        "github/files.jsonl": 4,
        "github/events.jsonl": 5,
        "hf/accounts.jsonl": 3,
        "hf/models.jsonl": 5,
        "hf/datasets.jsonl": 2,
        "hf/spaces.jsonl": 2,
        "hf/likes.jsonl": 4,
    }
    assert world.meta["format"] == "talent-world/1"


def test_accounts_and_repositories_are_indexed(world) -> None:
    assert world.users["alesia-k"]["id"] == 1000231
    assert world.users["ci-helper[bot]"]["type"] == "Bot"
    assert [u["id"] for u in world.users_by_id] == sorted(u["id"] for u in world.users.values())
    repo = world.repos["qdrant-labs/qdrant-client"]
    assert world.repos_by_id[500001] is repo  # the same dict, never copied
    assert repo["name"] == "qdrant-client" and repo["_owner"] == "qdrant-labs"
    assert world.former_repos["carol-agents/agentkit"]["id"] == 500004
    owned = {r["full_name"] for r in world.repos_by_owner["alesia-k"]}
    assert owned == {"alesia-k/rag-eval-service", "alesia-k/notes"}


def test_contributors_memberships_files_and_events(world) -> None:
    commits = [c["commits"] for c in world.contributors[500001]]
    assert commits == sorted(commits, reverse=True) == [80, 42, 17, 5, 3]
    assert {c["repo"] for c in world.contributed["alesia-k"]} == {
        "qdrant-labs/qdrant-client",
        "alesia-k/rag-eval-service",
    }
    # dave-platform's membership is private: served nowhere
    assert world.org_members["qdrant-labs"] == ["alesia-k", "bob-rag"]
    assert world.user_orgs["alesia-k"] == ["qdrant-labs"]
    assert "dave-platform" not in world.user_orgs
    assert set(world.files[500002]) == {"pyproject.toml", "requirements.txt", "src/app/main.py"}
    events = world.events["alesia-k"]
    assert [e["id"] for e in events] == ["40000000004", "40000000003", "40000000002"]


def test_hugging_face_indexes(world) -> None:
    models = world.hf["model"]
    assert [m["id"] for m in models.by_author["alesiak"]] == [
        "alesiak/bge-small-legal-ft",
        "alesiak/rag-reranker-v2",
        "alesiak/tiny-test",
    ]
    assert models.former["alesiak/bge-small-legal"]["id"] == "alesiak/bge-small-legal-ft"
    assert models.by_id["minsk-nlp/belarus-embed"]["author"] == "minsk-nlp"  # derived from id
    assert {a["name"] for a in world.hf_org_members["minsk-nlp"]} == {"alesiak", "bobr"}
    assert [like["type"] for like in world.hf_likes["alesiak"]] == ["model", "dataset", "space"]
    assert world.hf["space"].by_id["bobr/agent-playground"]["sdk"] == "streamlit"


def test_only_world_json_is_required(tmp_path: Path) -> None:
    (tmp_path / "world.json").write_text('{"format": "talent-world/1", "now": "2026-01-01"}')
    world = load_world(tmp_path)
    assert world.users == {} and world.counts["github/repos.jsonl"] == 0


def test_batched_parsing_reports_the_right_line_in_a_long_file(tmp_path: Path) -> None:
    (tmp_path / "world.json").write_text('{"format": "talent-world/1", "now": "2026-01-01"}')
    lines = [json.dumps({"login": f"u{i}", "id": i, "type": "User"}) for i in range(6000)]
    lines[5000] = '{"login": "broken", "id": 5000, "type": "User"'
    (tmp_path / "github").mkdir()
    (tmp_path / "github" / "users.jsonl").write_text("\n".join(lines) + "\n")
    assert "github/users.jsonl:5001: not valid JSON" in _error(tmp_path)


# Corrupt input -----------------------------------------------------------------------------


def test_missing_directory_points_at_generate(tmp_path: Path) -> None:
    with pytest.raises(WorldError) as info:
        load_world(tmp_path / "nowhere")
    assert "world directory not found" in info.value.message
    assert "talent upstream generate" in (info.value.hint or "")


def test_missing_world_json(copy: Path) -> None:
    (copy / "world.json").unlink()
    assert "has no world.json" in _error(copy)


def test_wrong_format_version(copy: Path) -> None:
    (copy / "world.json").write_text('{"format": "talent-world/2", "now": "2026-01-01"}')
    assert 'world.json:1: "format" must be "talent-world/1"' in _error(copy)


def test_world_json_must_name_a_present(copy: Path) -> None:
    (copy / "world.json").write_text('{"format": "talent-world/1", "now": "yesterday"}')
    assert '"now" must be an ISO 8601 time' in _error(copy)


def test_bad_json_line_names_file_and_line(copy: Path) -> None:
    number = _append(copy / "github" / "repos.jsonl", '{"id": 9, "full_name": "alesia-k/x",')
    assert f"github/repos.jsonl:{number}: not valid JSON" in _error(copy)


def test_blank_lines_count_in_line_numbers(copy: Path) -> None:
    # users.jsonl has a blank third line; the bad record after it must still be named right
    path = copy / "github" / "users.jsonl"
    number = _append(path, '{"login": "x", "id": "7", "type": "User"}')
    assert number == 10
    assert f'github/users.jsonl:{number}: "id" must be an integer, found "7"' in _error(copy)


def test_line_that_is_not_an_object(copy: Path) -> None:
    number = _append(copy / "hf" / "likes.jsonl", "[1, 2]")
    assert f"hf/likes.jsonl:{number}: must be a JSON object" in _error(copy)


def test_missing_required_key(copy: Path) -> None:
    number = _append(copy / "github" / "repos.jsonl", '{"full_name": "alesia-k/x"}')
    assert f'github/repos.jsonl:{number}: missing required key "id"' in _error(copy)


@pytest.mark.parametrize(
    ("rel", "line", "message"),
    [
        ("github/users.jsonl", '{"login": "x", "id": true, "type": "User"}', '"id" must be'),
        ("github/users.jsonl", '{"login": "x", "id": 1, "type": "Robot"}', '"type" must be'),
        (
            "github/users.jsonl",
            '{"login": "x", "id": 1, "type": "User", "followers": "9"}',
            '"followers" must be an integer',
        ),
        (
            "github/repos.jsonl",
            '{"id": 9, "full_name": "alesia-k/x", "topics": "rag"}',
            '"topics" must be a list of strings',
        ),
        (
            "github/repos.jsonl",
            '{"id": 9, "full_name": "no-slash"}',
            '"full_name" must be "owner/name"',
        ),
        (
            "github/contributions.jsonl",
            '{"repo": "alesia-k/notes", "login": "alesia-k", "commits": 0}',
            '"commits" must be an integer >= 1',
        ),
        (
            "github/events.jsonl",
            '{"id": "1", "type": "PushEvent", "actor": {"login": "bob-rag"}, '
            '"repo": {"name": "a/b"}, "created_at": "last tuesday"}',
            '"created_at" must be an ISO 8601 time',
        ),
        ("hf/models.jsonl", '{"id": "alesiak/m", "gated": true}', '"gated" must be'),
        ("hf/accounts.jsonl", '{"name": "z", "type": "team"}', '"type" must be'),
    ],
)
def test_wrong_types(copy: Path, rel: str, line: str, message: str) -> None:
    number = _append(copy / rel, line)
    error = _error(copy)
    assert f"{rel}:{number}: " in error and message in error


@pytest.mark.parametrize(
    ("rel", "line", "message"),
    [
        (
            "github/contributions.jsonl",
            '{"repo": "nobody/nothing", "login": "alesia-k", "commits": 1}',
            'unknown repository "nobody/nothing"',
        ),
        (
            "github/contributions.jsonl",
            '{"repo": "alesia-k/notes", "login": "ghost", "commits": 1}',
            'unknown user "ghost"',
        ),
        ("github/repos.jsonl", '{"id": 9, "full_name": "ghost/x"}', 'owner "ghost"'),
        (
            "github/memberships.jsonl",
            '{"org": "alesia-k", "login": "bob-rag"}',
            "not an Organization",
        ),
        (
            "github/files.jsonl",
            '{"repo": "ghost/x", "path": "a.txt", "content": ""}',
            'unknown repository "ghost/x"',
        ),
        ("hf/models.jsonl", '{"id": "ghost/model"}', 'author "ghost"'),
    ],
)
def test_dangling_references(copy: Path, rel: str, line: str, message: str) -> None:
    number = _append(copy / rel, line)
    error = _error(copy)
    assert f"{rel}:{number}: " in error and message in error


def test_duplicates_name_both_lines(copy: Path) -> None:
    number = _append(
        copy / "github" / "users.jsonl", '{"login": "Bob-Rag", "id": 5, "type": "User"}'
    )
    assert f'github/users.jsonl:{number}: duplicate login "Bob-Rag" (first on line 2)' in _error(
        copy
    )


def test_invalid_utf8_names_the_line(copy: Path) -> None:
    path = copy / "hf" / "spaces.jsonl"
    path.write_bytes(path.read_bytes() + b'{"id": "bobr/\xff"}\n')
    assert "hf/spaces.jsonl:3: not UTF-8" in _error(copy)
