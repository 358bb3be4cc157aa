"""Benchmarks (``make bench``): speed and size goals measured on this machine, written as JSON.

Each module has a ``run(...) -> dict``; ``python -m bench`` runs the selected ones and writes
``bench/results/<name>.json``. Benchmarks are never timed tests.
"""
