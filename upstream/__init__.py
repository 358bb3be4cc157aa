"""A faithful GitHub REST v3 + Hugging Face Hub simulator, and generated worlds to serve.

``world`` loads and validates a world directory (docs/world-format.md), ``server`` serves it
with the real services' semantics (pagination, ETags, rate limits, redirects, faults), and
``generate`` writes deterministic, realistic worlds.
"""
