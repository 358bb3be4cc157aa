"""Reading a query: areas from words and meaning, joins, exclusions, places, seniority.

The pure reader is tested with hand-built word and meaning functions; the last tests use the
real taxonomy, gazetteer and packaged model, on sourcer phrasings the taxonomy never lists.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest

from talent.geo import places_in_query
from talent.search.understand import content, exclusions_in, parts_of, understand
from talent.taxonomy import load_taxonomy

WORDS = {"rag": "retrieval", "ragas": "evaluation", "vllm": "inference", "agents": "agentic"}


def words(text: str) -> Mapping[str, Sequence[str]]:
    found: dict[str, list[str]] = {}
    for word in text.lower().replace(",", " ").split():
        if word in WORDS:
            found.setdefault(WORDS[word], []).append(word)
    return found


def meaning_of(table: dict[str, dict[str, float]]):  # type: ignore[no-untyped-def]
    return lambda text: table.get(text, {})


def test_the_query_splits_at_its_joins() -> None:
    assert parts_of("RAG pipelines and document chunking") == ["RAG pipelines", "document chunking"]
    assert parts_of("both evals as well as monitoring") == ["evals", "monitoring"]
    assert parts_of("agents + evals") == ["agents", "evals"]
    assert parts_of("RAG engineer with evaluation experience") == [
        "RAG engineer",
        "evaluation experience",
    ]


def test_exclusions_are_read_and_removed_from_the_text() -> None:
    assert exclusions_in("RAG engineers, not LangChain") == (("langchain",), "RAG engineers,")
    assert exclusions_in("agents -langchain -crewai")[0] == ("langchain", "crewai")
    assert exclusions_in("retrieval without llama_index please")[0] == ("llama_index",)
    assert exclusions_in("fine-tuning and post-training")[0] == ()  # hyphens inside words


def test_role_and_generic_words_name_no_area() -> None:
    assert content("senior agent framework maintainers active this year") == "agent framework"
    assert content("AI engineer in Belarus") == "Belarus"
    assert content("ML engineers") == ""


def test_parts_about_different_areas_must_all_hold() -> None:
    u = understand("rag and ragas", keywords=words)
    assert u.areas == ("retrieval", "evaluation") and u.all_areas


def test_parts_about_one_area_are_one_interest() -> None:
    u = understand("rag pipelines and rag chunking", keywords=words)
    assert u.areas == ("retrieval",) and not u.all_areas


def test_retrieval_and_vector_search_are_siblings_not_two_demands() -> None:
    table = {"semantic search": {"vector_db": 0.7, "retrieval": 0.6}}
    u = understand("rag and semantic search", keywords=words, meaning=meaning_of(table))
    assert set(u.areas) == {"retrieval", "vector_db"} and not u.all_areas


def test_meaning_fills_in_where_no_taxonomy_word_is_used() -> None:
    table = {"measured answer quality": {"evaluation": 0.77, "retrieval": 0.4}}
    u = understand("has built rag and also measured their answer quality", keywords=words,
                   meaning=meaning_of(table))  # fmt: skip
    assert u.areas == ("retrieval", "evaluation") and u.all_areas
    assert any("meaning 0.77" in r.via for r in u.reasons)


def test_weak_meaning_reads_no_area() -> None:
    table = {"tooling": {"evaluation": 0.3, "mlops": 0.29}}
    assert understand("tooling", keywords=words, meaning=meaning_of(table)).areas == ()


def test_seniority_and_activity_words() -> None:
    u = understand("experienced agents people active this year", keywords=words)
    assert u.seniority == ("senior", "lead") and u.active_days == 365
    assert understand("junior rag", keywords=words).seniority == ("junior",)


def test_places_in_the_text_become_the_filter_and_name_no_area() -> None:
    places = places_in_query("LLM engineer from Gomel")
    assert places.filter is not None and places.filter.city == "Gomel"
    table = {"Gomel": {"agentic": 0.9}}  # a place is never read as an area
    u = understand("LLM engineer from Gomel", keywords=words, meaning=meaning_of(table),
                   place=(places.filter, ("Gomel",)))  # fmt: skip
    assert u.areas == () and u.place == places.filter
    data = u.as_dict()
    assert data["place"] == {"countries": ["BY"], "city": "Gomel"}


@pytest.mark.parametrize(
    ("text", "countries", "city"),
    [
        ("AI engineer in Belarus", ("BY",), None),
        ("LLM engineer Мінск", ("BY",), "Minsk"),
        ("Ukrainian ML engineers", ("UA",), None),
        ("Poland-based agent people", ("PL",), None),
        ("engineers in Lithuania, Latvia or Estonia", ("LT", "LV", "EE"), None),
        ("agents people in Eastern Europe", ("BY", "UA", "PL"), None),
    ],
)
def test_places_countries_demonyms_and_regions(
    text: str, countries: tuple[str, ...], city: str | None
) -> None:
    found = places_in_query(text).filter
    assert found is not None and found.city == city
    assert set(countries) <= set(found.countries)


@pytest.mark.parametrize(
    "text", ["agent framework contributors", "mobile developer", "reading list of evals"]
)
def test_ordinary_words_are_not_places(text: str) -> None:
    assert places_in_query(text).filter is None


# The real taxonomy and the packaged model ----------------------------------------------------
@pytest.fixture(scope="module")
def meaning(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], dict[str, float]]:
    from talent.indexer.onnx_export import export_onnx
    from talent.indexer.query import QueryEncoder
    from talent.search.engine import area_vectors

    folder: Path = tmp_path_factory.mktemp("encoder")
    export_onnx("packaged:all-MiniLM-L6-v2", folder)
    encoder = QueryEncoder(folder)
    areas, owners, vectors = area_vectors(encoder, load_taxonomy().area_phrases())
    assert list(folder.glob("areas-*.npy")), "the area vectors are cached for the next search"

    def read(text: str) -> dict[str, float]:
        sims = vectors @ encoder.encode([text])[0]
        best = dict.fromkeys(areas, -1.0)
        for area, sim in zip(owners, sims, strict=True):
            best[area] = max(best[area], float(sim))
        return best

    return read


@pytest.mark.parametrize(
    ("text", "areas", "joined"),
    [
        ("tooling to test LLM outputs", {"evaluation"}, False),
        ("LLM serving specialist", {"inference"}, False),
        ("tracing and telemetry for LLM apps", {"mlops"}, False),
        ("maintainer of core Python libraries", {"open_source"}, False),
        ("has built retrieval pipelines and also measured their answer quality",
         {"retrieval", "evaluation"}, True),
        ("both LLM quality measurement and production monitoring", {"evaluation", "mlops"}, True),
        ("agent workflows and how to evaluate them", {"agentic", "evaluation"}, True),
        ("AI engineer in Belarus", set(), False),
    ],
)  # fmt: skip
def test_sourcer_words_reach_the_taxonomy(
    meaning, text: str, areas: set[str], joined: bool
) -> None:  # type: ignore[no-untyped-def]
    taxonomy = load_taxonomy()
    places = places_in_query(text)
    u = understand(
        text,
        keywords=lambda part: taxonomy.keyword_hits(part, include_weak=False),
        meaning=meaning,
        place=(places.filter, tuple(w for w, _ in places.mentions)),
    )
    assert set(u.areas) == areas, u.describe()
    assert u.all_areas is joined
