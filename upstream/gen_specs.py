"""What kinds of people a world holds, in what shares, and what each kind works on.

Shares of the simulated humans (``ARCHETYPES``), chosen so that a 2,000-person demo world has
enough of every kind for interesting searches:

=================  =====  =====================================================================
archetype          share  what their public data shows
=================  =====  =====================================================================
rag_engineer        9.0%  production RAG repos (hybrid search, rerankers, ragas in CI), commits
                          to llama_index/langchain/qdrant-client/..., some HF embedding models
eval_specialist     3.0%  golden sets, regression suites, LLM-as-judge; ragas/deepeval/promptfoo
agentic_engineer    5.0%  LangGraph/AutoGen/MCP agents with trajectory evals; agent frameworks
platform_engineer   4.0%  LLM gateways, vLLM on k8s, observability; vllm/TGI/litellm commits
fine_tuner          3.0%  LoRA/DPO recipes on GitHub, many Hub models (GGUF, AWQ, adapters)
ml_to_llm           5.0%  classic ML in production for years, recent LLM proof-of-concepts
hf_only             1.5%  strong Hub portfolio, no GitHub account (a few share a handle with an
                          unrelated GitHub user)
junior              8.0%  course projects (chat-with-PDF, LLM Zoomcamp), tutorial forks
buzzword            6.0%  hard negative: "ChatGPT enthusiast | Prompt engineer | AI 🚀", forks of
                          AutoGPT and cookbooks, chatgpt-clone, awesome lists
star_farmer         1.0%  hard negative: thousands of stars on repos without substance
non_ai_engineer    25.0%  strong engineers with no AI work (django, kubernetes, rust, react...)
casual             15.0%  dotfiles, homework, a few forks
dormant             4.0%  nothing since 2018-2024
dormant_ai          2.0%  BERT/word2vec-era AI work, nothing recent
drive_by            6.0%  one or two commits to one real project, a fork, a sparse profile
docs_only           2.0%  documentation and translation commits to AI projects, no code
automation          0.5%  release accounts of type User (half with a person-like login): hundreds
                          of commits, no person behind them; the label grants nothing
=================  =====  =====================================================================

Evidence is sparse and heavy-tailed as in the real graph (docs/realworld.md): every
contributor's commits to the ecosystem's projects follow its buckets (``commit_budget``: most
send one or two, a few maintainers hundreds), about a third of AI contributors own a repository
with a dependency manifest, a fifth have a Hub account, 40% of bios are empty and 46% of
locations empty or unknowable.

Bots and organisations are generated in ``gen_orgs`` on top of the people. The career bands
(``GENERAL_YEARS``, ``AI_YEARS``) follow the product article's salary table.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from itertools import accumulate

from talent.upstream.gen_catalogue import REPOS
from talent.upstream.gen_people import pick

ARCHETYPES: tuple[tuple[str, float], ...] = (
    ("rag_engineer", 9.0),
    ("eval_specialist", 3.0),
    ("agentic_engineer", 5.0),
    ("platform_engineer", 4.0),
    ("fine_tuner", 3.0),
    ("ml_to_llm", 5.0),
    ("hf_only", 1.5),
    ("junior", 8.0),
    ("buzzword", 6.0),
    ("star_farmer", 1.0),
    ("non_ai_engineer", 25.0),
    ("casual", 15.0),
    ("dormant", 4.0),
    ("dormant_ai", 2.0),
    ("drive_by", 6.0),
    ("docs_only", 2.0),
    ("automation", 0.5),
)
BY_NAME = {repo.full_name: repo for repo in REPOS}
TUTORIALS = tuple(repo for repo in REPOS if repo.kind == "tutorial")
GENERAL_YEARS = {"junior": (0.6, 2.6), "mid": (3.2, 4.8), "senior": (5.3, 7.8), "lead": (8.4, 15.0)}
AI_YEARS = {"junior": (0.3, 0.9), "mid": (1.15, 1.85), "senior": (2.15, 2.85), "lead": (3.15, 3.9)}
SENIORITY = {
    "ai": "junior:7 mid:33 senior:38 lead:22",
    "ft": "junior:12 mid:40 senior:33 lead:15",
    "ml": "mid:45 senior:40 lead:15",
    "hf": "junior:25 mid:45 senior:30",
    "junior": "junior",
    "buzz": "junior:50 mid:35 senior:15",
    "dev": "junior:15 mid:30 senior:35 lead:20",
    "casual": "junior:60 mid:30 senior:10",
}


class Weighted:
    """Items with weights written as 'name:weight name:weight', picked in O(log n)."""

    def __init__(self, spec: str) -> None:
        names, weights = [], []
        for part in spec.split():
            name, _, weight = part.partition(":")
            names.append(name)
            weights.append(float(weight or 1))
        self.items = tuple(names)
        self.cum = tuple(accumulate(weights))

    def pick(self, rng: random.Random) -> str:
        return pick(rng, self.cum, self.items)

    def sample(self, rng: random.Random, k: int) -> list[str]:
        chosen: list[str] = []
        for _ in range(k * 3):
            item = self.pick(rng)
            if item not in chosen:
                chosen.append(item)
            if len(chosen) == k:
                break
        return chosen


SENIORITY_PICKERS = {key: Weighted(spec) for key, spec in SENIORITY.items()}


@dataclass(frozen=True)
class Timeline:
    start: datetime
    ai_start: datetime
    last: datetime


@dataclass(frozen=True)
class AiSpec:
    track: str
    bio: str
    flagship: Weighted
    secondary: tuple[str, ...]
    upstream: Weighted
    hf_p: float
    hf_models: tuple[str, ...]
    hf_datasets: tuple[str, ...]
    hf_spaces: tuple[str, ...]
    strong_p: float
    seniority: str = "ai"


AI_SPECS: dict[str, AiSpec] = {
    "rag_engineer": AiSpec(
        "rag",
        "rag",
        Weighted(
            "rag_service:45 semantic_search:20 rag_eval_harness:15 rag_ts:10 retrieval_evals:10"
        ),
        (
            "retrieval_evals",
            "ingest_pipeline",
            "reranker_service",
            "rag_eval_harness",
            "llm_eval_suite",
            "eval_drift_monitor",
            "embedding_ft",
            "llm_observability",
            "web_backend",
        ),
        Weighted(
            "run-llama/llama_index:5 langchain-ai/langchain:5 explodinggradients/ragas:3 "
            "qdrant/qdrant-client:3 weaviate/weaviate-python-client:2 "
            "pgvector/pgvector-python:2 UKPLab/sentence-transformers:3 "
            "deepset-ai/haystack:2 chroma-core/chroma:2 confident-ai/deepeval:2 "
            "microsoft/graphrag:1 qdrant/qdrant:1 langfuse/langfuse:1 "
            "huggingface/text-embeddings-inference:1 facebookresearch/faiss:1 "
            "lancedb/lancedb:1 milvus-io/milvus:1 weaviate/weaviate:1 pgvector/pgvector:1 "
            "langchain-ai/langchainjs:1 fastapi/fastapi:1"
        ),
        0.25,
        ("embedding_ft", "reranker_ft"),
        ("golden_eval", "hard_negatives"),
        ("rag_demo",),
        0.55,
    ),
    "eval_specialist": AiSpec(
        "rag",
        "evaluation",
        Weighted("rag_eval_harness:60 eval_drift_monitor:40"),
        (
            "llm_eval_suite",
            "judge_calibration",
            "prompt_regression",
            "retrieval_evals",
            "agent_evals",
            "rag_service",
        ),
        Weighted(
            "explodinggradients/ragas:5 confident-ai/deepeval:5 promptfoo/promptfoo:3 "
            "Arize-ai/phoenix:3 langfuse/langfuse:3 EleutherAI/lm-evaluation-harness:2 "
            "truera/trulens:2 stanfordnlp/dspy:2 guardrails-ai/guardrails:1 "
            "mlflow/mlflow:1 run-llama/llama_index:2"
        ),
        0.25,
        ("embedding_ft",),
        ("golden_eval", "agent_traces"),
        ("eval_leaderboard",),
        0.55,
    ),
    "agentic_engineer": AiSpec(
        "agentic",
        "agentic",
        Weighted(
            "langgraph_agent:45 autogen_ops:15 agent_ts:10 mcp_server:10 crew:10 pydantic_agent:10"
        ),
        (
            "agent_evals",
            "mcp_server",
            "dspy_programs",
            "llm_gateway",
            "rag_service",
            "langgraph_agent",
            "llm_observability",
            "frontend",
        ),
        Weighted(
            "langchain-ai/langgraph:5 langchain-ai/langchain:3 microsoft/autogen:3 "
            "crewAIInc/crewAI:3 pydantic/pydantic-ai:2 openai/openai-agents-python:2 "
            "mem0ai/mem0:2 letta-ai/letta:1 modelcontextprotocol/python-sdk:3 "
            "567-labs/instructor:2 stanfordnlp/dspy:1 vercel/ai:1 "
            "microsoft/semantic-kernel:1 langchain-ai/langchainjs:1 "
            "openai/openai-python:1 anthropics/anthropic-sdk-python:1"
        ),
        0.15,
        (),
        ("agent_traces",),
        ("agent_demo",),
        0.45,
    ),
    "platform_engineer": AiSpec(
        "platform",
        "platform",
        Weighted(
            "llm_gateway:30 vllm_k8s:30 llm_observability:15 serving_bench:10 "
            "embedding_server:10 prompt_registry:5"
        ),
        (
            "serving_bench",
            "llm_observability",
            "embedding_server",
            "prompt_registry",
            "infra",
            "go_service",
            "vllm_k8s",
            "llm_gateway",
        ),
        Weighted(
            "vllm-project/vllm:5 huggingface/text-generation-inference:3 BerriAI/litellm:4 "
            "sgl-project/sglang:2 ray-project/ray:2 kserve/kserve:2 "
            "triton-inference-server/server:1 ggml-org/llama.cpp:2 ollama/ollama:2 "
            "langfuse/langfuse:2 traceloop/openllmetry:2 mlflow/mlflow:2 "
            "NVIDIA/TensorRT-LLM:1 huggingface/text-embeddings-inference:1 "
            "kubernetes/kubernetes:2 helm/helm:1 prometheus/prometheus:1 "
            "open-telemetry/opentelemetry-python:1"
        ),
        0.2,
        ("awq_quant", "gguf_quant"),
        (),
        ("chat_demo",),
        0.5,
    ),
    "fine_tuner": AiSpec(
        "platform",
        "fine_tuning",
        Weighted("lora_recipes:40 quantize:20 dpo_training:20 embedding_ft:20"),
        ("quantize", "dpo_training", "serving_bench", "lora_recipes"),
        Weighted(
            "huggingface/peft:4 huggingface/trl:4 huggingface/transformers:4 "
            "unslothai/unsloth:3 axolotl-ai-cloud/axolotl:2 ggml-org/llama.cpp:2 "
            "huggingface/datasets:2 UKPLab/sentence-transformers:1 "
            "EleutherAI/lm-evaluation-harness:1"
        ),
        0.7,
        ("lora_adapter", "gguf_quant", "awq_quant", "sft_full", "dpo", "mlx_quant", "embedding_ft"),
        ("instructions", "preference"),
        ("chat_demo",),
        0.3,
        "ft",
    ),
}
NONAI_UPSTREAM = Weighted(
    "django/django:4 kubernetes/kubernetes:4 rust-lang/rust:3 golang/go:3 facebook/react:3 "
    "rails/rails:2 pallets/flask:2 nodejs/node:2 vercel/next.js:2 vuejs/core:2 redis/redis:1 "
    "postgres/postgres:1 grafana/grafana:2 prometheus/prometheus:2 hashicorp/terraform:2 "
    "helm/helm:1 tokio-rs/tokio:2 spring-projects/spring-boot:2 apache/kafka:1 psf/requests:1 "
    "elastic/elasticsearch:1 python/cpython:1 astral-sh/ruff:1 neovim/neovim:1 fastapi/fastapi:2"
    " pytest-dev/pytest:1 sqlalchemy/sqlalchemy:1 pydantic/pydantic:1 encode/httpx:1"
)
ML_UPSTREAM = Weighted(
    "scikit-learn/scikit-learn:3 mlflow/mlflow:3 pandas-dev/pandas:2 dmlc/xgboost:2 "
    "feast-dev/feast:2 apache/airflow:2 pytorch/pytorch:1 ray-project/ray:1 numpy/numpy:1"
)
LLM_DABBLE = Weighted(
    "langchain-ai/langchain:4 run-llama/llama_index:3 BerriAI/litellm:2 "
    "openai/openai-python:2 langfuse/langfuse:1 vllm-project/vllm:1"
)
OLD_AI = Weighted(
    "tensorflow/tensorflow:3 pytorch/pytorch:2 explosion/spaCy:2 "
    "scikit-learn/scikit-learn:2 huggingface/transformers:1"
)
EARLY_PLAIN = ("web_backend", "flask_app", "casual", "frontend", "go_service", "casual")
# Early repositories of people without a Python or npm manifest anywhere.
EARLY_BARE = ("casual", "go_service", "casual", "rust_tool", "infra", "java_service")
NONAI_OWN = (
    "web_backend",
    "go_service",
    "rust_tool",
    "infra",
    "frontend",
    "java_service",
    "flask_app",
    "casual",
)
