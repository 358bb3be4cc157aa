"""Anti-signals: what makes a profile's evidence count less (weights in ``signals.toml``).

Bots, forks-only profiles, a profile whose AI work is mostly tutorials or clones, long
inactivity, star farming (signals.toml's rule, or many stars on AI repositories without
code on a profile with no real work), and buzzword bios with no evidence. People who
commit upstream are spared the forks, tutorial and hollow-star rules. Scores and
production are multiplied by the product of ``(1 - weight)`` of those that fire: they
already include the penalty, so rankers must not apply it again.
"""

from __future__ import annotations

import math
from datetime import datetime

from talent.indexer.facts import PersonFacts, RepoFact
from talent.indexer.scoring.activity import last_active
from talent.indexer.scoring.config import AntiConfig, Scoring
from talent.indexer.scoring.repos import (
    MAX_TEXT,
    is_own,
    repo_categories,
    repo_matches,
    star_farmed,
)
from talent.indexer.scoring.wording import few, month
from talent.taxonomy import Signals, Taxonomy


def bot_reason(facts: PersonFacts, taxonomy: Taxonomy) -> str | None:
    logins = [login for login in facts.github_logins if taxonomy.is_bot_login(login)]
    if facts.is_bot or facts.github_type == "Bot" or logins:
        return f"automation account{f' ({logins[0]})' if logins else ''}"
    return None


def forks_only_reason(facts: PersonFacts, taxonomy: Taxonomy, cfg: AntiConfig) -> str | None:
    """Mostly forks and no commits upstream: clicks on "Fork", not work."""
    own = [r for r in facts.repos if is_own(r)]
    sources = sum(1 for r in own if not r.is_fork)
    public = max(facts.public_repos, len(own))
    upstream = sum(r.commits for r in facts.repos if not is_own(r))
    if upstream < cfg.forks_only_max_commits and taxonomy.is_forks_only(public, sources):
        return f"{public - sources} of {public} public repositories are forks"
    return None


def tutorial_reason(facts: PersonFacts, taxonomy: Taxonomy, cfg: AntiConfig) -> str | None:
    """Most of the person's AI work is tutorials, courses or clones (forked or not); other
    forks are nobody's work and do not count either way. People who commit upstream are
    spared: their awesome-list is a side note."""
    if sum(r.commits for r in facts.repos if not is_own(r)) >= cfg.forks_only_max_commits:
        return None
    own = [r for r in facts.repos if is_own(r)]
    tutorials = [r.full_name for r in own if repo_matches(r, taxonomy).tutorial]
    ai = [r for r in own if not r.is_fork and repo_categories(r, taxonomy)]
    total = len({r.full_name for r in ai} | set(tutorials))
    if (
        len(tutorials) >= cfg.tutorial_min_repos
        and len(tutorials) >= cfg.tutorial_min_share * total
    ):
        shown = few(tutorials, 2)
        return f"{len(tutorials)} of {total} AI repositories are tutorials or clones ({shown})"
    return None


def inactivity_reason(facts: PersonFacts, taxonomy: Taxonomy, now: datetime) -> str | None:
    latest = last_active(facts)
    days = (now - latest).total_seconds() / 86_400 if latest else None
    if taxonomy.is_inactive(days):
        return f"no public activity since {month(latest)}" if latest else "no dated activity"
    return None


def hollow_stars(repo: RepoFact, taxonomy: Taxonomy) -> bool:
    """Many stars on an AI repository with no code manifest and (as far as we know) no
    commits: the shape of bought stars when forks were bought too."""
    rule = taxonomy.anti.star_farming
    return (
        repo.stars >= rule.min_stars
        and not repo.dependencies
        and repo.commits <= rule.max_commits
        and bool(repo_categories(repo, taxonomy))
    )


def star_farming_reason(facts: PersonFacts, taxonomy: Taxonomy, cfg: AntiConfig) -> str | None:
    """Bought stars (signals.toml's rule), or hollow ones on a profile with no real work."""
    own = [r for r in facts.repos if is_own(r) and not r.is_fork]
    farmed = [r.full_name for r in own if star_farmed(r, taxonomy)]
    upstream = sum(r.commits for r in facts.repos if not is_own(r))
    real = upstream >= cfg.forks_only_max_commits or any(
        r.dependencies and repo_categories(r, taxonomy) for r in own
    )
    if not real:
        farmed += [
            r.full_name for r in own if hollow_stars(r, taxonomy) and r.full_name not in farmed
        ]
    return f"stars without forks, commits or code on {few(farmed, 2)}" if farmed else None


def buzzword_reason(
    facts: PersonFacts, taxonomy: Taxonomy, scores: dict[str, float], cfg: AntiConfig
) -> str | None:
    """Hype in the bio and no category with real evidence behind it."""
    phrases = taxonomy.buzzwords((facts.bio or "")[:MAX_TEXT])
    if phrases and max(scores.values(), default=0.0) < cfg.buzzword_max_score:
        return f"bio says {few(phrases)} with no evidence behind it"
    return None


def anti_signals(
    facts: PersonFacts,
    taxonomy: Taxonomy,
    signals: Signals,
    now: datetime,
    scores: dict[str, float],
    scoring: Scoring,
) -> tuple[dict[str, float], dict[str, str]]:
    """Anti-signals that fire: name -> weight (signals.toml), and name -> reason."""
    anti = signals.anti_signals
    checks = {
        "bot": (anti.bot.weight, bot_reason(facts, taxonomy)),
        "forks_only": (anti.forks_only.weight, forks_only_reason(facts, taxonomy, scoring.anti)),
        "tutorial_clone": (
            anti.tutorial_clone.weight,
            tutorial_reason(facts, taxonomy, scoring.anti),
        ),
        "inactivity": (anti.inactivity.weight, inactivity_reason(facts, taxonomy, now)),
        "star_farming": (
            anti.star_farming.weight,
            star_farming_reason(facts, taxonomy, scoring.anti),
        ),
        "buzzword_bio": (
            anti.buzzword_bio.weight,
            buzzword_reason(facts, taxonomy, scores, scoring.anti),
        ),
    }
    fired = {name: (w, why) for name, (w, why) in checks.items() if why is not None}
    return {n: w for n, (w, _) in fired.items()}, {n: why for n, (_, why) in fired.items()}


def penalty(weights: dict[str, float]) -> float:
    """The multiplier anti-signals leave: product of (1 - weight)."""
    return math.prod(1.0 - min(max(w, 0.0), 1.0) for w in weights.values())
