"""Public events for the 30 days before ``now``, in GitHub's shape since 2025 (a PushEvent
payload carries no ``commits``). Titles follow what the person works on, so an activity feed
reads like the profile it belongs to."""

from __future__ import annotations

import random
from datetime import timedelta
from itertools import accumulate
from typing import Any

from talent.upstream.gen_people import pick
from talent.upstream.gen_person import PersonBuilder
from talent.upstream.gen_state import DAY, between, gh_time, sha

Record = dict[str, Any]
WINDOW = 30 * DAY

_TITLES: dict[str, tuple[str, ...]] = {
    "rag": (
        "Add hybrid retrieval with RRF fusion",
        "Fix reranker batching on long contexts",
        "Add ragas faithfulness gate to CI",
        "Bump qdrant-client to 1.12",
        "Cache query embeddings in Redis",
        "Tune chunk size and overlap",
        "Add citations to answers",
        "Support metadata filters in hybrid search",
        "Reduce p95 latency of retrieval",
        "Expand golden set with hard questions",
        "Track context recall per release",
        "Add LLM-as-judge agreement report",
    ),
    "agentic": (
        "Add retry with backoff for tool calls",
        "Detect loops in agent graph",
        "Add human-in-the-loop interrupt",
        "Persist checkpoints in Redis",
        "Add trajectory evals for the booking flow",
        "Support parallel tool calls",
        "Cap agent cost per task",
        "Expose CRM search as an MCP tool",
    ),
    "platform": (
        "Enable prefix caching in vLLM",
        "Fall back to a smaller model on timeout",
        "Semantic cache for repeated prompts",
        "Export token usage per tenant",
        "Autoscale on queue depth",
        "Add AWQ model config",
        "Bump vLLM to 0.6.6",
        "Add QLoRA config for Qwen3-8B",
        "Push GGUF quants to the Hub",
    ),
    "plain": (
        "Fix race in connection pool",
        "Add migration for orders table",
        "Bump dependencies",
        "Refactor auth middleware",
        "Fix typo in docs",
        "Add healthcheck endpoint",
        "Improve error messages",
        "Update CI workflow",
        "Handle timeouts in the HTTP client",
        "Speed up test suite",
    ),
    "buzz": (
        "Update README.md",
        "Add files via upload",
        "Update README",
        "Initial commit",
        "Create main.py",
    ),
}
_OWN_TYPES = (
    ("PushEvent", 62),
    ("CreateEvent", 9),
    ("PullRequestEvent", 8),
    ("IssuesEvent", 4),
    ("IssueCommentEvent", 5),
    ("WatchEvent", 8),
    ("ReleaseEvent", 2),
    ("DeleteEvent", 2),
)
_UPSTREAM_TYPES = (
    ("PullRequestEvent", 34),
    ("IssueCommentEvent", 26),
    ("PullRequestReviewEvent", 14),
    ("IssuesEvent", 12),
    ("WatchEvent", 14),
)
_OWN_NAMES = tuple(name for name, _ in _OWN_TYPES)
_OWN_CUM = tuple(accumulate(weight for _, weight in _OWN_TYPES))
_UP_NAMES = tuple(name for name, _ in _UPSTREAM_TYPES)
_UP_CUM = tuple(accumulate(weight for _, weight in _UPSTREAM_TYPES))
_BRANCHES = (
    "feat/hybrid-search",
    "fix/timeouts",
    "eval-gate",
    "refactor",
    "deps",
    "feature/cache",
    "fix-ci",
    "docs",
)


def add_events(b: PersonBuilder, user_id: int, count: int, watch: list[tuple[str, int]]) -> None:
    """``count`` events for an active person, oldest first with growing ids."""
    rng, now = b.rng, b.now
    topic = _topic(b)
    moments = sorted(between(rng, now - WINDOW, now - timedelta(minutes=1)) for _ in range(count))
    actor = {"id": user_id, "login": b.login}
    for moment in moments:
        target = rng.choice(b.event_targets) if b.event_targets else None
        if target is None or (target[2] != "upstream" and rng.random() < 0.06):
            name, repo_id = rng.choice(watch)
            kind, payload = "WatchEvent", {"action": "started"}
        elif target[2] == "upstream":
            name, repo_id = target[0], target[1]
            kind = pick(rng, _UP_CUM, _UP_NAMES)
            payload = _payload(kind, rng, topic, b)
        else:
            name, repo_id = target[0], target[1]
            kind = pick(rng, _OWN_CUM, _OWN_NAMES)
            if kind == "WatchEvent":
                name, repo_id = rng.choice(watch)
            payload = _payload(kind, rng, topic, b)
        if kind == "PushEvent":
            payload["repository_id"] = repo_id
        b.events.append(
            {
                "id": b.state.next_event_id(),
                "type": kind,
                "actor": actor,
                "repo": {"id": repo_id, "name": name},
                "payload": payload,
                "public": True,
                "created_at": gh_time(moment),
            }
        )
        b.activity.append(moment)


def _topic(b: PersonBuilder) -> str:
    if b.archetype in ("buzzword", "star_farmer"):
        return "buzz"
    if b.archetype == "eval_specialist":
        return "rag"
    return b.track or "plain"


def _payload(kind: str, rng: random.Random, topic: str, b: PersonBuilder) -> Record:
    title = rng.choice(_TITLES[topic])
    number = rng.randint(1, 4000)
    if kind == "PushEvent":
        branch = "main" if rng.random() < 0.7 else rng.choice(_BRANCHES)
        return {
            "push_id": b.state.next_push_id(),
            "ref": f"refs/heads/{branch}",
            "head": sha(rng),
            "before": sha(rng),
        }
    if kind == "PullRequestEvent":
        merged = rng.random() < 0.5
        return {
            "action": "closed" if merged else "opened",
            "number": number,
            "pull_request": {
                "id": b.state.next_item_id(),
                "number": number,
                "title": title,
                "state": "closed" if merged else "open",
                "merged": merged,
                "head": {"ref": rng.choice(_BRANCHES)},
                "base": {"ref": "main"},
            },
        }
    if kind == "PullRequestReviewEvent":
        return {
            "action": "created",
            "review": {
                "id": b.state.next_item_id(),
                "state": rng.choice(("approved", "commented", "changes_requested")),
            },
            "pull_request": {"number": number, "title": title},
        }
    if kind == "IssuesEvent":
        action = rng.choice(("opened", "closed"))
        return {
            "action": action,
            "issue": {
                "id": b.state.next_item_id(),
                "number": number,
                "title": title,
                "state": "open" if action == "opened" else "closed",
                "labels": [],
            },
        }
    if kind == "IssueCommentEvent":
        return {
            "action": "created",
            "issue": {"number": number, "title": title},
            "comment": {
                "id": b.state.next_item_id(),
                "body": rng.choice(
                    ("LGTM", "Thanks, fixed.", "Can you add a test?", "Reproduced on main.", "+1")
                ),
            },
        }
    if kind == "WatchEvent":
        return {"action": "started"}
    if kind == "CreateEvent":
        return {
            "ref": rng.choice(_BRANCHES),
            "ref_type": "branch",
            "master_branch": "main",
            "description": None,
            "pusher_type": "user",
        }
    if kind == "ReleaseEvent":
        tag = f"v0.{rng.randint(1, 30)}.{rng.randint(0, 9)}"
        return {
            "action": "published",
            "release": {"tag_name": tag, "name": tag, "draft": False, "prerelease": False},
        }
    return {"ref": rng.choice(_BRANCHES), "ref_type": "branch", "pusher_type": "user"}
