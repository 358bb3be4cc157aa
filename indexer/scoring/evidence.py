"""Evidence items, one source at a time, and the category scores they add up to.

Each piece of evidence is worth *points*: a contribution to a listed repository (commits
log-scaled, owner/member roles worth more than drive-by commits, fading with age), an own
non-fork repository that depends on, is tagged with or describes a category's tools
(scaled by its stars and forks, log-scaled; stars count little without a dependency
manifest, and course work or tutorial clones count a fifth), a Hub artifact (downloads and
likes, log-scaled), an organisation membership, and words in the bio (cheap, so worth
little). Within a category the k-th strongest item counts ``item_decay^k``, items the
taxonomy calls weak (``openai``, ``langchain``: everyone has them) add at most
``weak_cap`` points together, and the score is ``1 - exp(-points / saturation)``: one
huge repository raises a category quickly but never alone to 1, and no pile of weak items
makes a strong score.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from talent.indexer.facts import ArtifactFact, OrgFact, PersonFacts, RepoFact
from talent.indexer.scoring.config import CategoryConfig, Scoring
from talent.indexer.scoring.curves import decayed_sum, log_ratio, recency, saturate
from talent.indexer.scoring.repos import (
    MAX_TEXT,
    commit_factor,
    is_own,
    keyword_matches,
    org_categories,
    popularity,
    repo_matches,
)
from talent.indexer.scoring.strength import contribution_volume
from talent.indexer.scoring.wording import few, month
from talent.taxonomy import CATEGORIES, Taxonomy
from talent.vocab import OPEN_SOURCE

ROLE_LABEL = {"owner": "owner", "member": "maintainer", "contributor": ""}
ARTIFACT_WORD = {"model": "model", "dataset": "dataset", "space": "Space"}


@dataclass(frozen=True, slots=True)
class Evidence:
    """One clickable reason behind a category score; ``weight`` is its points."""

    category: str
    kind: str  # contribution | dependency | topic | keyword | hf_artifact | org | bio
    url: str | None
    text: str
    occurred_at: datetime | None
    weight: float
    strength: float = 1.0  # the taxonomy's strength of the match (weak items are capped)
    since: datetime | None = None  # when this work began, for the AI clock
    learning: bool = False  # course work or a tutorial clone: little skill, but a direction
    volume: float | None = None  # strength points for ranking (None: ``weight``); strength.py

    def strength_points(self, other: float) -> float:
        """What the item adds to its area's strength: contributions their commit volume,
        everything else its points times ``other``."""
        return self.volume if self.volume is not None else self.weight * other


def contribution_evidence(
    repo: RepoFact, taxonomy: Taxonomy, now: datetime, scoring: Scoring
) -> list[Evidence]:
    """Commits to a listed repository, or to another one whose topics name a category."""
    cfg = scoring.contribution
    found = taxonomy.categories_for_repo(repo.full_name)
    note = ""
    if not found and not is_own(repo) and not repo.is_fork:
        topics = taxonomy.categories_for_topics(repo.topics)
        found = {c: s * cfg.topic_match for c, s in topics.items()}
        note = f" (topics {few(repo.topics)})" if found else ""
    if not found:
        return []
    commits = max(repo.commits, 1) if is_own(repo) else repo.commits
    if commits <= 0:
        return []
    when = repo.last_commit_at or (repo.pushed_at if is_own(repo) else None)
    factor = (
        cfg.weight
        * commit_factor(commits, cfg)
        * cfg.roles.get(repo.role, 1.0)  # type: ignore[call-overload]
        * recency(when, now, scoring.recency)
    )
    label = ROLE_LABEL.get(repo.role, "")
    text = (
        f"{repo.commits} commits to {repo.full_name}{f' ({label})' if label else ''}{note}, "
        f"last {month(when)}"
        if repo.commits
        else f"{label} of {repo.full_name}{note}"
    )
    since = repo.first_commit_at or repo.created_at or when
    volume = contribution_volume(repo, commits, now, scoring.strength)
    return [
        Evidence(
            category,
            "contribution",
            repo.commits_url,
            text,
            when,
            factor * s,
            s,
            since,
            volume=volume * s,
        )
        for category, s in found.items()
    ]


def open_source_evidence(
    repo: RepoFact, taxonomy: Taxonomy, now: datetime, scoring: Scoring
) -> list[Evidence]:
    """Commits to a widely used library outside AI (signals.toml [general]): engineering
    evidence for the open-source area, no AI category."""
    weight = taxonomy.general_weight(repo.full_name)
    if weight <= 0 or repo.commits <= 0:
        return []
    cfg = scoring.contribution
    when = repo.last_commit_at
    label = ROLE_LABEL.get(repo.role, "")
    text = (
        f"{repo.commits} commits to {repo.full_name}{f' ({label})' if label else ''}, "
        f"last {month(when)}"
    )
    points = (
        cfg.weight
        * commit_factor(repo.commits, cfg)
        * cfg.roles.get(repo.role, 1.0)  # type: ignore[call-overload]
        * recency(when, now, scoring.recency)
        * weight
    )
    volume = contribution_volume(repo, repo.commits, now, scoring.strength) * weight
    since = repo.first_commit_at or when
    return [
        Evidence(
            OPEN_SOURCE,
            "contribution",
            repo.commits_url,
            text,
            when,
            points,
            weight,
            since,
            volume=volume,
        )
    ]


def own_repo_evidence(
    repo: RepoFact, taxonomy: Taxonomy, now: datetime, scoring: Scoring
) -> list[Evidence]:
    """An own non-fork repository: its dependencies, topics and words, scaled by its users."""
    if not is_own(repo) or repo.is_fork or taxonomy.categories_for_repo(repo.full_name):
        return []
    cfg = scoring.own_repo
    matches = repo_matches(repo, taxonomy)
    sources = {
        "dependency": (cfg.dependency, matches.dependency),
        "topic": (cfg.topic, matches.topic),
        "keyword": (cfg.keyword, matches.keyword),
    }
    tutorial = matches.tutorial
    factor = (cfg.base + popularity(repo, taxonomy, cfg)) * recency(
        repo.pushed_at, now, scoring.recency
    )
    factor *= (cfg.tutorial if tutorial else 1.0) * (cfg.archived if repo.archived else 1.0)
    out = []
    for category in CATEGORIES:
        parts = {
            kind: (weight * max(found[category].values()), found[category])
            for kind, (weight, found) in sources.items()
            if found.get(category)
        }
        if not parts:
            continue
        kind = max(parts, key=lambda k: (parts[k][0], -list(sources).index(k)))
        values = [points for points, _ in parts.values()]
        points = max(values) + cfg.extra_source * (sum(values) - max(values))
        strength = max(max(items.values()) for _, items in parts.values())
        text = _own_repo_text(repo, {k: items for k, (_, items) in parts.items()}, tutorial)
        out.append(
            Evidence(
                category,
                kind,
                repo.html_url,
                text,
                repo.pushed_at,
                points * factor,
                strength,
                repo.created_at,
                tutorial,
            )
        )
    return out


def _own_repo_text(repo: RepoFact, parts: dict[str, dict[str, float]], tutorial: bool) -> str:
    users = [f"{repo.stars}★"] if repo.stars else []
    users += [f"{repo.forks} forks"] if repo.forks else []
    head = f"{repo.full_name} ({', '.join(users)})" if users else repo.full_name
    said = {"dependency": "depends on", "topic": "topics", "keyword": "mentions"}
    body = "; ".join(f"{said[kind]} {few(items)}" for kind, items in parts.items())
    return f"{head}: {body}{' [tutorial/clone]' if tutorial else ''}"


def artifact_evidence(
    artifact: ArtifactFact, taxonomy: Taxonomy, now: datetime, scoring: Scoring
) -> list[Evidence]:
    """A Hub model, dataset or space: tags, library and pipeline, scaled by its use."""
    cfg = scoring.hf
    found = taxonomy.categories_for_hf(artifact.tags, artifact.library_name, artifact.pipeline_tag)
    if not found:
        return []
    used = artifact.downloads + cfg.like_weight * artifact.likes
    usage = log_ratio(used, cfg.downloads_ref, cfg.usage_cap, cfg.downloads_knee)
    when = artifact.last_modified or artifact.created_at
    factor = (
        cfg.weight
        * cfg.kinds.get(artifact.kind, 0.5)  # type: ignore[call-overload]
        * (cfg.base + usage)
        * recency(when, now, scoring.recency)
    )
    details = [d for d in (artifact.pipeline_tag, artifact.library_name) if d]
    text = (
        f"{ARTIFACT_WORD.get(artifact.kind, artifact.kind)} {artifact.hf_id} "
        f"({artifact.downloads:,} downloads, {artifact.likes} likes"
        f"{'; ' + ', '.join(details) if details else ''})"
    )
    since = artifact.created_at or when
    return [
        Evidence(c, "hf_artifact", artifact.url, text, when, factor * s, s, since)
        for c, s in found.items()
    ]


def org_evidence(org: OrgFact, taxonomy: Taxonomy, scoring: Scoring) -> list[Evidence]:
    """Membership of an organisation that owns listed repositories or describes AI work.

    An organisation spanning many categories (huggingface, microsoft) says little about any
    one of them: its strengths are shared out over more than ``orgs.focus`` categories.
    """
    owned = org_categories(taxonomy).get(org.login.lower(), {}) if org.platform == "github" else {}
    share = min(1.0, scoring.orgs.focus / len(owned)) if owned else 1.0
    found = {category: strength * share for category, strength in owned.items()}
    # a name anyone can join ("rag-builders") is a weak hint; owning listed repositories is not
    about = f"{org.login} {org.name or ''} {(org.description or '')[:MAX_TEXT]}"
    weak = taxonomy.signals.strength.weak
    for category, strength in taxonomy.categories_for_keywords(about).items():
        found[category] = max(found.get(category, 0.0), min(strength, weak))
    where = "GitHub" if org.platform == "github" else "Hugging Face"
    text = f"{org.role} of {where} organisation {org.login}"
    return [
        Evidence(c, "org", org.url, text, None, scoring.orgs.weight * s, s)
        for c, s in found.items()
    ]


def profile_evidence(facts: PersonFacts, taxonomy: Taxonomy, scoring: Scoring) -> list[Evidence]:
    """Words in the bio and company: what people say about themselves, worth little."""
    text = f"{(facts.bio or '')[:MAX_TEXT]}\n{(facts.company or '')[:MAX_TEXT]}"
    url = facts.github_url or facts.hf_url
    return [
        Evidence(
            c,
            "bio",
            url,
            f"profile says {few(items)}",
            None,
            scoring.profile.weight * max(items.values()),
            max(items.values()),
        )
        for c, items in keyword_matches(text, taxonomy).items()
    ]


def collect_evidence(
    facts: PersonFacts, taxonomy: Taxonomy, now: datetime, scoring: Scoring
) -> tuple[Evidence, ...]:
    """All evidence items, strongest first (ties by category, kind, url, text)."""
    items: list[Evidence] = []
    for repo in sorted(facts.repos, key=lambda r: r.full_name.lower()):
        items += contribution_evidence(repo, taxonomy, now, scoring)
        items += open_source_evidence(repo, taxonomy, now, scoring)
        items += own_repo_evidence(repo, taxonomy, now, scoring)
    for artifact in sorted(facts.artifacts, key=lambda a: (a.kind, a.hf_id)):
        items += artifact_evidence(artifact, taxonomy, now, scoring)
    for org in sorted(facts.orgs, key=lambda o: (o.platform, o.login.lower())):
        items += org_evidence(org, taxonomy, scoring)
    items += profile_evidence(facts, taxonomy, scoring)
    items = [e for e in items if e.weight > 0]
    return tuple(sorted(items, key=lambda e: (-e.weight, e.category, e.kind, e.url or "", e.text)))


def category_points(items: Sequence[Evidence], cfg: CategoryConfig) -> float:
    """Decayed sum of the strong items plus the (capped) decayed sum of the weak ones."""
    strong = [e.weight for e in items if e.strength >= cfg.weak_below]
    weak = [e.weight for e in items if e.strength < cfg.weak_below]
    return decayed_sum(strong, cfg.item_decay) + min(
        cfg.weak_cap, decayed_sum(weak, cfg.item_decay)
    )


def category_scores(
    evidence: Iterable[Evidence], cfg: CategoryConfig, *, strong_only: bool = False
) -> dict[str, float]:
    """Saturated points per category; ``strong_only`` ignores the weak items (for the track)."""
    by_category: dict[str, list[Evidence]] = defaultdict(list)
    for item in evidence:
        if not strong_only or item.strength >= cfg.weak_below:
            by_category[item.category].append(item)
    return {
        c: saturate(category_points(by_category.get(c, []), cfg), cfg.saturation)
        for c in CATEGORIES
    }


def direction_scores(evidence: Iterable[Evidence], scoring: Scoring) -> dict[str, float]:
    """Category scores from strong evidence with course work undiscounted: what the person
    works towards, for the track (a junior's course project points somewhere, too)."""
    undo = 1.0 / scoring.own_repo.tutorial if scoring.own_repo.tutorial > 0 else 1.0
    items = (replace(e, weight=e.weight * undo) if e.learning else e for e in evidence)
    return category_scores(items, scoring.categories, strong_only=True)
