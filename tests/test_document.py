"""The person document and its typed payload."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from talent.contracts import PersonPayload, payload_index
from talent.indexer.document import cap, payload_for, person_document
from talent.indexer.facts import ArtifactFact, OrgFact, PersonFacts, RepoFact
from talent.indexer.scoring import PersonProfile, load_scoring, score_person
from talent.indexer.vectors.schema import INDEXED_FIELDS
from talent.taxonomy import CATEGORIES, load_taxonomy

NOW = datetime(2026, 11, 26, tzinfo=UTC)
TAXONOMY = load_taxonomy()
SCORING = load_scoring()
GH = "https://github.com"


def profile_of(facts: PersonFacts) -> PersonProfile:
    return score_person(facts, TAXONOMY, TAXONOMY.signals, NOW, SCORING)


def document(facts: PersonFacts, max_chars: int = 2000) -> str:
    return person_document(facts, profile_of(facts), max_chars)


def engineer(**kw: object) -> PersonFacts:
    login = "alesia-k"
    base: dict[str, object] = {
        "display_name": "Алеся Каваленка",
        "github_logins": (login,),
        "hf_names": ("alesiak",),
        "bio": "Retrieval and evaluation for production RAG.",
        "company": "@qdrant",
        "location_raw": "Мінск, Беларусь",
        "country": "BY",
        "city": "Minsk",
        "hireable": True,
        "followers": 311,
        "account_created_at": datetime(2015, 3, 2, tzinfo=UTC),
        "last_event_at": datetime(2026, 11, 20, tzinfo=UTC),
        "github_url": f"{GH}/{login}",
        "repos": (
            RepoFact("run-llama/llama_index", f"{GH}/run-llama/llama_index", "member", login,
                     commits=42, first_commit_at=datetime(2024, 2, 1, tzinfo=UTC),
                     last_commit_at=datetime(2026, 10, 28, tzinfo=UTC)),
            RepoFact(f"{login}/rag-eval-service", f"{GH}/{login}/rag-eval-service", "owner",
                     login, description="Golden set regression suite for RAG",
                     topics=("rag", "llm-evaluation"), stars=120, forks=14,
                     pushed_at=datetime(2026, 11, 1, tzinfo=UTC),
                     dependencies=(("pypi", "ragas"), ("pypi", "qdrant-client"))),
            RepoFact(f"{login}/dotfiles", f"{GH}/{login}/dotfiles", "owner", login),
        ),
        "artifacts": (
            ArtifactFact("model", "alesiak/bge-small-legal-ft",
                         "https://huggingface.co/alesiak/bge-small-legal-ft",
                         tags=("sentence-transformers", "retrieval"),
                         library_name="sentence-transformers",
                         pipeline_tag="sentence-similarity", downloads=1830, likes=14,
                         last_modified=datetime(2026, 9, 1, tzinfo=UTC)),
        ),
        "orgs": (OrgFact("github", "qdrant", f"{GH}/qdrant", name="Qdrant"),),
    }  # fmt: skip
    base.update(kw)
    return PersonFacts(person_id=42, **base)  # type: ignore[arg-type]


def test_document_contents_and_order() -> None:
    doc = document(engineer())
    lines = doc.splitlines()
    assert lines[0] == "Алеся Каваленка"
    assert lines[1] == "Retrieval and evaluation for production RAG."
    assert "Мінск, Беларусь" in lines[2] and "@qdrant" in lines[2]
    assert "RAG engineer" in lines[3] and "retrieval" in lines[3]
    assert "contributes to run-llama/llama_index (42 commits, maintainer)" in doc
    assert "uses ragas, qdrant-client" in doc
    assert "sentence-similarity" in doc and "member of Qdrant" in doc
    # own AI repositories and contributions come before the rest
    assert doc.index("rag-eval-service") < doc.index("dotfiles")
    assert doc.index("llama_index") < doc.index("dotfiles")


def test_document_is_deterministic_whatever_the_order() -> None:
    facts = engineer()
    reordered = replace(facts, repos=facts.repos[::-1])
    assert document(facts) == document(facts) == document(reordered)


@pytest.mark.parametrize("max_chars", [200, 257, 333, 1000])
def test_cap_is_respected_without_cutting_words(max_chars: int) -> None:
    facts = engineer(bio="retrieval " * 40 + "evaluation pipelines in production " * 20)
    full = document(facts, 100_000)
    doc = document(facts, max_chars)
    assert len(full) > max_chars >= len(doc) > max_chars - 40
    assert full.startswith(doc)
    assert full[len(doc)].isspace()  # the cut falls between words


def test_cap_of_a_single_long_word_cuts_hard() -> None:
    assert cap("x" * 50, 10) == "x" * 10
    assert cap("short words here", 100) == "short words here"
    assert cap("abc defgh", 6) == "abc"


def test_control_characters_and_escape_sequences_are_stripped() -> None:
    nasty = "\x1b[31mred\x1b[0m \x1b]0;pwned\x07title\x00 \u202eevil\x9b2J done\r\nnext\tline"
    facts = engineer(display_name="Eve\x1b[2J", bio=nasty, company="\x07Acme\x1bc")
    doc = document(facts)
    assert not any((ord(ch) < 32 and ch != "\n") or 0x7F <= ord(ch) <= 0x9F for ch in doc)
    assert "\u202e" not in doc and "pwned" not in doc
    assert doc.startswith("Eve\n")
    assert "red title evil done next line" in doc
    assert "company: Acme\n" in doc
    payload = payload_for(facts, profile_of(facts))
    assert payload.display_name == "Eve"


def test_non_latin_text_is_kept() -> None:
    facts = engineer(bio="Пошук і ацэнка RAG-сістэм 检索增强生成")
    doc = document(facts)
    assert "Пошук і ацэнка RAG-сістэм 检索增强生成" in doc
    assert "Алеся Каваленка" in doc


def test_empty_person_gives_a_short_valid_document() -> None:
    facts = PersonFacts(person_id=9)
    doc = document(facts)
    assert doc == "person 9"
    payload = payload_for(facts, profile_of(facts))
    assert payload.github is None and payload.track is None
    assert payload.last_active is None and payload.top_evidence == ()


def test_huge_input_stays_capped_and_quick() -> None:
    facts = engineer(bio="word " * 500_000, display_name="名" * 10_000)
    doc = document(facts, 500)
    assert len(doc) <= 500 and doc.startswith("名")


def test_payload_round_trips_through_json_and_the_index_schema_follows_it() -> None:
    facts = engineer()
    profile = profile_of(facts)
    payload = payload_for(facts, profile, "contacted")
    data = payload.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert PersonPayload.from_dict(data) == payload
    assert set(payload.scores) == set(CATEGORIES)
    assert all(round(v, 4) == v for v in payload.scores.values())
    assert payload.github == "alesia-k" and payload.hf == "alesiak"
    assert payload.last_active == int(datetime(2026, 11, 20, tzinfo=UTC).timestamp())
    assert payload.track == "rag" and payload.hireable is True and payload.status == "contacted"
    top = payload.top_evidence
    assert len(top) == 3 and len({e.url for e in top}) == 3  # one item per source
    assert top[0].url == profile.evidence[0].url
    # the vector schema indexes exactly the payload fields marked for it
    assert payload_index() == INDEXED_FIELDS
    assert {"country", "track", "status", "production", "hireable"} <= set(INDEXED_FIELDS)
    assert set(INDEXED_FIELDS) <= set(data)
