"""Production-signal scoring on hand-built people, and the loader on a real SQLite store."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event

from talent.errors import ConfigError
from talent.indexer.facts import ArtifactFact, OrgFact, PersonFacts, RepoFact, load_facts
from talent.indexer.scoring import PersonProfile, Scoring, load_scoring, score_person
from talent.indexer.scoring.production import production_score, used_component
from talent.settings import load_settings
from talent.store import Store, models
from talent.taxonomy import CATEGORIES, load_taxonomy

NOW = datetime(2026, 11, 26, tzinfo=UTC)
GH = "https://github.com"
HF = "https://huggingface.co"
TAXONOMY = load_taxonomy()
SCORING = load_scoring()


def d(year: int, month: int = 1, day: int = 1) -> datetime:
    return datetime(year, month, day, tzinfo=UTC)


def score(facts: PersonFacts, now: datetime = NOW, scoring: Scoring = SCORING) -> PersonProfile:
    return score_person(facts, TAXONOMY, TAXONOMY.signals, now, scoring)


def own(login: str, name: str, **kw: object) -> RepoFact:
    full = f"{login}/{name}"
    return RepoFact(full_name=full, html_url=f"{GH}/{full}", role="owner", login=login, **kw)  # type: ignore[arg-type]


def contrib(login: str, full: str, commits: int, first: datetime, last: datetime,
            role: str = "contributor", **kw: object) -> RepoFact:  # fmt: skip
    return RepoFact(full_name=full, html_url=f"{GH}/{full}", role=role, login=login,
                    commits=commits, first_commit_at=first, last_commit_at=last, **kw)  # type: ignore[arg-type]  # fmt: skip


def person(pid: int = 1, login: str = "dev", **kw: object) -> PersonFacts:
    base: dict[str, object] = {
        "display_name": login.title(),
        "github_logins": (login,),
        "github_type": "User",
        "account_created_at": d(2015),
        "last_event_at": d(2026, 11, 20),
        "github_url": f"{GH}/{login}",
    }
    base.update(kw)
    return PersonFacts(person_id=pid, **base)  # type: ignore[arg-type]


def model(hf_id: str, downloads: int = 0, likes: int = 0, **kw: object) -> ArtifactFact:
    kw.setdefault("created_at", d(2025, 3))
    kw.setdefault("last_modified", d(2026, 9))
    return ArtifactFact("model", hf_id, f"{HF}/{hf_id}", downloads=downloads, likes=likes, **kw)  # type: ignore[arg-type]


# Archetypes ------------------------------------------------------------------------------
def rag_engineer(pid: int = 1, shift_years: int = 0) -> PersonFacts:
    """llama_index maintainer with an own retrieval service that people use."""

    def t(year: int, month: int = 1, day: int = 1) -> datetime:
        return d(year - shift_years, month, day)

    login = "alesia-k"
    return person(
        pid, login, display_name="Alesia Kavalenka", hf_names=("alesiak",),
        bio="Retrieval and evaluation for production RAG.", company="@qdrant",
        account_created_at=t(2014, 3), last_event_at=t(2026, 11, 20), public_repos=12,
        repos=(
            contrib(login, "run-llama/llama_index", 142, t(2023, 3), t(2026, 10, 28), "member",
                    stars=45000, forks=6500),
            own(login, "rag-eval-service",
                description="Hybrid search and reranking with a golden set regression suite",
                topics=("rag", "llm-evaluation"), stars=240, forks=31, created_at=t(2024, 1),
                pushed_at=t(2026, 11, 10),
                dependencies=(("pypi", "ragas"), ("pypi", "qdrant-client"), ("pypi", "langfuse"),
                              ("pypi", "llama-index"))),
        ),
        artifacts=(model("alesiak/bge-small-legal-ft", 1830, 14,
                         library_name="sentence-transformers", pipeline_tag="sentence-similarity",
                         created_at=t(2025, 6), last_modified=t(2026, 9)),),
        orgs=(OrgFact("github", "qdrant", f"{GH}/qdrant"),),
    )  # fmt: skip


def junior() -> PersonFacts:
    login = "newbie"
    return person(
        2, login, bio="CS student", account_created_at=d(2024, 6), public_repos=2,
        repos=(
            own(login, "langchain-tutorial", description="Following the LangChain course",
                created_at=d(2025, 3), pushed_at=d(2025, 4),
                dependencies=(("pypi", "langchain"), ("pypi", "openai"))),
            own(login, "pdf-chat", description="Chat with your PDF using LangChain and ChromaDB",
                stars=2, created_at=d(2025, 9), pushed_at=d(2026, 10),
                dependencies=(("pypi", "langchain"), ("pypi", "openai"), ("pypi", "chromadb"))),
        ),
    )  # fmt: skip


def buzzword() -> PersonFacts:
    login = "ai-guru-2024"
    return person(
        3, login, bio="AI enthusiast 🚀 ChatGPT expert | prompt engineer | LLM",
        account_created_at=d(2023, 2), public_repos=3,
        repos=(
            own(login, "chatgpt-clone", is_fork=True, description="ChatGPT clone with OpenAI API",
                created_at=d(2023, 3), pushed_at=d(2023, 3)),
            own(login, "gpt-clone-ui", is_fork=True, created_at=d(2023, 4), pushed_at=d(2023, 4)),
            own(login, "awesome-chatgpt-prompts", is_fork=True, created_at=d(2023, 5),
                pushed_at=d(2023, 5)),
        ),
    )  # fmt: skip


def agentic_engineer() -> PersonFacts:
    login = "agent-smith"
    return person(
        4, login, bio="Building tool-using agents", account_created_at=d(2016, 5), public_repos=20,
        repos=(
            contrib(login, "langchain-ai/langgraph", 60, d(2024, 2), d(2026, 9)),
            own(login, "tool-agent",
                description="Multi-agent planner with tool calling and error recovery",
                topics=("ai-agents", "mcp"), stars=80, forks=9, created_at=d(2024, 5),
                pushed_at=d(2026, 10),
                dependencies=(("pypi", "langgraph"), ("pypi", "mcp"), ("pypi", "langfuse"),
                              ("pypi", "openai"))),
        ),
    )  # fmt: skip


def platform_engineer() -> PersonFacts:
    login = "gpu-ops"
    return person(
        5, login, bio="LLM serving", account_created_at=d(2012, 5), public_repos=30,
        repos=(
            contrib(login, "vllm-project/vllm", 90, d(2023, 6), d(2026, 10)),
            contrib(login, "BerriAI/litellm", 30, d(2024, 6), d(2026, 8)),
            own(login, "llm-gateway",
                description="Model routing and semantic caching gateway for self-hosted LLMs",
                topics=("llm-gateway", "llm-inference"), stars=150, forks=20,
                created_at=d(2024, 2), pushed_at=d(2026, 11),
                dependencies=(("pypi", "litellm"), ("pypi", "redis"), ("pypi", "vllm"))),
        ),
    )  # fmt: skip


def django_engineer() -> PersonFacts:
    login = "djangonaut"
    return person(
        6, login, bio="Backend engineer. Django, Kubernetes, Postgres. Performance and caching.",
        account_created_at=d(2011, 4), public_repos=40,
        repos=(
            contrib(login, "django/django", 220, d(2014, 2), d(2026, 9), "member", stars=80000,
                    forks=32000),
            contrib(login, "kubernetes/kubernetes", 35, d(2019, 2), d(2025, 9), stars=118000,
                    forks=41000),
            own(login, "shop-backend",
                description="High-performance e-commerce backend with caching, search and Docker",
                topics=("django", "kubernetes", "docker"), stars=320, forks=60,
                created_at=d(2018, 1), pushed_at=d(2026, 10),
                dependencies=(("pypi", "django"), ("pypi", "redis"),
                              ("pypi", "prometheus-client"))),
        ),
    )  # fmt: skip


def hf_finetuner() -> PersonFacts:
    return PersonFacts(
        person_id=7, display_name="Tuner", hf_names=("tuner",), hf_url=f"{HF}/tuner",
        artifacts=(
            model("tuner/llama-3-8b-legal", 5200, 40, library_name="peft",
                  tags=("peft", "lora", "base_model:adapter:meta-llama/Meta-Llama-3-8B")),
            model("tuner/qwen2.5-7b-gguf", 12000, 55, library_name="gguf",
                  tags=("gguf", "base_model:quantized:Qwen/Qwen2.5-7B")),
        ),
    )  # fmt: skip


def ragas_repo(**kw: object) -> RepoFact:
    kw.setdefault("created_at", d(2025, 1))
    kw.setdefault("pushed_at", d(2026, 11))
    kw.setdefault("dependencies", (("pypi", "ragas"),))
    return own("dev", "quality-checks", **kw)


def llama_contrib(
    commits: int = 40, last: datetime = d(2026, 10), role: str = "contributor"
) -> RepoFact:
    return contrib("dev", "run-llama/llama_index", commits, d(2024, 1), last, role)


# Signals move their scores the right way --------------------------------------------------
def test_contribution_score_grows_with_commits_and_saturates() -> None:
    scores = [
        score(person(repos=(llama_contrib(n),))).scores["retrieval"] for n in (1, 10, 100, 5000)
    ]
    assert scores == sorted(scores) and len(set(scores)) == 4
    assert scores[-1] < 0.95


def test_contribution_recency_decays() -> None:
    recent = score(person(repos=(llama_contrib(last=d(2026, 10)),)), now=NOW)
    old = score(person(repos=(llama_contrib(last=d(2021, 10)),)), now=NOW)
    assert old.scores["retrieval"] < recent.scores["retrieval"]


def test_maintainer_outweighs_drive_by_contributor() -> None:
    member = score(person(repos=(llama_contrib(role="member"),)))
    drive_by = score(person(repos=(llama_contrib(role="contributor"),)))
    assert member.scores["retrieval"] > drive_by.scores["retrieval"]
    assert member.production > drive_by.production


def test_strong_dependency_beats_weak_one() -> None:
    strong = score(person(repos=(ragas_repo(dependencies=(("pypi", "qdrant-client"),)),)))
    weak = score(person(repos=(ragas_repo(dependencies=(("pypi", "langchain"),)),)))
    assert strong.scores["vector_db"] > 3 * weak.scores["retrieval"] > 0


def test_weak_items_cannot_add_up_to_a_strong_score() -> None:
    repos = tuple(
        own("dev", f"bot-{i}", dependencies=(("pypi", "openai"), ("pypi", "langchain")),
            description="chatbot with GPT", pushed_at=d(2026, 10)) for i in range(30)
    )  # fmt: skip
    profile = score(person(repos=repos))
    assert max(profile.scores.values()) < SCORING.track.min_score
    assert profile.track is None


def test_stars_and_forks_received_raise_score_log_scaled() -> None:
    values = [
        score(person(repos=(ragas_repo(stars=s, forks=s // 10),))).scores["evaluation"]
        for s in (0, 5, 50, 500, 500_000)
    ]
    assert values == sorted(values) and len(set(values[:4])) == 4
    assert values[-1] < 0.8  # one huge repository never carries a category alone


def test_second_independent_source_adds_to_a_category() -> None:
    one = score(person(repos=(ragas_repo(stars=5000, forks=500),)))
    ragas = contrib("dev", "explodinggradients/ragas", 30, d(2024, 1), d(2026, 9))
    two = score(person(repos=(ragas_repo(stars=5000, forks=500), ragas)))
    assert two.scores["evaluation"] > one.scores["evaluation"]


def test_hf_downloads_raise_score_and_production() -> None:
    def hf_person(downloads: int) -> PersonProfile:
        art = model("dev/m-gguf", downloads, tags=("gguf",))
        return score(PersonFacts(person_id=1, hf_names=("dev",), artifacts=(art,)))

    low, mid, high = (hf_person(n) for n in (0, 1000, 1_000_000))
    assert low.scores["inference"] < mid.scores["inference"] < high.scores["inference"]
    assert low.production < mid.production < high.production


def test_org_membership_is_evidence_of_its_categories() -> None:
    with_org = score(person(orgs=(OrgFact("github", "qdrant", f"{GH}/qdrant"),)))
    assert with_org.scores["vector_db"] > 0
    assert any(e.kind == "org" and e.url == f"{GH}/qdrant" for e in with_org.evidence)


def test_tutorial_repository_counts_less_than_real_work() -> None:
    real = score(person(repos=(ragas_repo(),)))
    tutorial = score(person(repos=(replace(ragas_repo(), full_name="dev/rag-tutorial"),)))
    assert tutorial.scores["evaluation"] < real.scores["evaluation"] / 3
    assert "tutorial_clone" in tutorial.anti_signals
    assert "tutorial_clone" not in real.anti_signals
    awesome = own("dev", "awesome-rag", topics=("rag",), pushed_at=d(2026, 10))
    committer = score(person(repos=(awesome, llama_contrib(40))))
    assert "tutorial_clone" not in committer.anti_signals  # a list beside real work


def test_stars_without_a_manifest_count_little() -> None:
    topics = {"topics": ("rag",), "stars": 3000, "forks": 300, "pushed_at": d(2026, 10)}
    listed = score(person(repos=(own("dev", "rag-links", **topics),)))
    coded = score(person(repos=(ragas_repo(**topics),)))
    assert listed.scores["retrieval"] < coded.scores["retrieval"]
    assert listed.production < coded.production / 2


def test_kept_up_repository_is_more_production_than_a_weekend_one() -> None:
    kept = ragas_repo(stars=60, created_at=d(2025, 1), pushed_at=d(2026, 11))
    weekend = ragas_repo(stars=60, created_at=d(2026, 10, 30), pushed_at=d(2026, 11))
    assert score(person(repos=(kept,))).production > score(person(repos=(weekend,))).production


def test_org_spanning_many_categories_says_little_about_each() -> None:
    focused = score(person(orgs=(OrgFact("github", "qdrant", f"{GH}/qdrant"),)))
    sprawling = score(person(orgs=(OrgFact("github", "huggingface", f"{GH}/huggingface"),)))
    assert max(sprawling.scores.values()) < focused.scores["vector_db"]
    named = score(person(orgs=(OrgFact("github", "rag-builders", f"{GH}/rag-builders"),)))
    assert 0 < named.scores["retrieval"] < focused.scores["vector_db"]  # a name is a weak hint
    assert named.track is None


# Archetypes -------------------------------------------------------------------------------
def test_production_separates_shipped_work_from_toys_and_buzzwords() -> None:
    rag, jun, buzz = score(rag_engineer()), score(junior()), score(buzzword())
    assert rag.production > 0.7
    assert 0.03 < jun.production < 0.3
    assert buzz.production < 0.01
    assert rag.production > 3 * jun.production
    assert max(buzz.scores.values()) < 0.05
    assert buzz.track is None
    assert {"forks_only", "tutorial_clone", "buzzword_bio"} <= set(buzz.anti_signals)


@pytest.mark.parametrize(
    ("build", "track", "category"),
    [
        (rag_engineer, "rag", "retrieval"),
        (agentic_engineer, "agentic", "agentic"),
        (platform_engineer, "platform", "inference"),
    ],
)
def test_tracks(build: object, track: str, category: str) -> None:
    profile = score(build())  # type: ignore[operator]
    assert profile.track == track
    assert max(profile.scores, key=lambda c: profile.scores[c]) == category
    assert profile.track_scores[track] == max(profile.track_scores.values())
    assert profile.track_reasons


def test_django_engineer_has_low_ai_scores_no_track_and_no_buzzword_penalty() -> None:
    profile = score(django_engineer())
    assert profile.track is None
    assert max(profile.scores.values()) < 0.2
    assert profile.anti_signals == {}
    assert profile.seniority in ("senior", "lead")
    assert profile.production < score(rag_engineer()).production / 3


def test_hf_only_fine_tuner_gets_evidence_from_artifacts_alone() -> None:
    profile = score(hf_finetuner())
    assert profile.scores["fine_tuning"] > 0.4 and profile.scores["inference"] > 0.4
    kinds = {e.kind for e in profile.evidence if e.category in ("fine_tuning", "inference")}
    assert kinds == {"hf_artifact"}
    assert profile.track == "platform"
    assert profile.production > 0.2


def test_course_work_counts_little_but_points_the_track() -> None:
    course = own(
        "dev", "llm-zoomcamp-homework", stars=1, created_at=d(2026, 3), pushed_at=d(2026, 4),
        description="Course project: chat with your PDF using LangChain and FAISS",
        dependencies=(("pypi", "langchain"), ("pypi", "openai"), ("pypi", "faiss-cpu")),
    )  # fmt: skip
    profile = score(person(repos=(course,), account_created_at=d(2025, 6)))
    assert max(profile.scores.values()) < 0.1
    assert 0 < profile.production < 0.1
    assert profile.track == "rag"
    assert "tutorial_clone" in profile.anti_signals
    assert profile.seniority == "junior"


def test_hollow_stars_on_a_profile_without_work_are_star_farming() -> None:
    hype = own(
        "dev", "gpt4-free-unlimited", description="Make $10k/month with AI agents",
        topics=("agents", "chatgpt", "llm"), stars=1745, forks=141, pushed_at=d(2026, 10),
    )  # fmt: skip
    farmer = score(person(repos=(hype,)))
    assert "star_farming" in farmer.anti_signals
    assert farmer.track is None and farmer.production < 0.1
    engineer = score(replace(agentic_engineer(), repos=(*agentic_engineer().repos, hype)))
    assert "star_farming" not in engineer.anti_signals  # real work elsewhere: just a list


def test_bots_are_removed() -> None:
    bot = replace(rag_engineer(), github_logins=("deploy-bot",), github_type="Bot", is_bot=True)
    profile = score(bot)
    assert profile.anti_signals["bot"] == 1.0
    assert max(profile.scores.values()) == 0.0 and profile.production == 0.0
    assert profile.track is None
    named = score(replace(rag_engineer(), github_logins=("release-bot",)))
    assert "bot" in named.anti_signals


def test_dormant_account_is_penalised() -> None:
    active, dormant = score(rag_engineer()), score(rag_engineer(shift_years=5))
    assert "inactivity" in dormant.anti_signals and "inactivity" not in active.anti_signals
    assert dormant.production < active.production / 2
    assert dormant.scores["retrieval"] < active.scores["retrieval"]


def test_forks_only_spares_people_who_commit_upstream() -> None:
    forks = tuple(own("dev", f"fork-{i}", is_fork=True) for i in range(6))
    assert "forks_only" in score(person(repos=forks, public_repos=6)).anti_signals
    upstream = score(person(repos=(*forks, llama_contrib(40)), public_repos=6))
    assert "forks_only" not in upstream.anti_signals


def test_star_farming_fires_and_bought_stars_do_not_count() -> None:
    farmed = ragas_repo(stars=5000, forks=0, contributors=1)
    real = ragas_repo(stars=5000, forks=400, contributors=12)
    farmed_profile, real_profile = score(person(repos=(farmed,))), score(person(repos=(real,)))
    assert "star_farming" in farmed_profile.anti_signals
    assert "star_farming" not in real_profile.anti_signals
    assert farmed_profile.production < real_profile.production
    assert used_component(person(repos=(farmed,)), TAXONOMY, NOW, SCORING)[0] == 0.0


def test_buzzword_bio_is_not_penalised_when_evidence_backs_it() -> None:
    hyped = replace(rag_engineer(), bio="AI enthusiast 🚀 building RAG")
    assert "buzzword_bio" not in score(hyped).anti_signals


def test_production_dependencies_show_rigor() -> None:
    plain = score(person(repos=(ragas_repo(dependencies=(("pypi", "llama-index"),)),)))
    deps = (("pypi", "llama-index"), ("pypi", "ragas"), ("pypi", "langfuse"), ("pypi", "litellm"))
    rigorous = score(person(repos=(ragas_repo(dependencies=deps),)))
    assert rigorous.production > plain.production
    assert any("production dependencies" in r for r in rigorous.production_reasons)


# Evidence, seniority, determinism ---------------------------------------------------------
def test_evidence_has_urls_texts_and_is_sorted_strongest_first() -> None:
    profile = score(rag_engineer())
    assert profile.evidence
    weights = [e.weight for e in profile.evidence]
    assert weights == sorted(weights, reverse=True)
    assert all(e.url and e.url.startswith("https://") and e.text for e in profile.evidence)
    top = profile.evidence[0]
    assert top.kind == "contribution"
    assert top.url == f"{GH}/run-llama/llama_index/commits?author=alesia-k"
    assert top.text == "142 commits to run-llama/llama_index (maintainer), last 2026-10"
    assert set(profile.scores) == set(CATEGORIES)
    assert all(0.0 <= v <= 1.0 for v in profile.scores.values())


def test_last_active_and_ai_start() -> None:
    profile = score(rag_engineer())
    assert profile.last_active == d(2026, 11, 20)
    assert profile.ai_start == d(2023, 3)


def test_seniority_bands_for_clear_cases() -> None:
    veteran = person(
        account_created_at=d(2009), public_repos=50,
        repos=(
            contrib("dev", "django/django", 400, d(2011), d(2026, 6), stars=80000),
            contrib("dev", "run-llama/llama_index", 300, d(2022, 11), d(2026, 10), "member"),
            contrib("dev", "explodinggradients/ragas", 80, d(2023, 6), d(2026, 9)),
        ),
    )  # fmt: skip
    newcomer = junior()
    mid = person(
        account_created_at=d(2021, 6),
        repos=(
            contrib("dev", "pallets/flask", 30, d(2022, 1), d(2024, 6), stars=60000),
            contrib("dev", "langchain-ai/langgraph", 25, d(2025, 3), d(2026, 10)),
        ),
    )  # fmt: skip
    assert score(veteran).seniority == "lead"
    assert score(newcomer).seniority == "junior"
    assert score(mid).seniority == "mid"
    for profile in map(score, (veteran, newcomer, mid)):
        assert 0.05 <= profile.seniority_confidence <= 0.95
        assert any("AI work since" in r for r in profile.seniority_reasons)


def test_seniority_without_ai_evidence_comes_from_general_years() -> None:
    profile = score(django_engineer())
    assert any("no AI track" in r for r in profile.seniority_reasons)
    assert profile.ai_start is None


def test_same_input_same_profile_whatever_the_order() -> None:
    base = rag_engineer()
    extra = (own("alesia-k", "notes", description="rag notes"), llama_contrib(3))
    facts = replace(base, repos=(*base.repos, *extra), orgs=(*base.orgs, OrgFact("hf", "a", HF)))
    reordered = replace(facts, repos=facts.repos[::-1], orgs=facts.orgs[::-1])
    assert score(facts) == score(reordered)


def test_scoring_weights_come_from_config() -> None:
    heavier = SCORING.model_copy(
        update={"contribution": SCORING.contribution.model_copy(update={"weight": 4.0})}
    )
    facts = person(repos=(llama_contrib(10),))
    assert score(facts, scoring=heavier).scores["retrieval"] > score(facts).scores["retrieval"]


def test_bad_scoring_file_names_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "scoring.toml"
    path.write_text("version = 1\n[categories]\nsaturation = -1\n")
    with pytest.raises(ConfigError) as err:
        load_scoring(path)
    assert "scoring.toml" in str(err.value) and "categories.saturation" in str(err.value)


def test_production_multiplier_is_applied() -> None:
    facts = rag_engineer()
    full, _ = production_score(facts, TAXONOMY, NOW, SCORING, 1.0)
    half, reasons = production_score(facts, TAXONOMY, NOW, SCORING, 0.5)
    assert half == pytest.approx(full / 2)
    assert reasons[-1] == "anti-signals x0.50"


# Loading from the store -------------------------------------------------------------------
def _add_person(s, i: int, when: datetime) -> None:  # type: ignore[no-untyped-def]
    p = models.Person(display_name=f"P {i}", country="BY", city="Minsk", hireable=True, followers=i)
    gh = models.GithubAccount(github_id=1000 + i, login=f"user{i}", login_lower=f"user{i}",
                              person=p, created_at=when, last_event_at=when, public_repos=2,
                              html_url=f"{GH}/user{i}")  # fmt: skip
    hf = models.HfAccount(name=f"hf{i}", name_lower=f"hf{i}", person=p)
    repo = models.Repository(github_id=5000 + i, full_name=f"user{i}/rag", owner_login=f"user{i}",
                             full_name_lower=f"user{i}/rag", topics=["rag"], stars=3,
                             pushed_at=when)  # fmt: skip
    s.add_all([p, gh, hf, repo])
    s.flush()
    s.add_all([
        models.Contribution(github_account_id=gh.id, repository_id=repo.id, role="owner"),
        models.Dependency(repository_id=repo.id, ecosystem="pypi", name="ragas", file="x"),
        models.HfArtifact(kind="dataset", hf_id=f"hf{i}/golden", hf_account_id=hf.id, tags=["rag"]),
    ])  # fmt: skip


def test_load_facts_reads_everything_with_web_urls(tmp_path: Path) -> None:
    settings = load_settings(database_url=f"sqlite:///{tmp_path}/t.db")
    store = Store.open(settings)
    when = d(2025, 5)
    with store.session() as s:
        _add_person(s, 1, when)
        _add_person(s, 2, when)  # contributes to person 1's repository below
        llama = models.Repository(github_id=77, full_name="run-llama/llama_index",
                                  full_name_lower="run-llama/llama_index", owner_login="run-llama",
                                  stars=45000)  # fmt: skip
        s.add(llama)
        s.flush()
        gh1 = s.query(models.GithubAccount).filter_by(login="user1").one()
        gh2 = s.query(models.GithubAccount).filter_by(login="user2").one()
        own1 = s.query(models.Repository).filter_by(full_name="user1/rag").one()
        s.add_all([
            models.Contribution(github_account_id=gh1.id, repository_id=llama.id, role="member",
                                commits=42, first_commit_at=d(2024, 1), last_commit_at=when),
            models.Contribution(github_account_id=gh2.id, repository_id=own1.id, commits=5),
            models.Dependency(repository_id=llama.id, ecosystem="pypi", name="openai", file="x"),
        ])  # fmt: skip
        org = models.Organisation(platform="github", login="qdrant", login_lower="qdrant")
        hf_org = models.Organisation(platform="hf", login="minsk-nlp", login_lower="minsk-nlp")
        s.add_all([org, hf_org])
        s.flush()
        hf1 = s.query(models.HfAccount).filter_by(name="hf1").one()
        s.add_all([
            models.Membership(organisation_id=org.id, github_account_id=gh1.id),
            models.Membership(organisation_id=hf_org.id, hf_account_id=hf1.id),
        ])  # fmt: skip
    with store.session() as s:
        pid = s.query(models.Person).filter_by(display_name="P 1").one().id
        [facts] = list(load_facts(s, [pid], settings))
    store.close()

    assert facts.person_id == pid and facts.display_name == "P 1"
    assert facts.github_logins == ("user1",) and facts.hf_names == ("hf1",)
    assert facts.country == "BY" and facts.hireable is True
    assert facts.account_created_at == when and facts.public_repos == 2
    assert facts.github_url == f"{GH}/user1" and facts.hf_url == f"{HF}/hf1"
    repos = {r.full_name: r for r in facts.repos}
    own_repo, llama_repo = repos["user1/rag"], repos["run-llama/llama_index"]
    assert own_repo.role == "owner" and own_repo.dependencies == (("pypi", "ragas"),)
    assert own_repo.topics == ("rag",) and own_repo.contributors == 1
    assert own_repo.html_url == f"{GH}/user1/rag"  # no stored html_url: the fallback
    assert llama_repo.role == "member" and llama_repo.commits == 42
    assert llama_repo.dependencies == ()  # only own repositories carry dependencies
    assert llama_repo.commits_url == f"{GH}/run-llama/llama_index/commits?author=user1"
    [artifact] = facts.artifacts
    assert artifact.url == f"{HF}/datasets/hf1/golden" and artifact.tags == ("rag",)
    orgs = {(o.platform, o.login): o for o in facts.orgs}
    assert set(orgs) == {("github", "qdrant"), ("hf", "minsk-nlp")}
    assert orgs[("hf", "minsk-nlp")].url == f"{HF}/minsk-nlp"


def test_load_facts_under_the_simulator_links_to_its_web_pages(tmp_path: Path) -> None:
    upstream = "http://127.0.0.1:8765"
    settings = load_settings(database_url=f"sqlite:///{tmp_path}/t.db", upstream=upstream)
    store = Store.open(settings)
    with store.session() as s:
        _add_person(s, 1, d(2025, 5))
    with store.session() as s:
        [facts] = list(load_facts(s, None, settings))
    store.close()
    assert facts.artifacts[0].url == f"{upstream}/huggingface.co/datasets/hf1/golden"
    assert facts.hf_url == f"{upstream}/huggingface.co/hf1"
    assert facts.repos[0].html_url == f"{upstream}/github.com/user1/rag"


def test_load_facts_query_count_does_not_grow_with_people(tmp_path: Path) -> None:
    def statements(n: int) -> tuple[int, int]:
        settings = load_settings(database_url=f"sqlite:///{tmp_path}/q{n}.db")
        store = Store.open(settings)
        with store.session() as s:
            for i in range(n):
                _add_person(s, i, d(2025, 5) + timedelta(days=i))
        seen: list[str] = []
        event.listen(store.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
        with store.session() as s:
            loaded = list(load_facts(s, None, settings))
        store.close()
        assert loaded and all(f.repos and f.artifacts for f in loaded)
        return len(loaded), len(seen)

    (ten, q10), (hundred, q100) = statements(10), statements(100)
    assert (ten, hundred) == (10, 100)
    assert q10 == q100 <= 10
