"""Which of a person's GitHub repositories get their dependencies read, and from which files.

One set of rules for both ways a person is profiled: the Scrapy spider (the bulk crawl) and
the PyGithub client (``talent profile refresh``). Both list the person's own repositories,
keep those that look like AI work, read the manifests of the strongest few, and try the
usual file names for the repository's language in order until one exists. Reading every
manifest of every repository would cost a request per file; the strongest AI repositories
are the ones the indexer's scores and production signals lean on.

Pure functions of the repository items and the taxonomy: no requests, no settings.
"""

from __future__ import annotations

from collections.abc import Iterable

from talent.store.items import RepositoryItem
from talent.taxonomy import Taxonomy

MAX_AI_REPOS = 3  # per person: dependency files of the strongest AI repositories
PYTHON_FILES: tuple[str, ...] = ("pyproject.toml", "requirements.txt")
JS_FILES: tuple[str, ...] = ("package.json",)
JS_LANGUAGES = frozenset({"JavaScript", "TypeScript", "Vue", "Svelte"})


def is_ai_repo(repo: RepositoryItem, taxonomy: Taxonomy) -> bool:
    """A source repository (not a fork) whose topics, name or description match the taxonomy.

    Weak matches count too: this only decides whose manifests are worth a request.
    """
    if repo.is_fork is True or not isinstance(repo.full_name, str):
        return False
    topics = repo.topics if isinstance(repo.topics, list) else []
    if taxonomy.categories_for_topics(topics):
        return True
    return bool(taxonomy.keyword_hits(repo_words(repo)))


def repo_words(repo: RepositoryItem) -> str:
    """The name (separators as spaces, owner dropped) and description, for keyword matching."""
    name = str(repo.full_name).split("/")[-1].replace("-", " ").replace("_", " ")
    return f"{name} {repo.description if isinstance(repo.description, str) else ''}"


def strongest(repos: Iterable[RepositoryItem], limit: int = MAX_AI_REPOS) -> list[RepositoryItem]:
    """The ``limit`` most starred of the AI repositories, ties by name: the ones whose
    manifests are read."""
    return sorted(repos, key=lambda r: (-(r.stars or 0), r.full_name))[:limit]


def dependency_files(repo: RepositoryItem) -> tuple[str, ...]:
    """Manifest names to try, in order, for the repository's main language."""
    return JS_FILES if repo.language in JS_LANGUAGES else PYTHON_FILES
