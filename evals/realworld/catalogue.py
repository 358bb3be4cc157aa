"""The graph's 44 repositories and their owners as GitHub shows them.

Descriptions come from the graph; stars, forks, creation dates, languages, topics and homepages
come from the synthetic generator's catalogue (``upstream/gen_catalogue.py``) where it already
lists the repository, and from the table below otherwise (rounded approximations of the real
values in 2025-2026: only the order of magnitude matters). ``hiyouga`` is a personal account
on GitHub; here it is an organisation, so that the world has no owner who is also a person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from evals.realworld.graph import AREA_CATEGORY, GraphRepo
from talent.upstream.gen_catalogue import ORGS, REPOS, CatalogueRepo

# Three lines per repository: full_name | language | stars | forks | created | licence;
# homepage | former names ("-" for none); topics.
_EXTRA_TABLE = """
UKGovernmentBEIS/inspect_ai | Python | 1500 | 300 | 2024-01-10 | MIT
    https://inspect.aisi.org.uk | -
    evals llm evaluation safety
embeddings-benchmark/mteb | Python | 2900 | 450 | 2022-04-05 | Apache-2.0
    - | -
    benchmark embeddings information-retrieval sentence-transformers text-embedding
Giskard-AI/giskard | Python | 4800 | 350 | 2022-03-02 | Apache-2.0
    https://giskard.ai | -
    ai-testing llm-evaluation llmops ml-testing red-teaming responsible-ai
langchain-ai/openevals | Python | 700 | 60 | 2025-02-06 | MIT
    - | -
    evals evaluation llm llm-as-a-judge
uptrain-ai/uptrain | Python | 2300 | 200 | 2022-10-12 | Apache-2.0
    https://uptrain.ai | -
    evaluation llm llm-eval llmops monitoring
FlagOpen/FlagEmbedding | Python | 10500 | 800 | 2023-08-01 | MIT
    - | -
    embeddings information-retrieval reranker retrieval-augmented-generation sentence-embeddings
AnswerDotAI/RAGatouille | Python | 3600 | 250 | 2023-12-29 | Apache-2.0
    - | bclavie/RAGatouille
    colbert information-retrieval rag retrieval
Unstructured-IO/unstructured | HTML | 12000 | 1000 | 2022-09-26 | Apache-2.0
    https://unstructured.io | -
    document-parsing etl llm nlp pdf preprocessing rag
chonkie-inc/chonkie | Python | 3600 | 200 | 2024-10-28 | MIT
    https://docs.chonkie.ai | bhavnicksm/chonkie
    chunking rag text-splitter embeddings
infiniflow/ragflow | Python | 62000 | 6000 | 2023-12-12 | Apache-2.0
    https://ragflow.io | -
    agent document-understanding llm rag retrieval-augmented-generation graphrag
huggingface/smolagents | Python | 22000 | 2000 | 2024-12-05 | Apache-2.0
    https://huggingface.co/docs/smolagents | -
    agents llm tool-calling code-agents
camel-ai/camel | Python | 14000 | 1500 | 2023-03-17 | Apache-2.0
    https://www.camel-ai.org | -
    multi-agent-systems agents llm ai-societies
agno-agi/agno | Python | 33000 | 4000 | 2022-05-04 | NOASSERTION
    https://docs.agno.com | phidatahq/phidata
    agents ai-agents multi-agent llm memory
milvus-io/pymilvus | Python | 1200 | 350 | 2019-09-20 | Apache-2.0
    - | -
    milvus vector-database python-sdk
qdrant/fastembed | Python | 2400 | 160 | 2023-07-04 | Apache-2.0
    https://qdrant.github.io/fastembed/ | -
    embeddings onnx vector-search retrieval
ml-explore/mlx-lm | Python | 2200 | 250 | 2025-03-10 | MIT
    - | -
    mlx llm apple-silicon inference
InternLM/lmdeploy | Python | 7200 | 600 | 2023-06-15 | Apache-2.0
    https://lmdeploy.readthedocs.io | -
    llm inference serving quantization cuda-kernels turbomind
mistralai/mistral-inference | Jupyter Notebook | 10500 | 950 | 2023-09-27 | Apache-2.0
    https://mistral.ai | mistralai/mistral-src
    llm mistral inference
openlit/openlit | Python | 2000 | 200 | 2024-01-23 | Apache-2.0
    https://openlit.io | -
    observability opentelemetry llmops gpu-monitoring llm-observability
Arize-ai/openinference | Python | 600 | 120 | 2023-12-26 | Apache-2.0
    - | -
    opentelemetry instrumentation llm tracing observability
pydantic/logfire | Python | 3200 | 130 | 2023-08-08 | MIT
    https://logfire.pydantic.dev | -
    observability opentelemetry python llm-observability
AgentOps-AI/agentops | Python | 5000 | 450 | 2023-08-15 | MIT
    https://agentops.ai | -
    agents observability monitoring llm-tracing
hiyouga/LLaMA-Factory | Python | 60000 | 7300 | 2023-05-28 | Apache-2.0
    https://llamafactory.readthedocs.io | hiyouga/LLaMA-Efficient-Tuning
    fine-tuning llm lora qlora rlhf peft instruction-tuning
pallets/click | Python | 16500 | 1450 | 2014-04-24 | BSD-3-Clause
    https://click.palletsprojects.com | -
    cli click pallets python
Textualize/rich | Python | 52000 | 1900 | 2019-11-10 | MIT
    https://rich.readthedocs.io | willmcgugan/rich
    python terminal tui syntax-highlighting progress-bar
python-attrs/attrs | Python | 5500 | 390 | 2015-01-27 | MIT
    https://www.attrs.org | -
    python classes boilerplate
psf/black | Python | 40000 | 2600 | 2018-03-14 | MIT
    https://black.readthedocs.io | ambv/black
    python code-formatter autopep8 gofmt
"""


def _parse_extra(text: str) -> dict[str, CatalogueRepo]:
    lines = [line.strip() for line in text.strip().splitlines()]
    out = {}
    for head, links, topics in zip(lines[::3], lines[1::3], lines[2::3], strict=True):
        name, language, stars, forks, created, license = (c.strip() for c in head.split("|"))
        homepage, former = (c.strip() for c in links.split("|"))
        out[name] = CatalogueRepo(
            name,
            "",
            language,
            int(stars),
            int(forks),
            created,
            tuple(topics.split()),
            {},
            "neutral",
            None if homepage == "-" else homepage,
            license,
            () if former == "-" else tuple(former.split()),
        )
    return out


_EXTRA = _parse_extra(_EXTRA_TABLE)
_FORMER = {"fastapi/fastapi": ("tiangolo/fastapi",)}

# Owners the synthetic catalogue does not list: name, blog, location, created, followers.
_OWNERS: dict[str, tuple[str, str | None, str | None, str, int]] = {
    "AgentOps-AI": ("AgentOps", "https://agentops.ai", "San Francisco", "2023-08-14", 300),
    "AnswerDotAI": ("Answer.AI", "https://www.answer.ai", None, "2023-11-15", 1300),
    "FlagOpen": ("FlagOpen", "https://www.baai.ac.cn", "Beijing", "2023-01-10", 1600),
    "Giskard-AI": ("Giskard", "https://giskard.ai", "Paris, France", "2021-05-04", 300),
    "InternLM": ("InternLM", "https://internlm.intern-ai.org.cn", "Shanghai", "2023-06-05", 2500),
    "Textualize": ("Textualize", "https://www.textualize.io", "Edinburgh", "2021-10-20", 900),
    "UKGovernmentBEIS": (
        "AI Security Institute",
        "https://www.aisi.gov.uk",
        "London",
        "2016-02-29",
        400,
    ),
    "Unstructured-IO": ("Unstructured", "https://unstructured.io", None, "2022-09-12", 600),
    "agno-agi": ("Agno", "https://agno.com", None, "2024-12-01", 1200),
    "camel-ai": ("CAMEL-AI.org", "https://www.camel-ai.org", None, "2023-03-16", 1800),
    "chonkie-inc": ("Chonkie", "https://chonkie.ai", "San Francisco", "2025-01-20", 200),
    "embeddings-benchmark": ("MTEB", None, None, "2022-04-05", 250),
    "hiyouga": ("LLaMA Factory", "https://llamafactory.readthedocs.io", None, "2018-06-12", 9000),
    "infiniflow": ("InfiniFlow", "https://infiniflow.org", None, "2023-04-20", 1400),
    "mistralai": ("Mistral AI", "https://mistral.ai", "Paris, France", "2023-05-24", 3200),
    "ml-explore": ("ml-explore", None, None, "2023-11-28", 3500),
    "openlit": ("OpenLIT", "https://openlit.io", None, "2024-01-22", 120),
    "python-attrs": ("attrs", "https://www.attrs.org", None, "2015-05-06", 90),
    "uptrain-ai": ("UpTrain AI", "https://uptrain.ai", "San Francisco", "2022-08-30", 150),
}


def catalogue_repos(repos: Iterable[GraphRepo]) -> dict[str, CatalogueRepo]:
    """Every graph repository as a ``CatalogueRepo`` (what the generator's helpers take), its
    description from the graph and its category the graph's area."""
    known = {r.full_name: r for r in REPOS}
    out = {}
    for repo in repos:
        base = known.get(repo.name) or _EXTRA.get(repo.name)
        if base is None:
            raise KeyError(f"no metadata for {repo.name}: add it to evals/realworld/catalogue.py")
        categories = {AREA_CATEGORY[repo.area]: 3} if repo.area in AREA_CATEGORY else {}
        out[repo.name] = replace(
            base,
            description=repo.description or base.description,
            categories=categories,
            kind="ai" if categories else "neutral",
            former=base.former or _FORMER.get(repo.name, ()),
        )
    return out


def owner_info(login: str) -> tuple[str, str | None, str | None, str, int]:
    """(display name, blog, location, created date, followers) of an owner organisation."""
    if login in ORGS:
        return ORGS[login]
    if login not in _OWNERS:
        raise KeyError(f"no owner data for {login}: add it to evals/realworld/catalogue.py")
    return _OWNERS[login]
