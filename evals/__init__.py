"""The evaluation's ground-truth side: golden queries and the judgments built from a world.

Not product code: this package reads a simulated world's ground truth, which ``talent``,
``crawler``, ``indexer`` and ``search`` never do. ``talent eval`` only reads the golden file
written here (``python -m evals.golden``) and maps its handles to the store's people.
"""
