"""An evaluation world from real contribution data.

``python -m evals.realworld --graph contrib_graph.json --out DIR --seed 7 [--sample N]``
turns the pseudonymised contribution graph (44 real AI and Python repositories, who
committed how much where and when) into a world in the simulator's format
(docs/world-format.md): the real repositories and their owner organisations, every graph
person's real commit counts and dates, and an invented, noisy profile around them (names,
logins, locations, bios, companies, followers, own repositories, forks, Hub accounts,
memberships, events), plus hard negatives the graph does not hold (buzzword accounts, star
farmers, bots, automation accounts). ``truth/labels.jsonl`` grades every person from their
commits (see ``grading``), in the synthetic generator's schema, so ``python -m evals.golden
--queries evals/queries_real.toml`` builds the golden set.

Modules: ``graph`` (reading and sampling the graph), ``grading`` (the label rules),
``catalogue`` (repository and owner metadata), ``profiles`` (locations, bios, companies),
``people`` (one graph person), ``negatives`` (hype accounts, bots), ``build`` (writing).
Same graph, seed and sample give byte-identical files.
"""

from evals.realworld.build import build_world

__all__ = ["build_world"]
