"""What people build: templates for their own repositories and Hugging Face artifacts, and the
dependency files that show which real packages a repository uses.

A template's ``tier`` says what kind of evidence it is: ``production`` (graded 2 or 3 by the
stars, lifetime and freshness the repository ends up with), ``classic`` (pre-LLM machine
learning in production, graded 2), ``toy`` (course work and tutorials, 1), ``none``
(forks, clones, lists, star farms: no evidence, 0) and ``plain`` (software unrelated to AI).
``categories`` are the strongest signal each category can show; an artifact never shows a
category stronger than its own grade.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field

DOMAINS = (
    "legal",
    "support",
    "docs",
    "medical",
    "fintech",
    "ecommerce",
    "hr",
    "insurance",
    "telecom",
    "contracts",
    "compliance",
    "banking",
    "wiki",
    "devdocs",
    "logistics",
    "realty",
    "edtech",
    "procurement",
    "travel",
    "energy",
)
THINGS = (
    "order",
    "payment",
    "inventory",
    "booking",
    "chat",
    "notification",
    "billing",
    "auth",
    "user",
    "catalog",
    "delivery",
    "ticket",
    "metrics",
    "log",
    "url-shortener",
    "feed",
)

# Vector stores: display name, topic, PyPI packages, npm package.
VECTOR_STORES = (
    ("Qdrant", "qdrant", ("qdrant-client",), "@qdrant/js-client-rest"),
    ("pgvector", "pgvector", ("pgvector", "psycopg[binary]"), "pgvector"),
    ("Weaviate", "weaviate", ("weaviate-client",), "weaviate-client"),
    ("Qdrant", "qdrant", ("qdrant-client",), "@qdrant/js-client-rest"),
    ("Chroma", "chromadb", ("chromadb",), "chromadb"),
    ("Milvus", "milvus", ("pymilvus",), "@zilliz/milvus2-sdk-node"),
    ("OpenSearch", "opensearch", ("opensearch-py",), "@opensearch-project/opensearch"),
)
FRAMEWORKS = (
    ("llama-index",),
    ("langchain", "langchain-community", "langchain-openai"),
    ("llama-index", "llama-index-vector-stores-qdrant"),
    ("haystack-ai",),
    (),
)

# Latest versions the dependency files pin or floor; only the shape matters.
VERSIONS: dict[str, str] = {
    "fastapi": "0.115.6",
    "uvicorn": "0.32.1",
    "pydantic": "2.10.3",
    "llama-index": "0.12.5",
    "llama-index-vector-stores-qdrant": "0.4.2",
    "langchain": "0.3.13",
    "langchain-core": "0.3.28",
    "langchain-openai": "0.2.14",
    "langchain-anthropic": "0.3.1",
    "langchain-community": "0.3.13",
    "langgraph": "0.2.60",
    "ragas": "0.2.9",
    "deepeval": "2.0.9",
    "qdrant-client": "1.12.1",
    "weaviate-client": "4.10.2",
    "pgvector": "0.3.6",
    "psycopg[binary]": "3.2.3",
    "sentence-transformers": "3.3.1",
    "rank-bm25": "0.2.2",
    "cohere": "5.13.3",
    "vllm": "0.6.6",
    "litellm": "1.55.10",
    "langfuse": "2.57.0",
    "arize-phoenix": "7.1.0",
    "opentelemetry-sdk": "1.29.0",
    "opentelemetry-exporter-otlp": "1.29.0",
    "mlflow": "2.19.0",
    "peft": "0.14.0",
    "trl": "0.13.0",
    "transformers": "4.47.1",
    "accelerate": "1.2.1",
    "bitsandbytes": "0.45.0",
    "datasets": "3.2.0",
    "dspy-ai": "2.5.43",
    "crewai": "0.86.0",
    "crewai-tools": "0.17.0",
    "autogen-agentchat": "0.4.0",
    "autogen-ext": "0.4.0",
    "openai": "1.58.1",
    "anthropic": "0.42.0",
    "redis": "5.2.1",
    "celery": "5.4.0",
    "httpx": "0.28.1",
    "tiktoken": "0.8.0",
    "unstructured": "0.16.11",
    "pypdf": "5.1.0",
    "streamlit": "1.41.1",
    "gradio": "5.9.1",
    "faiss-cpu": "1.9.0",
    "chromadb": "0.5.23",
    "numpy": "2.2.0",
    "pandas": "2.2.3",
    "scikit-learn": "1.6.0",
    "torch": "2.5.1",
    "onnxruntime": "1.20.1",
    "tokenizers": "0.21.0",
    "prometheus-client": "0.21.1",
    "structlog": "24.4.0",
    "sqlalchemy": "2.0.36",
    "alembic": "1.14.0",
    "pytest": "8.3.4",
    "ruff": "0.8.4",
    "mypy": "1.14.0",
    "xgboost": "2.1.3",
    "lightgbm": "4.5.0",
    "apache-airflow": "2.10.4",
    "feast": "0.42.0",
    "mcp": "1.2.0",
    "tenacity": "9.0.0",
    "llama-cpp-python": "0.3.5",
    "autoawq": "0.2.7",
    "tritonclient[http]": "2.53.0",
    "ray[serve]": "2.40.0",
    "django": "5.1.4",
    "djangorestframework": "3.15.2",
    "flask": "3.1.0",
    "python-telegram-bot": "21.9",
    "text-generation": "0.7.0",
    "pymilvus": "2.5.2",
    "FlagEmbedding": "1.3.3",
    "python-dotenv": "1.0.1",
    "tensorflow": "2.18.0",
    "keras": "3.7.0",
    "gensim": "4.3.3",
    "pydantic-ai": "0.0.14",
    "kubernetes": "31.0.0",
    "wandb": "0.19.1",
    "matplotlib": "3.10.0",
    "haystack-ai": "2.8.0",
    "opensearch-py": "2.8.0",
    "lm-eval": "0.4.7",
    "smolagents": "1.2.2",
    "gunicorn": "23.0.0",
    "boto3": "1.35.90",
    "instructor": "1.7.2",
}
NPM_VERSIONS: dict[str, str] = {
    "langchain": "0.3.8",
    "@langchain/core": "0.3.26",
    "@langchain/openai": "0.3.16",
    "@langchain/langgraph": "0.2.36",
    "llamaindex": "0.8.29",
    "@qdrant/js-client-rest": "1.12.0",
    "openai": "4.77.0",
    "ai": "4.0.22",
    "@ai-sdk/openai": "1.0.11",
    "next": "15.1.2",
    "react": "19.0.0",
    "react-dom": "19.0.0",
    "typescript": "5.7.2",
    "zod": "3.24.1",
    "promptfoo": "0.103.0",
    "@anthropic-ai/sdk": "0.33.1",
    "langfuse": "3.32.0",
    "express": "4.21.2",
    "chromadb": "1.9.4",
    "weaviate-client": "3.3.3",
    "pg": "8.13.1",
    "pgvector": "0.2.0",
    "vitest": "2.1.8",
    "tailwindcss": "3.4.17",
    "@modelcontextprotocol/sdk": "1.0.4",
    "redis": "4.7.0",
    "vue": "3.5.13",
    "vite": "6.0.5",
    "eslint": "9.17.0",
    "@zilliz/milvus2-sdk-node": "2.5.2",
    "@opensearch-project/opensearch": "2.13.0",
    "axios": "1.7.9",
    "prisma": "6.1.0",
}
GO_MODULES = (
    "github.com/gin-gonic/gin v1.10.0",
    "github.com/jackc/pgx/v5 v5.7.2",
    "github.com/redis/go-redis/v9 v9.7.0",
    "go.uber.org/zap v1.27.0",
    "github.com/prometheus/client_golang v1.20.5",
    "google.golang.org/grpc v1.69.2",
    "github.com/spf13/cobra v1.8.1",
    "k8s.io/client-go v0.32.0",
)
CRATES = (
    'tokio = { version = "1.42", features = ["full"] }',
    'serde = { version = "1.0", features = ["derive"] }',
    'clap = { version = "4.5", features = ["derive"] }',
    'anyhow = "1.0"',
    'tracing = "0.1"',
    'axum = "0.7"',
    'bytes = "1.9"',
)


@dataclass(frozen=True)
class RepoTemplate:
    key: str
    tier: str
    variants: tuple[tuple[str, str], ...]  # (name, description) patterns
    topics: tuple[str, ...] = ()
    language: str | None = "Python"
    deps: tuple[str, ...] = ()
    extra_deps: tuple[str, ...] = ()
    dev_deps: tuple[str, ...] = ()
    dep_file: str | None = "pyproject.toml"
    categories: dict[str, int] = field(default_factory=dict)
    readme: str | None = None
    earliest: str = "2008-01-01"  # nobody used a framework before it existed


def _t(
    key: str, tier: str, names: str, descriptions: tuple[str, ...], **kw: object
) -> RepoTemplate:
    for name in ("topics", "deps", "extra_deps", "dev_deps"):
        if isinstance(kw.get(name), str):
            kw[name] = tuple(str(kw[name]).split())
    variants = tuple((name, text) for name in names.split() for text in descriptions)
    return _p(key, tier, variants, **kw)


def _p(key: str, tier: str, variants: tuple[tuple[str, str], ...], **kw: object) -> RepoTemplate:
    """A template whose names and descriptions go together in pairs."""
    for name in ("topics", "deps", "extra_deps", "dev_deps"):
        if isinstance(kw.get(name), str):
            kw[name] = tuple(str(kw[name]).split())
    categories = kw.pop("categories", {})
    earliest = _EARLIEST.get(key, "2008-01-01")
    return RepoTemplate(key, tier, variants, categories=categories, earliest=earliest, **kw)  # type: ignore[arg-type]


_EARLIEST: dict[str, str] = {
    "rag_service": "2023-06-01",
    "semantic_search": "2021-06-01",
    "retrieval_evals": "2023-06-01",
    "ingest_pipeline": "2021-06-01",
    "reranker_service": "2021-01-01",
    "rag_ts": "2023-06-01",
    "rag_eval_harness": "2023-09-01",
    "llm_eval_suite": "2023-09-01",
    "prompt_regression": "2023-05-15",
    "judge_calibration": "2023-06-01",
    "eval_drift_monitor": "2023-06-01",
    "langgraph_agent": "2023-09-01",
    "agent_evals": "2023-10-01",
    "crew": "2023-11-15",
    "autogen_ops": "2023-09-15",
    "mcp_server": "2024-11-26",
    "dspy_programs": "2023-03-01",
    "agent_ts": "2024-01-15",
    "pydantic_agent": "2024-07-15",
    "llm_gateway": "2023-09-01",
    "vllm_k8s": "2023-07-01",
    "serving_bench": "2024-02-01",
    "llm_observability": "2023-07-01",
    "prompt_registry": "2023-03-01",
    "embedding_server": "2021-01-01",
    "lora_recipes": "2023-03-01",
    "embedding_ft": "2023-10-01",
    "quantize": "2023-09-15",
    "dpo_training": "2023-12-15",
    "rag_poc": "2023-03-01",
    "course_rag": "2023-03-01",
    "course_agent": "2024-12-15",
    "telegram_gpt": "2023-03-01",
    "chatgpt_clone": "2022-12-15",
    "prompt_collection": "2022-12-15",
    "langchain_tutorial": "2023-01-15",
    "star_farm": "2023-03-15",
    "awesome_list": "2023-01-01",
}

_RAG_README = (
    "# {name}\n\n{description}.\n\n## Numbers\n\n- ~{qps}k queries/day in production\n"
    "- p95 end-to-end latency {p95} ms (retrieval {p95r} ms)\n- Golden set: {golden} questions,"
    " faithfulness {faith}, context recall {recall}\n\n## Evaluation\n\n`make eval` runs the "
    "regression suite; CI fails when faithfulness drops more than 2 points.\n"
)
_PLATFORM_README = (
    "# {name}\n\n{description}.\n\nServing {qps}k requests/day across {models} models. "
    "Monthly inference spend went from ${before}k to ${after}k after routing and caching; p95 "
    "time-to-first-token {p95} ms.\n"
)
_AGENT_README = (
    "# {name}\n\n{description}.\n\n- Tools: {tools}\n- Loop guard: max {steps} steps, retries "
    "with backoff, escalation to a human\n- Trajectory evals on {golden} recorded tasks "
    "(success rate {success}%)\n"
)
_TOY_README = "# {name}\n\n{description}\n\nBased on a tutorial. `pip install -r requirements.txt`"

REPO_TEMPLATES: tuple[RepoTemplate, ...] = (
    # Retrieval / RAG ---------------------------------------------------------------------
    _t(
        "rag_service",
        "production",
        "{domain}-rag {domain}-rag-service rag-{domain} "
        "{domain}-assistant ask-{domain} {domain}-qa",
        (
            "Hybrid BM25 + dense retrieval service with reranking and a ragas regression suite in "
            "CI",
            "Production RAG for {domain} documents: {vdb} hybrid search, cross-encoder reranking, "
            "citations, golden-set evals",
            "Question answering over {n}M {domain} documents. Hybrid retrieval ({vdb} + BM25), "
            "reranker, ragas gate in CI",
            "RAG backend for our {domain} assistant: chunking, hybrid search, reranking, eval "
            "harness, Langfuse traces",
        ),
        topics="rag retrieval hybrid-search llm reranking {vdb_topic} fastapi llm-evaluation "
        "semantic-search python",
        deps="fastapi uvicorn pydantic {framework} {vdb_pkg} rank-bm25 sentence-transformers "
        "openai",
        extra_deps="ragas langfuse redis cohere tiktoken unstructured opentelemetry-sdk anthropic",
        dev_deps="pytest ruff ragas",
        categories={"retrieval": 3, "vector_db": 2, "evaluation": 2},
        readme=_RAG_README,
    ),
    _t(
        "semantic_search",
        "production",
        "{domain}-search semantic-search-{domain} {domain}-retrieval search-api",
        (
            "Production semantic search over {n}M {domain} documents: pgvector + BM25 hybrid, "
            "cross-encoder reranking, p95 < {p95} ms",
            "Hybrid search API (pgvector + BM25, RRF fusion) with query rewriting and reranking",
        ),
        topics="semantic-search hybrid-search pgvector postgres retrieval embeddings reranking",
        deps="fastapi psycopg[binary] pgvector sentence-transformers rank-bm25 sqlalchemy",
        extra_deps="alembic opentelemetry-sdk redis cohere",
        dev_deps="pytest mypy",
        categories={"retrieval": 3, "vector_db": 3, "cost_latency": 2},
        readme=_RAG_README,
    ),
    _t(
        "retrieval_evals",
        "production",
        "retrieval-evals {domain}-retrieval-benchmark chunking-lab rag-evals",
        (
            "Chunking strategies benchmark: recall@k / MRR / nDCG over a golden set for {domain} "
            "documents",
            "Retrieval evaluation harness: golden queries, recall@k, MRR, reranker ablations",
        ),
        topics="rag retrieval evaluation llm-evaluation chunking embeddings benchmark",
        deps="llama-index ragas datasets pandas sentence-transformers rank-bm25 {vdb_pkg}",
        dep_file="requirements.txt",
        categories={"evaluation": 3, "retrieval": 3, "vector_db": 1},
    ),
    _t(
        "ingest_pipeline",
        "production",
        "{vdb_topic}-ingest doc-ingestion {domain}-indexer embeddings-pipeline",
        (
            "Incremental ingestion into {vdb}: parsing, chunking, dedup, payload indexes, "
            "re-embedding on model change",
        ),
        topics="embeddings vector-database {vdb_topic} etl rag",
        deps="{vdb_pkg} unstructured sentence-transformers celery redis pydantic",
        extra_deps="boto3 structlog",
        categories={"vector_db": 3, "retrieval": 2},
    ),
    _t(
        "reranker_service",
        "production",
        "reranker-service rerank-api cross-encoder-server",
        (
            "ONNX cross-encoder reranking service with dynamic batching; cut retrieval latency by "
            "{saving}%",
        ),
        topics="reranking onnx retrieval latency cross-encoder",
        deps="onnxruntime tokenizers fastapi numpy sentence-transformers",
        categories={"retrieval": 2, "cost_latency": 2, "inference": 1},
    ),
    _t(
        "rag_ts",
        "production",
        "{domain}-copilot docs-chat {domain}-assistant-web",
        ("RAG assistant in TypeScript: LangChain.js, {vdb}, streaming answers with citations",),
        topics="rag langchain nextjs typescript {vdb_topic} llm",
        language="TypeScript",
        deps="langchain @langchain/openai @langchain/core {vdb_npm} ai next react zod",
        dev_deps="typescript vitest promptfoo",
        dep_file="package.json",
        categories={"retrieval": 2, "vector_db": 2, "evaluation": 1},
    ),
    # Evaluation ---------------------------------------------------------------------------
    _t(
        "rag_eval_harness",
        "production",
        "rag-eval-harness llm-evals {domain}-evals eval-suite golden-sets",
        (
            "Golden-dataset regression suite for RAG: faithfulness, context recall, LLM-as-judge "
            "calibrated against human labels",
            "RAG evaluation pipeline for {domain}: ragas + deepeval metrics, nightly runs, "
            "regression gate in CI",
        ),
        topics="llm-evaluation rag evaluation ragas deepeval golden-dataset llm-as-judge",
        deps="ragas deepeval llama-index {vdb_pkg} pandas openai",
        extra_deps="anthropic langfuse mlflow",
        dev_deps="pytest",
        categories={"evaluation": 3, "retrieval": 2},
        readme=_RAG_README,
    ),
    _t(
        "llm_eval_suite",
        "production",
        "llm-eval-suite eval-gate {domain}-judge quality-gates",
        (
            "LLM evaluation framework for {domain} assistants: golden sets, pairwise LLM-as-judge "
            "with human agreement tracking, CI gates",
        ),
        topics="llm-evaluation evaluation llm-as-judge ci testing",
        deps="deepeval ragas pandas openai anthropic mlflow",
        dev_deps="pytest",
        categories={"evaluation": 3, "mlops": 1},
    ),
    _t(
        "prompt_regression",
        "production",
        "prompt-regression promptfoo-suite prompt-tests",
        ("Prompt regression tests run in CI with promptfoo; blocks merges on quality drops",),
        topics="promptfoo llm-evaluation prompt-testing ci",
        language="TypeScript",
        deps="openai @anthropic-ai/sdk",
        dev_deps="promptfoo typescript",
        dep_file="package.json",
        categories={"evaluation": 3},
    ),
    _t(
        "judge_calibration",
        "production",
        "judge-calibration llm-as-judge human-vs-judge",
        (
            "Calibrating LLM-as-judge against {k}k human labels: agreement, position bias, Cohen's "
            "kappa",
        ),
        topics="llm-as-judge evaluation annotation llm-evaluation",
        deps="pandas scikit-learn openai anthropic datasets numpy",
        dep_file="requirements.txt",
        categories={"evaluation": 3},
    ),
    _t(
        "eval_drift_monitor",
        "production",
        "eval-drift-monitor rag-monitoring online-evals",
        (
            "Online evaluation and drift monitoring for production RAG with Arize Phoenix traces "
            "and nightly golden-set runs",
        ),
        topics="observability llm-evaluation rag llmops opentelemetry",
        deps="arize-phoenix opentelemetry-sdk opentelemetry-exporter-otlp ragas llama-index "
        "{vdb_pkg}",
        categories={"evaluation": 3, "mlops": 2, "retrieval": 1},
    ),
    # Agents -------------------------------------------------------------------------------
    _t(
        "langgraph_agent",
        "production",
        "{domain}-agent agent-runtime {domain}-copilot-agent ops-agent support-agent",
        (
            "LangGraph agent for {domain} workflows: tool calling, planning, retries and "
            "human-in-the-loop checkpoints",
            "Multi-step agent for {domain} with typed tools, loop guards and trajectory evals",
        ),
        topics="agents langgraph llm tool-calling ai-agents python",
        deps="langgraph langchain-openai langchain-anthropic langchain-core pydantic redis",
        extra_deps="langfuse tenacity httpx",
        dev_deps="pytest",
        categories={"agentic": 3},
        readme=_AGENT_README,
    ),
    _t(
        "agent_evals",
        "production",
        "agent-evals trajectory-evals tool-use-benchmark",
        (
            "Trajectory evaluation for tool-using agents: task success, tool-call accuracy, loop "
            "detection, cost per task",
        ),
        topics="agents evaluation llm-evaluation tool-calling",
        deps="langgraph deepeval pandas openai",
        dev_deps="pytest",
        categories={"agentic": 2, "evaluation": 3, "cost_latency": 1},
    ),
    _t(
        "crew",
        "production",
        "research-crew {domain}-crew crew-pipelines",
        ("crewAI crew for {domain} research with guarded tool use and cost caps",),
        topics="crewai agents multi-agent llm",
        deps="crewai crewai-tools litellm",
        dep_file="requirements.txt",
        categories={"agentic": 2, "cost_latency": 1},
    ),
    _t(
        "autogen_ops",
        "production",
        "incident-agents autogen-{domain} triage-agents",
        (
            "AutoGen agents for incident triage over runbooks; error recovery and escalation in "
            "agent loops",
        ),
        topics="autogen agents multi-agent sre",
        deps="autogen-agentchat autogen-ext openai",
        categories={"agentic": 3},
        readme=_AGENT_README,
    ),
    _t(
        "mcp_server",
        "production",
        "mcp-{domain} {domain}-mcp-server mcp-tools",
        (
            "Model Context Protocol server exposing {domain} APIs as tools, with auth and rate "
            "limits",
        ),
        topics="mcp model-context-protocol agents tools",
        deps="mcp httpx pydantic",
        categories={"agentic": 2},
    ),
    _t(
        "dspy_programs",
        "production",
        "dspy-pipelines {domain}-dspy prompt-optimization",
        ("DSPy programs for {domain} extraction with metric-driven optimizers",),
        topics="dspy llm prompt-optimization",
        deps="dspy-ai datasets pandas",
        dep_file="requirements.txt",
        categories={"agentic": 1, "evaluation": 2},
    ),
    _t(
        "agent_ts",
        "production",
        "agent-ui {domain}-agent-web",
        ("Agent UI with LangGraph.js: streaming tool calls, interrupts and resumable threads",),
        topics="agents langgraph nextjs typescript",
        language="TypeScript",
        deps="@langchain/langgraph @langchain/core @langchain/openai ai next react zod",
        dev_deps="typescript",
        dep_file="package.json",
        categories={"agentic": 2},
    ),
    _t(
        "pydantic_agent",
        "production",
        "typed-agents {domain}-assistant-agent",
        ("Typed agents with Pydantic AI: structured outputs, tool retries, Logfire traces",),
        topics="agents pydantic-ai llm",
        deps="pydantic-ai pydantic httpx instructor",
        categories={"agentic": 2},
    ),
    # Platform / inference -----------------------------------------------------------------
    _t(
        "llm_gateway",
        "production",
        "llm-gateway model-router llm-proxy",
        (
            "LLM gateway on LiteLLM: model routing, fallbacks, semantic cache; cut inference "
            "spend by {saving}%",
            "Spending ${before}k/month on inference, this gateway (routing + caching + prompt "
            "compression) got it to ${after}k",
        ),
        topics="llm-gateway litellm routing caching llmops cost-optimization",
        deps="litellm redis fastapi prometheus-client opentelemetry-sdk",
        categories={"cost_latency": 3, "inference": 2, "mlops": 2},
        readme=_PLATFORM_README,
    ),
    _t(
        "vllm_k8s",
        "production",
        "vllm-k8s inference-stack llm-serving vllm-helm",
        (
            "Helm charts and autoscaling for vLLM on Kubernetes: AWQ, tensor parallel, prefix "
            "caching, GPU bin-packing",
        ),
        topics="vllm kubernetes helm llm-serving gpu inference",
        language="Python",
        deps="vllm ray[serve] kubernetes prometheus-client",
        dep_file="requirements.txt",
        categories={"inference": 3, "mlops": 2, "cost_latency": 2},
        readme=_PLATFORM_README,
    ),
    _t(
        "serving_bench",
        "production",
        "llm-serving-bench inference-benchmarks tgi-vs-vllm",
        (
            "Throughput/latency benchmarks for TGI vs vLLM vs SGLang on A100/H100: batch sizes, "
            "quantization, cost per 1M tokens",
        ),
        topics="vllm tgi sglang benchmark inference latency",
        deps="vllm text-generation pandas matplotlib httpx",
        dep_file="requirements.txt",
        categories={"inference": 3, "cost_latency": 3},
    ),
    _t(
        "llm_observability",
        "production",
        "llm-observability llm-tracing token-costs",
        (
            "OpenTelemetry tracing for LLM calls: token usage, cost per tenant, latency SLOs; "
            "exports to Langfuse",
        ),
        topics="observability opentelemetry llmops langfuse",
        deps="opentelemetry-sdk opentelemetry-exporter-otlp langfuse openai structlog",
        categories={"mlops": 3, "cost_latency": 2},
    ),
    _t(
        "prompt_registry",
        "production",
        "prompt-registry prompt-versioning llm-release-pipeline",
        (
            "Versioned prompts and pipelines with MLflow; canary rollout of prompt changes with "
            "eval gates",
        ),
        topics="mlflow llmops prompt-management",
        deps="mlflow fastapi sqlalchemy pydantic",
        categories={"mlops": 3, "evaluation": 1},
    ),
    _t(
        "embedding_server",
        "production",
        "embedding-server embeddings-api tei-deploy",
        (
            "Batching embedding server on ONNX Runtime / Triton, {saving}% cheaper than the hosted "
            "API",
        ),
        topics="embeddings onnx triton inference",
        deps="onnxruntime tritonclient[http] numpy fastapi tokenizers",
        categories={"inference": 2, "retrieval": 1, "cost_latency": 2},
    ),
    # Fine-tuning / open weights -----------------------------------------------------------
    _t(
        "lora_recipes",
        "production",
        "{base_short}-lora qlora-{domain} finetune-{base_short} sft-recipes",
        (
            "QLoRA fine-tuning recipes for {base} on {domain} instructions; merged weights and "
            "GGUF on the Hub",
        ),
        topics="lora qlora peft fine-tuning llm trl",
        deps="peft trl transformers bitsandbytes accelerate datasets",
        extra_deps="wandb",
        dep_file="requirements.txt",
        categories={"fine_tuning": 3, "inference": 1},
    ),
    _t(
        "embedding_ft",
        "production",
        "embedding-finetune {domain}-embeddings bge-{domain}",
        (
            "Fine-tuning bge-small for {domain} retrieval with hard negatives; +{gain} nDCG@10 on "
            "our golden set",
        ),
        topics="embeddings sentence-transformers fine-tuning retrieval",
        deps="sentence-transformers datasets FlagEmbedding pandas",
        categories={"fine_tuning": 2, "retrieval": 3, "evaluation": 1},
    ),
    _t(
        "quantize",
        "production",
        "quantize-llms gguf-tools awq-quants",
        (
            "Scripts to quantize open-weights LLMs to GGUF/AWQ and evaluate perplexity and task "
            "accuracy",
        ),
        topics="gguf awq quantization llama-cpp",
        deps="llama-cpp-python autoawq transformers lm-eval",
        dep_file="requirements.txt",
        categories={"inference": 2, "fine_tuning": 2, "evaluation": 1},
    ),
    _t(
        "dpo_training",
        "production",
        "dpo-{domain} preference-tuning",
        ("DPO/ORPO preference tuning with TRL on {domain} feedback data",),
        topics="dpo trl rlhf fine-tuning",
        deps="trl peft transformers datasets accelerate",
        categories={"fine_tuning": 3},
    ),
    # Classic ML --------------------------------------------------------------------------
    _p(
        "classic_service",
        "classic",
        (
            (
                "churn-prediction",
                "Gradient-boosted churn model with MLflow tracking and a FastAPI scoring service",
            ),
            ("demand-forecast", "Demand forecasting pipeline (LightGBM) scheduled with Airflow"),
            ("fraud-scoring", "Real-time fraud scoring with XGBoost behind a FastAPI service"),
            ("recsys", "Two-stage recommender: candidate generation and a LightGBM ranker"),
        ),
        topics="machine-learning mlflow xgboost mlops",
        deps="scikit-learn xgboost lightgbm mlflow fastapi pandas",
        categories={"mlops": 2},
    ),
    _t(
        "feature_pipelines",
        "classic",
        "feature-store ml-pipelines training-pipelines",
        ("Feature pipelines with Feast and Airflow; model registry in MLflow",),
        topics="mlops feature-store airflow",
        deps="feast apache-airflow mlflow pandas",
        dep_file="requirements.txt",
        categories={"mlops": 2},
    ),
    _t(
        "rag_poc",
        "production",
        "rag-poc llm-playground doc-qa-poc",
        ("Proof of concept: question answering over internal docs with LangChain and {vdb}",),
        topics="rag langchain llm",
        deps="langchain langchain-openai {vdb_pkg} streamlit",
        dep_file="requirements.txt",
        categories={"retrieval": 2, "vector_db": 1},
    ),
    # Toys and course work ----------------------------------------------------------------
    _p(
        "old_nlp",
        "toy",
        (
            ("bert-ner", "NER for news articles with BERT"),
            ("sentiment-bert", "Sentiment analysis with BERT fine-tuning"),
            ("word2vec-experiments", "Experiments with word2vec and fastText"),
            ("seq2seq-chatbot", "Seq2seq chatbot in TensorFlow"),
            ("faiss-image-search", "Image similarity search with FAISS"),
            ("text-classifier", "Text classification with TF-IDF and BERT baselines"),
        ),
        topics="nlp deep-learning",
        deps="transformers torch scikit-learn faiss-cpu gensim",
        dep_file="requirements.txt",
        categories={"fine_tuning": 1, "retrieval": 1},
    ),
    _p(
        "course_rag",
        "toy",
        (
            ("pdf-chat", "Course project: chat with your PDF using LangChain and FAISS"),
            ("chat-with-pdf", "Chat with PDF"),
            ("llm-zoomcamp-homework", "LLM Zoomcamp homework"),
            ("rag-chatbot", "My first RAG app (Streamlit + OpenAI)"),
            ("rag-course-project", "Final project for the RAG course"),
            ("langchain-playground", ""),
        ),
        deps="langchain openai faiss-cpu streamlit pypdf python-dotenv",
        dep_file="requirements.txt",
        categories={"retrieval": 1},
        readme=_TOY_README,
    ),
    _p(
        "course_agent",
        "toy",
        (
            ("agents-course", "Hugging Face Agents course notebooks"),
            ("crewai-demo", "Trying out crewAI"),
            ("my-first-agent", "Agents course project"),
            ("autogen-playground", ""),
        ),
        language="Jupyter Notebook",
        deps="smolagents crewai openai",
        dep_file="requirements.txt",
        categories={"agentic": 1},
    ),
    _p(
        "telegram_gpt",
        "toy",
        (
            ("chatgpt-telegram-bot", "Telegram bot with ChatGPT"),
            ("tg-gpt-bot", "Telegram bot that answers with GPT-4o"),
            ("gpt-bot", ""),
        ),
        deps="python-telegram-bot openai python-dotenv",
        dep_file="requirements.txt",
    ),
    _p(
        "finetune_course",
        "toy",
        (
            ("nlp-course", "Hugging Face NLP course exercises"),
            ("distilbert-imdb", "Fine-tuning DistilBERT on IMDB"),
            ("hf-course-notes", ""),
        ),
        language="Jupyter Notebook",
        deps="transformers datasets torch",
        dep_file="requirements.txt",
        categories={"fine_tuning": 1},
    ),
    # Hard negatives: no evidence ---------------------------------------------------------
    _p(
        "chatgpt_clone",
        "none",
        (
            ("chatgpt-clone", "ChatGPT clone built with Next.js and OpenAI API"),
            ("chatgpt-ui", "ChatGPT UI clone"),
            ("ai-chat-app", "🚀 AI chat app"),
        ),
        topics="chatgpt openai nextjs",
        language="TypeScript",
        deps="next react react-dom openai tailwindcss",
        dep_file="package.json",
    ),
    _p(
        "awesome_list",
        "none",
        (
            ("awesome-ai-tools", "🔥 A curated list of awesome AI tools"),
            ("ai-tools-list", "The ultimate list of AI tools 🚀"),
            (
                "awesome-llm-resources",
                "Awesome LLM resources: RAG, agents, prompt engineering, fine-tuning",
            ),
            ("awesome-chatgpt", "Awesome ChatGPT prompts, plugins and tools"),
            ("best-ai-tools-2025", "Best AI tools of 2025 (updated weekly)"),
        ),
        topics="awesome awesome-list ai chatgpt llm rag agents",
        language=None,
        dep_file=None,
    ),
    _p(
        "prompt_collection",
        "none",
        (
            ("chatgpt-prompts", "Best prompts for ChatGPT"),
            ("100-chatgpt-prompts", "100 ChatGPT prompts to 10x your productivity 🚀"),
            ("mega-prompts", "1000+ mega prompts for ChatGPT and Claude"),
            ("prompt-library", "My prompt library"),
        ),
        topics="chatgpt prompts prompt-engineering",
        language=None,
        dep_file=None,
    ),
    _p(
        "langchain_tutorial",
        "none",
        (
            ("langchain-tutorial", "LangChain tutorial"),
            ("langchain-tutorials", "Learning LangChain"),
            ("openai-quickstart", "OpenAI API quickstart"),
            ("llm-tutorial", ""),
        ),
        language="Jupyter Notebook",
        deps="langchain openai",
        dep_file="requirements.txt",
    ),
    _p(
        "star_farm",
        "none",
        (
            ("free-gpt4-api", "🚀 FREE GPT-4 API — no key needed!!"),
            ("ai-money-machine", "Make $10k/month with AI agents 💰🤖"),
            ("chatgpt-jailbreaks", "Working ChatGPT jailbreaks (updated daily) ⭐ Star this repo!"),
            ("gpt4-free-unlimited", "Unlimited GPT-4 for free 🔥"),
            ("ai-side-hustle-toolkit", "The ultimate AI side-hustle toolkit 💸"),
            (
                "awesome-ai-agents-2025",
                "The ultimate collection of AI agents (updated daily) ⭐ Star this repo!",
            ),
        ),
        topics="ai chatgpt gpt-4 free agents llm",
        language=None,
        dep_file=None,
    ),
    # Non-AI software -----------------------------------------------------------------------
    _p(
        "web_backend",
        "plain",
        (
            ("{thing}-api", "REST API for {thing} management (Django + Postgres)"),
            ("{thing}-service", "{thing} service with Celery workers"),
            ("shop-backend", "Backend for an online shop"),
            ("booking-service", "Booking backend (Django REST framework)"),
        ),
        topics="django python rest-api postgresql",
        deps="django djangorestframework psycopg[binary] celery redis gunicorn",
    ),
    _t(
        "flask_app",
        "plain",
        "{thing}-flask flask-{thing} {thing}-app",
        ("Small Flask app for {thing} tracking",),
        deps="flask sqlalchemy",
        dep_file="requirements.txt",
    ),
    _p(
        "go_service",
        "plain",
        (
            ("{thing}-gateway", "High-throughput {thing} gateway in Go"),
            ("go-{thing}", "{thing} service in Go"),
            ("rate-limiter", "Distributed rate limiter"),
            ("kv-store", "Tiny key-value store with a gRPC API"),
        ),
        topics="go golang grpc microservices",
        language="Go",
        dep_file="go.mod",
    ),
    _p(
        "rust_tool",
        "plain",
        (
            ("{thing}-rs", "A small {thing} service in Rust"),
            ("raft-kv", "Raft-based key-value store"),
            ("tiny-db", "Toy database in Rust"),
            ("fast-{thing}", "Fast {thing} processing in Rust"),
        ),
        topics="rust tokio",
        language="Rust",
        dep_file="Cargo.toml",
    ),
    _p(
        "infra",
        "plain",
        (
            ("terraform-modules", "Terraform modules for our AWS infrastructure"),
            ("k8s-operator", "Kubernetes operator for {thing} resources"),
            ("helm-charts", "Helm charts for internal services"),
            ("infra", ""),
        ),
        topics="terraform kubernetes devops",
        language="HCL",
        dep_file=None,
    ),
    _p(
        "frontend",
        "plain",
        (
            ("{thing}-web", "Web client for the {thing} service"),
            ("dashboard", "Dashboard for {thing} metrics"),
            ("react-{thing}", "React + TypeScript frontend"),
            ("admin-panel", "Admin panel"),
        ),
        topics="react typescript frontend",
        language="TypeScript",
        deps="react react-dom next axios",
        dev_deps="typescript eslint vite",
        dep_file="package.json",
    ),
    _t(
        "java_service",
        "plain",
        "{thing}-service {thing}-spring",
        ("Spring Boot {thing} service",),
        topics="java spring-boot",
        language="Java",
        dep_file=None,
    ),
    _p(
        "casual",
        "plain",
        (
            ("dotfiles", "My dotfiles"),
            ("homework", ""),
            ("lab1", "University labs"),
            ("lab2", ""),
            ("my-website", "Personal website"),
            ("todo-app", "Todo app"),
            ("leetcode", "Solutions"),
            ("advent-of-code-2023", "Advent of Code 2023 in Python"),
            ("university", ""),
            ("python-basics", ""),
            ("test-repo", ""),
        ),
        language="Python",
        dep_file=None,
    ),
)
TEMPLATES: dict[str, RepoTemplate] = {t.key: t for t in REPO_TEMPLATES}

# Hugging Face artifacts --------------------------------------------------------------------

TEXT_BASES = (
    ("meta-llama/Llama-3.1-8B-Instruct", "llama-3.1-8b", "llama", "llama3.1"),
    ("mistralai/Mistral-7B-Instruct-v0.3", "mistral-7b", "mistral", "apache-2.0"),
    ("Qwen/Qwen2.5-7B-Instruct", "qwen2.5-7b", "qwen2", "apache-2.0"),
    ("Qwen/Qwen3-8B", "qwen3-8b", "qwen3", "apache-2.0"),
    ("meta-llama/Llama-3.2-3B-Instruct", "llama-3.2-3b", "llama", "llama3.2"),
    ("google/gemma-2-9b-it", "gemma-2-9b", "gemma2", "gemma"),
    ("microsoft/Phi-3-mini-4k-instruct", "phi-3-mini", "phi3", "mit"),
    ("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "r1-distill-qwen-7b", "qwen2", "mit"),
)
EMBEDDING_BASES = (
    ("BAAI/bge-small-en-v1.5", "bge-small", "bert"),
    ("BAAI/bge-m3", "bge-m3", "xlm-roberta"),
    ("intfloat/multilingual-e5-large", "e5-large", "xlm-roberta"),
    ("sentence-transformers/all-MiniLM-L6-v2", "minilm", "bert"),
    ("nomic-ai/nomic-embed-text-v1.5", "nomic-embed", "nomic_bert"),
    ("Qwen/Qwen3-Embedding-0.6B", "qwen3-embed", "qwen3"),
)
HF_LANGUAGES = {
    "by": ("be", "belarusian"),
    "ua": ("uk", "ukrainian"),
    "pl": ("pl", "polish"),
    "ru": ("ru", "russian"),
    "lt": ("lt", "lithuanian"),
    "ge": ("ka", "georgian"),
}


@dataclass(frozen=True)
class HfTemplate:
    key: str
    kind: str  # model | dataset | space
    tier: str
    names: tuple[str, ...]
    tags: tuple[str, ...]
    library: str | None = None
    pipeline: str | None = None
    sdks: tuple[str, ...] = ()
    categories: dict[str, int] = field(default_factory=dict)
    earliest: str = "2020-03-01"  # the model hub as people know it


# When a kind of artifact became possible: GGUF (Aug 2023), AutoAWQ, MLX, cross-encoder tags.
_HF_EARLIEST = {
    "lora_adapter": "2023-03-01",
    "sft_full": "2023-04-01",
    "dpo": "2023-12-15",
    "gguf_quant": "2023-08-25",
    "awq_quant": "2023-09-15",
    "mlx_quant": "2023-12-20",
    "embedding_ft": "2023-06-01",
    "reranker_ft": "2024-03-20",
    "golden_eval": "2023-06-01",
    "agent_traces": "2023-11-01",
    "preference": "2023-06-01",
    "instructions": "2023-04-01",
    "eval_leaderboard": "2023-06-01",
    "agent_demo": "2023-11-01",
    "rag_demo": "2023-04-01",
    "chat_demo": "2023-04-01",
    "toy_space": "2023-01-15",
}


def _h(key: str, kind: str, tier: str, names: str, tags: str, **kw: object) -> HfTemplate:
    sdks = tuple(str(kw.pop("sdks", "")).split())
    earliest = _HF_EARLIEST.get(key, "2020-03-01")
    return HfTemplate(
        key,
        kind,
        tier,
        tuple(names.split()),
        tuple(tags.split()),
        sdks=sdks,
        earliest=earliest,
        **kw,
    )  # type: ignore[arg-type]


HF_TEMPLATES: tuple[HfTemplate, ...] = (
    _h(
        "lora_adapter",
        "model",
        "production",
        "{base_short}-{domain}-lora {domain}-assistant-lora {base_short}-{lang}-lora",
        "peft safetensors lora text-generation conversational {lang_code} "
        "base_model:adapter:{base} license:{license}",
        library="peft",
        pipeline="text-generation",
        categories={"fine_tuning": 3},
    ),
    _h(
        "sft_full",
        "model",
        "production",
        "{domain}-{base_short}-sft {base_short}-{lang}-chat",
        "transformers safetensors {arch} text-generation trl sft conversational "
        "generated_from_trainer {lang_code} base_model:finetune:{base} license:{license}",
        library="transformers",
        pipeline="text-generation",
        categories={"fine_tuning": 3},
    ),
    _h(
        "dpo",
        "model",
        "production",
        "{base_short}-{domain}-dpo {base_short}-orpo",
        "transformers safetensors {arch} text-generation trl dpo conversational "
        "base_model:finetune:{base} license:{license}",
        library="transformers",
        pipeline="text-generation",
        categories={"fine_tuning": 3},
    ),
    _h(
        "gguf_quant",
        "model",
        "production",
        "{base_name}-GGUF {base_name}-{domain}-GGUF",
        "gguf {arch} text-generation conversational {lang_code} endpoints_compatible "
        "base_model:quantized:{base} license:{license}",
        library="gguf",
        pipeline="text-generation",
        categories={"inference": 2, "fine_tuning": 1, "cost_latency": 1},
    ),
    _h(
        "awq_quant",
        "model",
        "production",
        "{base_name}-AWQ {base_name}-AWQ-4bit",
        "transformers safetensors {arch} text-generation awq 4-bit conversational "
        "base_model:quantized:{base} license:{license}",
        library="transformers",
        pipeline="text-generation",
        categories={"inference": 2, "cost_latency": 2},
    ),
    _h(
        "mlx_quant",
        "model",
        "production",
        "{base_name}-4bit-mlx",
        "mlx safetensors {arch} text-generation conversational base_model:quantized:{base}",
        library="mlx",
        pipeline="text-generation",
        categories={"inference": 1},
    ),
    _h(
        "embedding_ft",
        "model",
        "production",
        "{emb_short}-{domain}-ft {domain}-embed-v{v} {emb_short}-{lang}-retrieval",
        "sentence-transformers safetensors {emb_arch} feature-extraction sentence-similarity "
        "generated_from_trainer dataset_size:{size}K loss:MultipleNegativesRankingLoss retrieval"
        " {lang_code} base_model:{emb_base} base_model:finetune:{emb_base} license:apache-2.0",
        library="sentence-transformers",
        pipeline="sentence-similarity",
        categories={"retrieval": 3, "fine_tuning": 2},
    ),
    _h(
        "reranker_ft",
        "model",
        "production",
        "{domain}-reranker bge-reranker-{domain}",
        "sentence-transformers safetensors xlm-roberta cross-encoder text-ranking reranker "
        "generated_from_trainer base_model:BAAI/bge-reranker-v2-m3 "
        "base_model:finetune:BAAI/bge-reranker-v2-m3 license:apache-2.0",
        library="sentence-transformers",
        pipeline="text-ranking",
        categories={"retrieval": 3, "fine_tuning": 2},
    ),
    _h(
        "classifier_old",
        "model",
        "toy",
        "bert-base-{lang}-ner rubert-sentiment bert-{domain}-classifier",
        "transformers pytorch bert token-classification generated_from_trainer",
        library="transformers",
        pipeline="token-classification",
        categories={"fine_tuning": 1},
    ),
    _h(
        "toy_model",
        "model",
        "toy",
        "distilbert-base-uncased-finetuned-imdb "
        "gpt2-finetuned-shakespeare my-awesome-model bert-finetuned-ner test-model",
        "transformers tensorboard safetensors distilbert text-classification "
        "generated_from_trainer base_model:distilbert/distilbert-base-uncased "
        "base_model:finetune:distilbert/distilbert-base-uncased license:apache-2.0",
        library="transformers",
        pipeline="text-classification",
        categories={"fine_tuning": 1},
    ),
    _h(
        "golden_eval",
        "dataset",
        "production",
        "{domain}-rag-golden-set {domain}-qa-eval {lang}-rag-benchmark",
        "task_categories:question-answering language:{lang_code} "
        "size_categories:1K<n<10K format:parquet library:datasets rag evaluation "
        "license:cc-by-4.0",
        categories={"evaluation": 3, "retrieval": 1},
    ),
    _h(
        "hard_negatives",
        "dataset",
        "production",
        "{domain}-hard-negatives {domain}-retrieval-triplets",
        "task_categories:sentence-similarity "
        "task_categories:text-retrieval size_categories:10K<n<100K format:parquet retrieval "
        "sentence-transformers",
        categories={"retrieval": 2, "fine_tuning": 1},
    ),
    _h(
        "instructions",
        "dataset",
        "production",
        "{domain}-instructions {lang}-alpaca {lang}-chat-sft",
        "task_categories:text-generation language:{lang_code} "
        "size_categories:10K<n<100K format:json sft instruction-tuning",
        categories={"fine_tuning": 2},
    ),
    _h(
        "preference",
        "dataset",
        "production",
        "{domain}-preferences {domain}-dpo-pairs",
        "task_categories:text-generation size_categories:1K<n<10K format:parquet dpo rlhf",
        categories={"fine_tuning": 2},
    ),
    _h(
        "agent_traces",
        "dataset",
        "production",
        "{domain}-agent-trajectories tool-calling-evals",
        "task_categories:text-generation size_categories:1K<n<10K "
        "format:json agents tool-calling evaluation",
        categories={"agentic": 2, "evaluation": 2},
    ),
    _h(
        "toy_dataset",
        "dataset",
        "toy",
        "test my-dataset imdb-small csv-test",
        "size_categories:n<1K format:csv",
    ),
    _h(
        "rag_demo",
        "space",
        "toy",
        "{domain}-rag-demo ask-{domain}",
        "rag region:us",
        sdks="gradio streamlit",
        categories={"retrieval": 1},
    ),
    _h(
        "eval_leaderboard",
        "space",
        "production",
        "{domain}-eval-leaderboard {lang}-embedding-leaderboard",
        "leaderboard evaluation region:us",
        sdks="gradio docker",
        categories={"evaluation": 2},
    ),
    _h(
        "chat_demo",
        "space",
        "toy",
        "{base_short}-chat {base_short}-{domain}-demo",
        "region:us",
        sdks="gradio",
        categories={"inference": 1},
    ),
    _h(
        "agent_demo",
        "space",
        "toy",
        "{domain}-agent-demo",
        "agents region:us",
        sdks="gradio docker",
        categories={"agentic": 1},
    ),
    _h(
        "toy_space",
        "space",
        "none",
        "chatgpt-clone ai-chatbot my-first-space gpt-demo",
        "region:us",
        sdks="streamlit gradio",
    ),
)
HF_BY_KEY: dict[str, HfTemplate] = {t.key: t for t in HF_TEMPLATES}


# Rendering ------------------------------------------------------------------------------------


class Slots(dict[str, str]):
    """Random fillers for one artifact's placeholders, drawn only when a template asks.

    Related slots are drawn together (``vdb`` with its packages, ``base`` with its licence)."""

    def __init__(self, rng: random.Random, culture: str) -> None:
        super().__init__()
        self.rng = rng
        self.culture = culture

    def __missing__(self, key: str) -> str:
        group = _SLOT_GROUPS.get(key)
        if group is None:
            raise KeyError(key)
        self.update(group(self.rng, self.culture))
        return self[key]


def _vdb(rng: random.Random, culture: str) -> dict[str, str]:
    vdb, topic, packages, npm = rng.choice(VECTOR_STORES)
    return {"vdb": vdb, "vdb_topic": topic, "vdb_pkg": " ".join(packages), "vdb_npm": npm}


def _base(rng: random.Random, culture: str) -> dict[str, str]:
    base, short, arch, license = rng.choice(TEXT_BASES)
    return {
        "base": base,
        "base_short": short,
        "base_name": base.split("/")[1],
        "arch": arch,
        "license": license,
    }


def _embedding(rng: random.Random, culture: str) -> dict[str, str]:
    base, short, arch = rng.choice(EMBEDDING_BASES)
    return {"emb_base": base, "emb_short": short, "emb_arch": arch}


def _language(rng: random.Random, culture: str) -> dict[str, str]:
    code, lang = HF_LANGUAGES.get(culture, ("en", "english"))
    if rng.random() < 0.5:
        code, lang = "en", "english"
    return {"lang": lang, "lang_code": code}


def _money(rng: random.Random, culture: str) -> dict[str, str]:
    before = rng.choice((12, 18, 25, 40, 60))
    return {"before": str(before), "after": str(max(2, before // rng.choice((3, 4, 5))))}


def _single(draw: Callable[[random.Random], object], key: str) -> SlotGroup:
    return lambda rng, culture: {key: str(draw(rng))}


SlotGroup = Callable[[random.Random, str], dict[str, str]]
_SLOT_GROUPS: dict[str, SlotGroup] = {
    **dict.fromkeys(("vdb", "vdb_topic", "vdb_pkg", "vdb_npm"), _vdb),
    **dict.fromkeys(("base", "base_short", "base_name", "arch", "license"), _base),
    **dict.fromkeys(("emb_base", "emb_short", "emb_arch"), _embedding),
    **dict.fromkeys(("lang", "lang_code"), _language),
    **dict.fromkeys(("before", "after"), _money),
    "domain": _single(lambda rng: rng.choice(DOMAINS), "domain"),
    "thing": _single(lambda rng: rng.choice(THINGS), "thing"),
    "framework": _single(lambda rng: " ".join(rng.choice(FRAMEWORKS)), "framework"),
    "n": _single(lambda rng: rng.choice((1, 2, 3, 5, 8, 12)), "n"),
    "p95": _single(lambda rng: rng.choice((120, 180, 200, 250, 300, 450)), "p95"),
    "saving": _single(lambda rng: rng.randint(25, 80), "saving"),
    "k": _single(lambda rng: rng.choice((1, 2, 3, 5)), "k"),
    "gain": _single(lambda rng: f"{rng.uniform(3, 14):.1f}", "gain"),
    "v": _single(lambda rng: rng.randint(1, 3), "v"),
    "size": _single(lambda rng: rng.choice((5, 12, 40, 100)), "size"),
}


def slot_values(rng: random.Random, culture: str) -> Slots:
    return Slots(rng, culture)


def fill(text: str, slots: Slots) -> str:
    return text.format_map(slots)


def dependency_file(
    template: RepoTemplate,
    rng: random.Random,
    slots: Slots,
    owner: str,
    name: str,
    description: str,
) -> tuple[str, str] | None:
    """(path, content) of the repository's dependency file, or None when it has none."""
    if template.dep_file is None:
        return None
    deps = _packages(template.deps, slots)
    deps += [p for p in _packages(template.extra_deps, slots) if rng.random() < 0.5]
    deps = list(dict.fromkeys(deps))
    dev = [p for p in _packages(template.dev_deps, slots) if p not in deps]
    if template.dep_file == "pyproject.toml":
        return template.dep_file, _pyproject(name, description, deps, dev, rng)
    if template.dep_file == "requirements.txt":
        return template.dep_file, "".join(f"{p}=={VERSIONS.get(p, '1.0.0')}\n" for p in deps)
    if template.dep_file == "package.json":
        return template.dep_file, _package_json(name, deps, dev)
    if template.dep_file == "go.mod":
        modules = rng.sample(GO_MODULES, 3)
        body = "".join(f"\t{m}\n" for m in sorted(modules))
        return "go.mod", f"module github.com/{owner}/{name}\n\ngo 1.23\n\nrequire (\n{body})\n"
    crates = "\n".join(rng.sample(CRATES, 4))
    return "Cargo.toml", (
        f'[package]\nname = "{name}"\nversion = "0.{rng.randint(1, 9)}.0"\n'
        f'edition = "2021"\n\n[dependencies]\n{crates}\n'
    )


def _packages(names: tuple[str, ...], slots: Slots) -> list[str]:
    return " ".join(fill(n, slots) for n in names).split()


def _pyproject(
    name: str, description: str, deps: list[str], dev: list[str], rng: random.Random
) -> str:
    lines = [f'    "{p}>={_floor(VERSIONS.get(p, "1.0.0"))}",' for p in deps]
    text = (
        f'[project]\nname = "{name}"\nversion = "0.{rng.randint(1, 12)}.{rng.randint(0, 9)}"'
        f"\ndescription = {json.dumps(description, ensure_ascii=False)}\n"
        f'requires-python = ">=3.11"\ndependencies = [\n' + "\n".join(lines) + "\n]\n"
    )
    if dev:
        items = ", ".join(f'"{p}>={_floor(VERSIONS.get(p, "1.0.0"))}"' for p in dev)
        text += f"\n[project.optional-dependencies]\ndev = [{items}]\n"
    return text


def _floor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def _package_json(name: str, deps: list[str], dev: list[str]) -> str:
    body = {
        "name": name,
        "version": "0.1.0",
        "private": True,
        "scripts": {"dev": "next dev", "build": "next build", "test": "vitest run"},
        "dependencies": {p: f"^{NPM_VERSIONS.get(p, '1.0.0')}" for p in deps},
        "devDependencies": {p: f"^{NPM_VERSIONS.get(p, '1.0.0')}" for p in dev},
    }
    return json.dumps(body, indent=2) + "\n"


def readme(template: RepoTemplate, rng: random.Random, name: str, description: str) -> str | None:
    if template.readme is None:
        return None
    values = {
        "name": name,
        "description": description.rstrip("."),
        "qps": rng.choice((5, 20, 40, 150)),
        "p95": rng.choice((180, 240, 320, 900)),
        "p95r": rng.choice((25, 40, 60)),
        "golden": rng.choice((150, 300, 500, 1200)),
        "faith": f"{rng.uniform(0.82, 0.95):.2f}",
        "recall": f"{rng.uniform(0.75, 0.93):.2f}",
        "models": rng.randint(3, 12),
        "before": rng.choice((18, 25, 40)),
        "after": rng.choice((5, 8, 11)),
        "tools": ", ".join(
            rng.sample(("search", "sql", "jira", "email", "calendar", "crm", "python", "http"), 3)
        ),
        "steps": rng.choice((8, 12, 20)),
        "success": rng.randint(71, 93),
    }
    return template.readme.format_map(values)
