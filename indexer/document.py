"""The person document (one text for embedding and BM25), its payload, and their hash.

The document leads with what identifies the person and what they are strongest at, then the
work behind it, strongest first, so that capping it at ``max_chars`` drops the least useful
text. Everything is deterministic (ties broken by name) and cleaned of control characters
and terminal escape sequences; letters of any script are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from talent.contracts import EvidenceRef, PersonPayload, tool_key
from talent.indexer.facts import ArtifactFact, OrgFact, PersonFacts, RepoFact
from talent.indexer.scoring import Evidence, PersonProfile
from talent.taxonomy import CATEGORIES
from talent.text import sanitize

TOP_CATEGORY_MIN = 0.2
TOP_CATEGORIES = 4
TOP_EVIDENCE = 3
MAX_DEPENDENCIES = 15
UPSTREAM_CHARS = 160  # of a contributed-to project's own description
TRACK_WORDS = {
    "rag": "applied AI and RAG engineer",
    "agentic": "agentic systems engineer",
    "platform": "AI infrastructure and platform engineer",
}
CATEGORY_WORDS = {
    "evaluation": "LLM evaluation",
    "retrieval": "retrieval and RAG",
    "agentic": "agentic systems",
    "vector_db": "vector databases",
    "inference": "open-weights inference and serving",
    "mlops": "LLM observability and MLOps",
    "fine_tuning": "fine-tuning and training",
    "cost_latency": "cost and latency at scale",
}


def clean(text: str | None, limit: int) -> str:
    """One line of sanitized text (``talent.text.sanitize``), cut to about ``limit`` first:
    a megabyte bio costs nothing, and ``cap`` shortens documents at word boundaries later."""
    return sanitize(text[: limit * 2]) if text else ""


def cap(text: str, max_chars: int) -> str:
    """At most ``max_chars``, cut at a word boundary (a single longer word is cut hard)."""
    if len(text) <= max_chars:
        return text
    cut = text[:max_chars]
    if text[max_chars].isspace():  # the cut falls between two words
        return cut.rstrip()
    space = max(cut.rfind(" "), cut.rfind("\n"))
    return cut[:space].rstrip() if space > 0 else cut


# Ordering ---------------------------------------------------------------------------------
def _strength_by_url(evidence: Iterable[Evidence]) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in evidence:
        if item.url:
            out[item.url] = max(item.weight, out.get(item.url, 0.0))
    return out


def ranked_repos(
    facts: PersonFacts, profile: PersonProfile
) -> tuple[list[RepoFact], list[RepoFact]]:
    """Repositories with evidence (strongest first), and the other own non-fork ones."""
    strength = _strength_by_url(profile.evidence)

    def weight(repo: RepoFact) -> float:
        return max(strength.get(repo.html_url, 0.0), strength.get(repo.commits_url, 0.0))

    ordered = sorted(
        facts.repos, key=lambda r: (-weight(r), -r.stars, r.full_name.lower(), r.full_name)
    )
    rest = [r for r in ordered if weight(r) == 0 and r.role == "owner" and not r.is_fork]
    return [r for r in ordered if weight(r) > 0], rest


def ranked_artifacts(facts: PersonFacts, profile: PersonProfile) -> list[ArtifactFact]:
    strength = _strength_by_url(profile.evidence)
    return sorted(
        facts.artifacts,
        key=lambda a: (-strength.get(a.url, 0.0), -a.downloads, a.kind, a.hf_id),
    )


def top_categories(profile: PersonProfile) -> list[str]:
    found = [c for c in CATEGORIES if profile.scores.get(c, 0.0) >= TOP_CATEGORY_MIN]
    return sorted(found, key=lambda c: (-profile.scores[c], c))[:TOP_CATEGORIES]


# Lines ------------------------------------------------------------------------------------
def _repo_line(repo: RepoFact, limit: int) -> str:
    """Own work in full; someone else's project briefly (its description is not theirs)."""
    own = repo.role == "owner"
    description = clean(repo.description, limit if own else UPSTREAM_CHARS)
    if not own and len(description) > UPSTREAM_CHARS:
        description = cap(description, UPSTREAM_CHARS) + "…"
    topics = ", ".join(clean(t, 50) for t in repo.topics[: 10 if own else 5])
    if own:
        head = repo.full_name
    else:
        role = ", maintainer" if repo.role == "member" else ""
        head = f"contributes to {repo.full_name} ({repo.commits} commits{role})"
    line = head + (f": {description}" if description else "")
    sep = " " if line.endswith((".", "…", "!", "?")) else ". "
    return f"{line}{sep}topics: {topics}" if topics else line


def _artifact_line(artifact: ArtifactFact) -> str:
    details = [clean(d, 100) for d in (artifact.pipeline_tag, artifact.library_name) if d]
    tags = ", ".join(clean(t, 60) for t in artifact.tags[:8])
    text = f"Hugging Face {artifact.kind} {clean(artifact.hf_id, 300)}"
    text += f" ({', '.join(details)})" if details else ""
    return text + (f": tags {tags}" if tags else "")


def _org_names(orgs: Iterable[OrgFact]) -> str:
    ordered = sorted(orgs, key=lambda o: (o.platform, o.login.lower()))
    names = [clean(o.name or o.login, 100) for o in ordered]
    return ", ".join(dict.fromkeys(n for n in names if n))


def _dependencies(repos: Iterable[RepoFact], profile: PersonProfile) -> list[str]:
    """Dependencies of the own repositories that carry evidence, in repository order."""
    strength = _strength_by_url(profile.evidence)
    names = (
        clean(name, 100)
        for repo in repos
        if repo.role == "owner" and strength.get(repo.html_url, 0.0) > 0
        for _, name in repo.dependencies
    )
    return list(dict.fromkeys(n for n in names if n))[:MAX_DEPENDENCIES]


def _headline(profile: PersonProfile) -> str:
    tops = [CATEGORY_WORDS.get(c, c.replace("_", " ")) for c in top_categories(profile)]
    parts = []
    if profile.track:
        parts.append(TRACK_WORDS.get(profile.track, profile.track))
    if tops:
        parts.append("strongest in " + ", ".join(tops))
    return "; ".join(parts)


def document_lines(facts: PersonFacts, profile: PersonProfile, limit: int) -> Iterator[str]:
    """The document's lines, most important first; empty lines are dropped by the caller."""
    name = clean(facts.display_name, 200) or next(
        (clean(n, 100) for n in (*facts.github_logins, *facts.hf_names) if n),
        f"person {facts.person_id}",
    )
    yield name
    yield clean(facts.bio, limit)
    place = [
        f"location: {clean(facts.location_raw, 200)}" if facts.location_raw else "",
        f"company: {clean(facts.company, 200)}" if facts.company else "",
    ]
    yield "; ".join(p for p in place if p)
    yield _headline(profile)
    evidenced, rest = ranked_repos(facts, profile)
    yield from (_repo_line(repo, limit) for repo in evidenced)
    deps = _dependencies(evidenced, profile)
    yield f"uses {', '.join(deps)}" if deps else ""
    yield from (_artifact_line(a) for a in ranked_artifacts(facts, profile))
    orgs = _org_names(facts.orgs)
    yield f"member of {orgs}" if orgs else ""
    yield from (_repo_line(repo, limit) for repo in rest)  # other work, least telling last


def person_document(facts: PersonFacts, profile: PersonProfile, max_chars: int) -> str:
    """One text per person for embedding and BM25, at most ``max_chars`` characters."""
    lines = (line for line in document_lines(facts, profile, max_chars) if line)
    out: list[str] = []
    size = 0
    for line in lines:
        out.append(line)
        size += len(line) + 1
        if size > max_chars:  # the rest cannot fit: stop building it
            break
    return cap("\n".join(out), max_chars)


# Payload and hash -------------------------------------------------------------------------
def _evidence_ref(item: Evidence) -> EvidenceRef:
    return EvidenceRef(category=item.category, kind=item.kind, url=item.url, text=item.text)


def top_evidence(profile: PersonProfile, count: int = TOP_EVIDENCE) -> tuple[EvidenceRef, ...]:
    """The strongest evidence items, one per source (a repository strong in two categories
    appears once)."""
    seen: set[str] = set()
    out = []
    for item in profile.evidence:
        key = item.url or item.text
        if key not in seen:
            seen.add(key)
            out.append(_evidence_ref(item))
        if len(out) == count:
            break
    return tuple(out)


MAX_TOOLS = 60


def tools_of(facts: PersonFacts) -> tuple[str, ...]:
    """What a person's work names, as ``tool_key``s: the repositories they own or commit to
    (full name and name), their dependencies, the libraries of their Hub artifacts; a
    family name too ("langchain" for "langchain-core")."""
    names: list[str] = []
    for repo in facts.repos:
        if repo.role != "owner" or not repo.is_fork:
            names += [repo.full_name, repo.full_name.rsplit("/", 1)[-1]]
        names += [name for _, name in repo.dependencies]
    names += [a.library_name for a in facts.artifacts if a.library_name]
    keys: list[str] = []
    for name in names:
        keys.append(tool_key(name))
        family = re.split(r"[-_.\s/]", name.strip().lower(), maxsplit=1)[0]
        if len(family) >= 5 and family != name.lower():
            keys.append(tool_key(family))
    return tuple(dict.fromkeys(k for k in keys if k))[:MAX_TOOLS]  # strongest work first


def payload_for(
    facts: PersonFacts, profile: PersonProfile, status: str | None = None
) -> PersonPayload:
    """The vector-index payload of a person."""
    return PersonPayload(
        person_id=facts.person_id,
        country=facts.country,
        city=facts.city,
        track=profile.track,
        seniority=profile.seniority,
        status=status,
        scores={c: round(float(profile.scores.get(c, 0.0)), 4) for c in CATEGORIES},
        strength=dict(profile.strength),
        production=round(float(profile.production), 4),
        last_active=int(profile.last_active.timestamp()) if profile.last_active else None,
        hireable=facts.hireable,
        followers=int(facts.followers),
        display_name=clean(facts.display_name, 400) or None,
        github=facts.github_logins[0] if facts.github_logins else None,
        hf=facts.hf_names[0] if facts.hf_names else None,
        location=clean(facts.location_raw, 400) or None,
        is_bot=bool(facts.is_bot or "bot" in profile.anti_signals),
        top_evidence=top_evidence(profile),
        tools=tools_of(facts),
    )
