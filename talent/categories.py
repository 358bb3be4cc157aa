"""The signal categories and tracks, as plain constants (cheap to import on the search path).

``config/signals.toml`` and ``config/seeds.toml`` must use exactly these categories; the
taxonomy loader checks it.
"""

CATEGORIES: tuple[str, ...] = (
    "evaluation",
    "retrieval",
    "agentic",
    "vector_db",
    "inference",
    "mlops",
    "fine_tuning",
    "cost_latency",
)
TRACKS: tuple[str, ...] = ("rag", "agentic", "platform")
