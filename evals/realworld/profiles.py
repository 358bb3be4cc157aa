"""What invented people write on their profiles: locations, bios and companies.

Locations are free text as people type them, weighted toward Belarus (about 13%) and its
neighbours Poland, Lithuania, Latvia and Ukraine (about 13%), with the rest of Eastern
Europe and the relocation hubs (about 4%), a worldwide spread (about 24%) and empty or
unknowable text (about 46%, 39% empty). Spellings include Cyrillic ("Мінск", "Минск, Беларусь",
"Гомель"), codes ("BY", "RB"), flags, relocations ("Minsk → Warsaw") and some that the
product's gazetteer (config/gazetteer.toml) does not understand, as real profiles do:
"BLR", "Zhodino", "Мiнск" with a Latin "i", "Minks", "Orsha", "Mn, BY", "Piter", "Wawa".
Each spelling carries the country and city it means to a human reader (the label), in the
gazetteer's canonical English city names, or ``None`` where the text does not say.

Bios: about 40% empty, 25% generic ("Software engineer"), 15% about another area than the
person's commits, 20% about their own area (see ``bio_for``).
"""

from __future__ import annotations

import random
from itertools import accumulate

from talent.upstream.gen_people import (
    BIOS,
    COMPANIES_BY,
    COMPANIES_EE,
    COMPANIES_WORLD,
    EASTERN_EUROPE,
    GENERIC_BIOS,
    GLOBAL_MIX,
    Place,
    pick,
)

_BY = "by"
_PL = "pl:7 by:2 ua:1"
_LT = "lt:6 by:4"
_LV = "lv:6 ru:2 by:2"
_UA = "ua"
_WORLD_US = "us:6 in:2 cn:2"
_WORLD_EU = "de:5 gb:1 in:1 by:1 ua:1 pl:1"

# weight, text, country, city, name cultures
_PLACE_ROWS: tuple[tuple[float, str | None, str | None, str | None, str], ...] = (
    # Empty and unknowable (~46%)
    (30.0, None, None, None, GLOBAL_MIX),
    (4.0, "", None, None, GLOBAL_MIX),
    (2.0, "Remote", None, None, GLOBAL_MIX),
    (1.0, "Earth", None, None, GLOBAL_MIX),
    (0.5, "🌍", None, None, GLOBAL_MIX),
    (0.3, "Internet", None, None, GLOBAL_MIX),
    (0.3, "Worldwide", None, None, GLOBAL_MIX),
    (0.2, "localhost", None, None, GLOBAL_MIX),
    (1.2, "Europe", None, None, "by:3 ua:2 pl:2 de:2 ru:1"),
    (0.4, "Eastern Europe", None, None, "by:4 ua:3 pl:2 ru:1"),
    (0.3, "EU", None, None, "by:3 ua:2 pl:2 de:2"),
    (0.2, "UTC+3", None, None, "by:4 ua:3 ru:3"),
    # Belarus (~13%), Latin and Cyrillic, codes and flags
    (2.3, "Minsk", "BY", "Minsk", _BY),
    (2.0, "Minsk, Belarus", "BY", "Minsk", _BY),
    (0.5, "Мінск", "BY", "Minsk", _BY),
    (0.7, "Минск", "BY", "Minsk", _BY),
    (0.5, "Минск, Беларусь", "BY", "Minsk", _BY),
    (0.4, "Мінск, Беларусь", "BY", "Minsk", _BY),
    (0.4, "Belarus, Minsk", "BY", "Minsk", _BY),
    (0.2, "minsk", "BY", "Minsk", _BY),
    (0.2, "Minsk, BY", "BY", "Minsk", _BY),
    (0.1, "г. Минск", "BY", "Minsk", _BY),
    (0.2, "Minsk 🇧🇾", "BY", "Minsk", _BY),
    (1.1, "Belarus", "BY", None, _BY),
    (0.3, "Belarus 🇧🇾", "BY", None, _BY),
    (0.3, "Беларусь", "BY", None, _BY),
    (0.2, "BY", "BY", None, _BY),
    (0.1, "RB", "BY", None, _BY),
    (0.1, "🤍❤️🤍", "BY", None, _BY),
    (0.35, "Gomel", "BY", "Gomel", _BY),
    (0.15, "Homel", "BY", "Gomel", _BY),
    (0.2, "Гомель", "BY", "Gomel", _BY),
    (0.2, "Gomel, Belarus", "BY", "Gomel", _BY),
    (0.05, "Homiel, Belarus", "BY", "Gomel", _BY),
    (0.05, "Гомель, РБ", "BY", "Gomel", _BY),
    (0.2, "Grodno", "BY", "Grodno", _BY),
    (0.1, "Hrodna, Belarus", "BY", "Grodno", _BY),
    (0.2, "Brest, Belarus", "BY", "Brest", _BY),
    (0.15, "Vitebsk", "BY", "Vitebsk", _BY),
    (0.1, "Mogilev", "BY", "Mogilev", _BY),
    (0.03, "Mahilioŭ", "BY", "Mogilev", _BY),
    (0.05, "Navapolatsk", "BY", "Novopolotsk", _BY),
    # ... and spellings the gazetteer does not know (a human reads them as Belarus)
    (0.06, "BLR", "BY", None, _BY),
    (0.05, "Zhodino", "BY", "Zhodino", _BY),
    (0.03, "Жодино", "BY", "Zhodino", _BY),
    (0.05, "Orsha", "BY", "Orsha", _BY),
    (0.05, "Мiнск", "BY", "Minsk", _BY),  # a Latin "i" among Cyrillic letters
    (0.04, "Minks", "BY", "Minsk", _BY),
    (0.03, "Minskaya oblast", "BY", None, _BY),
    (0.03, "Slonim", "BY", "Slonim", _BY),
    (0.03, "Mn, BY", "BY", "Minsk", _BY),
    # Neighbours (~13%)
    (1.5, "Warsaw, Poland", "PL", "Warsaw", "pl:5 by:3 ua:2"),
    (0.6, "Warsaw", "PL", "Warsaw", "pl:4 by:4 ua:2"),
    (0.5, "Warszawa", "PL", "Warsaw", "pl"),
    (0.4, "Kraków", "PL", "Kraków", _PL),
    (0.4, "Krakow, Poland", "PL", "Kraków", _PL),
    (0.3, "Wrocław", "PL", "Wrocław", _PL),
    (0.2, "Gdańsk", "PL", "Gdańsk", _PL),
    (0.2, "Poznań", "PL", "Poznań", "pl"),
    (0.15, "Białystok", "PL", "Białystok", "pl:6 by:4"),
    (0.6, "Poland", "PL", None, _PL),
    (0.1, "Polska", "PL", None, "pl"),
    (0.03, "Wawa", "PL", "Warsaw", "pl"),
    (0.15, "Minsk → Warsaw", "PL", "Warsaw", _BY),
    (0.6, "Vilnius", "LT", "Vilnius", _LT),
    (0.5, "Vilnius, Lithuania", "LT", "Vilnius", _LT),
    (0.1, "Kaunas", "LT", "Kaunas", "lt"),
    (0.2, "Lithuania", "LT", None, _LT),
    (0.05, "From Gomel, living in Vilnius", "LT", "Vilnius", _BY),
    (0.4, "Riga", "LV", "Riga", _LV),
    (0.3, "Riga, Latvia", "LV", "Riga", _LV),
    (0.1, "Latvia", "LV", None, _LV),
    (0.8, "Kyiv", "UA", "Kyiv", _UA),
    (0.8, "Kyiv, Ukraine", "UA", "Kyiv", _UA),
    (0.3, "Київ", "UA", "Kyiv", _UA),
    (0.2, "Kiev", "UA", "Kyiv", "ua:8 ru:2"),
    (0.4, "Lviv", "UA", "Lviv", _UA),
    (0.3, "Kharkiv", "UA", "Kharkiv", "ua:7 ru:3"),
    (0.15, "Odesa, Ukraine", "UA", "Odesa", _UA),
    (0.1, "Dnipro", "UA", "Dnipro", _UA),
    (0.5, "Ukraine", "UA", None, _UA),
    (0.1, "Ukraine 🇺🇦", "UA", None, _UA),
    # The rest of Eastern Europe, the Caucasus and the relocation hubs (~4%)
    (0.5, "Tbilisi", "GE", "Tbilisi", "ge:4 by:4 ru:2"),
    (0.4, "Tbilisi, Georgia", "GE", "Tbilisi", "ge:5 by:3 ru:2"),
    (0.1, "Batumi", "GE", "Batumi", "ge:4 by:3 ru:3"),
    (0.3, "Belgrade", "RS", "Belgrade", "rs:5 by:3 ru:2"),
    (0.25, "Yerevan", "AM", "Yerevan", "am:6 ru:2 by:2"),
    (0.2, "Almaty", "KZ", "Almaty", "kz:7 ru:3"),
    (0.1, "Tashkent", "UZ", "Tashkent", "ru"),
    (0.5, "Moscow", "RU", "Moscow", "ru"),
    (0.2, "Москва", "RU", "Moscow", "ru"),
    (0.3, "Saint Petersburg", "RU", "Saint Petersburg", "ru"),
    (0.03, "Piter", "RU", "Saint Petersburg", "ru"),
    (0.3, "Prague, Czech Republic", "CZ", "Prague", "cz:6 by:2 ua:2"),
    (0.15, "Budapest", "HU", "Budapest", "hu"),
    (0.2, "Bucharest, Romania", "RO", "Bucharest", "ro"),
    (0.2, "Tallinn, Estonia", "EE", "Tallinn", "ee:6 ru:2 by:2"),
    (0.2, "Limassol, Cyprus", "CY", "Limassol", "by:5 ru:4 ua:1"),
    # Worldwide (~24%)
    (2.0, "San Francisco, CA", "US", "San Francisco", _WORLD_US),
    (1.0, "SF Bay Area", "US", "San Francisco", _WORLD_US),
    (1.3, "New York, NY", "US", "New York", "us:7 in:1 cn:1 ru:1"),
    (0.6, "Seattle, WA", "US", "Seattle", _WORLD_US),
    (0.3, "Boston, MA", "US", "Boston", _WORLD_US),
    (0.3, "Austin, TX", "US", "Austin", "us"),
    (0.6, "USA", "US", None, "us:8 in:2"),
    (1.3, "London, UK", "GB", "London", "gb:6 in:2 pl:1 cn:1"),
    (0.5, "London", "GB", "London", "gb:6 in:2 pl:1 ua:1"),
    (1.2, "Berlin, Germany", "DE", "Berlin", _WORLD_EU),
    (0.4, "Munich", "DE", "Munich", "de"),
    (1.0, "Paris, France", "FR", "Paris", "fr"),
    (0.6, "Amsterdam", "NL", "Amsterdam", "nl:5 in:2 us:1 by:1 ua:1"),
    (0.3, "Zurich", "CH", "Zurich", "de:6 in:2 us:2"),
    (0.3, "Lisbon, Portugal", "PT", "Lisbon", "es:5 by:2 ua:1 br:2"),
    (0.3, "Madrid, Spain", "ES", "Madrid", "es"),
    (0.6, "Toronto", "CA", "Toronto", "us:5 in:2 cn:2 ua:1"),
    (1.2, "Bangalore", "IN", "Bangalore", "in"),
    (0.6, "Bengaluru, India", "IN", "Bangalore", "in"),
    (0.8, "India", "IN", None, "in"),
    (0.3, "Hyderabad", "IN", "Hyderabad", "in"),
    (1.0, "Beijing, China", "CN", "Beijing", "cn"),
    (0.2, "北京", "CN", "Beijing", "cn"),
    (0.8, "Shanghai", "CN", "Shanghai", "cn"),
    (0.15, "上海", "CN", "Shanghai", "cn"),
    (0.5, "Hangzhou", "CN", "Hangzhou", "cn"),
    (0.4, "Shenzhen", "CN", "Shenzhen", "cn"),
    (0.6, "China", "CN", None, "cn"),
    (0.5, "Tokyo, Japan", "JP", "Tokyo", "jp"),
    (0.5, "Seoul", "KR", "Seoul", "kr"),
    (0.5, "Singapore", "SG", "Singapore", "cn:6 in:3 us:1"),
    (0.3, "Sydney, Australia", "AU", "Sydney", "gb:6 cn:2 in:2"),
    (0.3, "São Paulo, Brazil", "BR", "São Paulo", "br"),
    (0.3, "Tel Aviv, Israel", "IL", "Tel Aviv", "il:8 ru:2"),
)


def _mix(spec: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
    names, weights = [], []
    for part in spec.split():
        key, _, weight = part.partition(":")
        names.append(key)
        weights.append(float(weight or 1))
    return tuple(names), tuple(accumulate(weights))


PLACES: tuple[Place, ...] = tuple(
    Place(text, country, city, *_mix(mix)) for _, text, country, city, mix in _PLACE_ROWS
)
_PLACE_CUM = tuple(accumulate(row[0] for row in _PLACE_ROWS))


def pick_place(rng: random.Random) -> Place:
    return pick(rng, _PLACE_CUM, PLACES)


def region_of(country: str | None) -> str:
    if country == "BY":
        return "by"
    return "ee" if country in EASTERN_EUROPE else "world"


# Bios ------------------------------------------------------------------------------------
# Bios about each graph area (the synthetic generator's where they fit).
AREA_BIOS: dict[str, tuple[str, ...]] = {
    "eval": (
        *BIOS["evaluation"],
        "Evaluation harnesses and benchmarks for LLMs.",
        "Testing LLM apps: scorers, judges, red-teaming.",
        "Benchmarks for embedding models.",
    ),
    "rag": (
        *BIOS["rag"],
        "Document parsing and chunking for RAG.",
        "Embeddings, rerankers and retrieval.",
    ),
    "agentic": (
        *BIOS["agentic"],
        "Agent frameworks and tool calling.",
        "Multi-agent systems. MCP servers.",
    ),
    "vectordb": (
        "Vector databases and ANN search.",
        "Database engineer: indexes, HNSW, Postgres extensions.",
        "Search infrastructure. Go, Rust, vector search.",
        "Building vector search at scale.",
    ),
    "inference": (
        "LLM inference & serving. CUDA, kernels, quantization.",
        "Making LLM inference fast on GPUs and Apple silicon.",
        "Inference engines, batching, KV caches.",
        *BIOS["platform"][:3],
    ),
    "observability": (
        "Observability for LLM apps: tracing, OpenTelemetry.",
        "LLMOps. Tracing, evals, dashboards.",
        "OpenTelemetry contributor. Monitoring all the things.",
        *BIOS["platform"][3:],
    ),
    "finetuning": (
        *BIOS["fine_tuning"],
        "Post-training: SFT, DPO, GRPO.",
        "LoRA, QLoRA and RL for open models.",
    ),
    "control": (
        *BIOS["backend"],
        "Python core developer. Packaging, typing, tooling.",
        "CLI tools and developer experience.",
        "Maintainer of Python libraries.",
        "Testing and tooling for Python.",
    ),
}
HYPE_BIOS: tuple[str, ...] = (
    *BIOS["buzzword"],
    "AI Engineer 🤖 | LLM | RAG | Agents | Prompt Engineering",
    "Helping startups build AI agents 🚀 DM for collabs",
    "GenAI consultant | LangChain | CrewAI | n8n | Automation",
    "AI/ML Engineer | ChatGPT | Midjourney | Stable Diffusion | Web3",
    "Building the future with AI agents. 100+ AI projects.",
    "LLM whisperer. Prompt engineering is the new coding.",
    "AI Агенты | ChatGPT | Автоматизация бизнеса 🚀",
)
_AREA_NAMES = {
    "eval": "LLM evaluation",
    "rag": "RAG",
    "agentic": "agents",
    "vectordb": "vector search",
    "inference": "LLM inference",
    "observability": "LLM observability",
    "finetuning": "fine-tuning",
}


def bio_for(rng: random.Random, area: str, project: str | None) -> tuple[str | None, str]:
    """(bio, kind): kind is ``empty``, ``generic``, ``other`` (another area) or ``match``.
    A matching bio sometimes names the project the person works on."""
    roll = rng.random()
    if roll < 0.40:
        return (None if rng.random() < 0.9 else ""), "empty"
    if roll < 0.65:
        return rng.choice(GENERIC_BIOS), "generic"
    if roll < 0.80:
        other = rng.choice([a for a in AREA_BIOS if a != area])
        return rng.choice(AREA_BIOS[other]), "other"
    if project and rng.random() < 0.25:
        name = project.split("/")[1]
        text = rng.choice(("Working on {p}.", "{p} maintainer", "Core dev @ {p}", "{p} · {a}"))
        return text.format(p=name, a=_AREA_NAMES.get(area, "Python")), "match"
    return rng.choice(AREA_BIOS[area]), "match"


def company_for(rng: random.Random, region: str) -> str | None:
    if rng.random() < 0.5:
        return None
    local = {"by": COMPANIES_BY, "ee": COMPANIES_EE}.get(region, COMPANIES_WORLD)
    return rng.choice(local if rng.random() < 0.8 else COMPANIES_WORLD)
