"""Where the crawl starts (``config/seeds.toml``): repositories whose contributors to read,
organisations whose public members to read, GitHub user searches and Hub listings, with
the bounds of one run."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from talent.errors import ConfigError
from talent.taxonomy import (
    SIGNALS_FILE,
    RepoName,
    Taxonomy,
    config_path,
    exact_categories,
    load_config,
)

SEEDS_FILE = "seeds.toml"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bounds(_Frozen):
    max_contributor_pages: int = Field(3, ge=1, le=100)
    max_member_pages: int = Field(2, ge=1, le=100)
    max_search_pages: int = Field(5, ge=1, le=10)
    max_hf_results: int = Field(500, ge=1)
    min_contributions: int = Field(1, ge=1)


class GithubSeeds(_Frozen):
    user_searches: tuple[str, ...] = ()
    # Read the contributors of every repository signals.toml lists (the categories' and the
    # general libraries'), not only those named here: what we can score, we look for.
    crawl_listed_repositories: bool = False


class HfSeeds(_Frozen):
    organisations: tuple[str, ...] = ()


class SeedCategory(_Frozen):
    repositories: tuple[RepoName, ...] = ()
    organisations: tuple[str, ...] = ()
    hf_tags: tuple[str, ...] = ()
    hf_libraries: tuple[str, ...] = ()
    hf_search: tuple[str, ...] = ()


class Seeds(_Frozen):
    version: Literal[1] = 1
    bounds: Bounds = Bounds()
    github: GithubSeeds = GithubSeeds()
    hf: HfSeeds = HfSeeds()
    categories: dict[str, SeedCategory]

    @field_validator("categories")
    @classmethod
    def _exact(cls, value: dict[str, SeedCategory]) -> dict[str, SeedCategory]:
        return exact_categories(value)

    def repositories(self) -> tuple[str, ...]:
        """Every seed repository once, in file order."""
        return tuple(dict.fromkeys(r for c in self.categories.values() for r in c.repositories))

    def crawl_repositories(self, taxonomy: Taxonomy) -> tuple[str, ...]:
        """The repositories whose contributors a crawl reads: the seeds first, then (with
        ``crawl_listed_repositories``) every other one signals.toml lists."""
        names = list(self.repositories())
        if self.github.crawl_listed_repositories:
            names += [*taxonomy.repositories(), *taxonomy.general_repositories()]
        return tuple(dict.fromkeys(names))

    def organisations(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(o for c in self.categories.values() for o in c.organisations))


def load_seeds(path: Path | None = None) -> Seeds:
    """``seeds.toml`` from ``path`` or the config folder, validated; cached by path."""
    return load_config(Seeds, config_path(path, SEEDS_FILE))


def check_seeds(seeds: Seeds, taxonomy: Taxonomy) -> None:
    """Raise ConfigError if seeds.toml names a repository that signals.toml cannot score."""
    unknown = [r for r in seeds.repositories() if taxonomy.canonical_repo(r) is None]
    if unknown:
        raise ConfigError(
            f"{SEEDS_FILE} names repositories that {SIGNALS_FILE} does not list: {unknown}",
            f"add them to a category's repositories in {SIGNALS_FILE}, or drop them from seeds",
        )


def check_crawl_config() -> None:
    """Read and validate every config file a crawl uses, before it makes a request: an error
    found inside a spider would be logged as a traceback and the crawl would run on empty."""
    from talent.geo import default_gazetteer
    from talent.taxonomy import load_taxonomy

    check_seeds(load_seeds(), load_taxonomy())
    default_gazetteer()  # locations are normalised with it as profiles arrive
