"""The signal taxonomy: what counts as evidence of production AI engineering, and where to look.

``config/signals.toml`` lists, per category, the repositories, dependencies, Hub tags and
keywords that are evidence; ``config/seeds.toml`` says where the crawler starts. Both load into
frozen pydantic models (a bad file is a ``ConfigError`` naming the file and the key), and
``Taxonomy`` turns the signals into dictionaries so that every lookup is O(1) and pure.

Lookups return ``{category: strength}`` with strengths in (0, 1]: ``strength.strong`` for the
main lists, ``strength.weak`` for the ``weak`` lists, a repository's own ``weight``. Several
matches in one category keep the strongest; the indexer decides how categories add up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from talent.errors import ConfigError
from talent.settings import config_dir, load_toml
from talent.vocab import CATEGORIES as CATEGORIES
from talent.vocab import OPEN_SOURCE
from talent.vocab import TRACKS as TRACKS
from talent.vocab import Track as Track

ECOSYSTEMS: tuple[str, ...] = ("pypi", "npm")
SIGNALS_FILE = "signals.toml"

RepoName = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$")
]
Strength = Annotated[float, Field(gt=0, le=1)]
Scores = dict[str, float]
M = TypeVar("M", bound=BaseModel)
V = TypeVar("V")


# Text normalisation shared by keywords and topics ----------------------------------------
# Words are runs of letters/digits; "c++" and "c#" keep their suffix. A phrase's key is its
# words joined without separators, so "re-ranking", "re ranking" and "reranking" are equal.
_WORD = re.compile(r"[^\W_]+(?:\+\+|#)?")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _fold_plural(key: str) -> str:
    """Drop one trailing plural "s" so that "golden sets" matches "golden set"."""
    if len(key) > 3 and key.endswith("s") and not key.endswith("ss"):
        return key[:-1]
    return key


def phrase_key(text: str) -> str:
    """The comparison key of a keyword or topic: lower case, no separators, no plural s."""
    return _fold_plural("".join(_words(text)))


# Dependency names ------------------------------------------------------------------------
_PEP503 = re.compile(r"[-_.]+")
_PYPI_NAME = re.compile(r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")
_NPM_NAME = re.compile(r"^(?:@[a-z0-9~][a-z0-9._~-]*/)?[a-z0-9~][a-z0-9._~-]*$")


def normalise_pypi_name(spec: str) -> str:
    """PEP 503 name of a requirement (extras, versions, markers dropped); "" when none."""
    match = _PYPI_NAME.match(spec)
    return _PEP503.sub("-", match.group(1)).lower() if match else ""


def normalise_npm_name(spec: str) -> str:
    """Lower-case npm package name, a trailing ``@version`` dropped; "" when not a name."""
    text = spec.strip().lower()
    scope = ""
    if text.startswith("@"):
        scope, _, text = text.partition("/")
        scope += "/"
    name = scope + text.split("@", 1)[0]
    return name if _NPM_NAME.match(name) else ""


def normalise_dependency(ecosystem: str, name: str) -> str:
    eco = _ecosystem(ecosystem)
    return normalise_pypi_name(name) if eco == "pypi" else normalise_npm_name(name)


def _ecosystem(ecosystem: str) -> str:
    eco = ecosystem.strip().lower()
    if eco not in ECOSYSTEMS:
        raise ValueError(f"unknown package ecosystem {ecosystem!r}; expected one of {ECOSYSTEMS}")
    return eco


# Models: signals.toml --------------------------------------------------------------------
class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Dependencies(_Frozen):
    pypi: tuple[str, ...] = ()
    npm: tuple[str, ...] = ()


class SignalLists(_Frozen):
    """The lists one strength level of a category matches against."""

    dependencies: Dependencies = Dependencies()
    hf_tags: tuple[str, ...] = ()
    hf_tag_prefixes: tuple[str, ...] = ()
    hf_libraries: tuple[str, ...] = ()
    hf_pipelines: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()

    def keys(self) -> Iterator[tuple[str, str]]:
        """(kind, normalised key) for every item, to find an item listed both strong and weak."""
        for name in self.dependencies.pypi:
            yield "pypi", normalise_pypi_name(name)
        for name in self.dependencies.npm:
            yield "npm", normalise_npm_name(name)
        for kind in ("hf_tags", "hf_tag_prefixes", "hf_libraries", "hf_pipelines"):
            for item in getattr(self, kind):
                yield kind, item.strip().lower()
        for kind in ("keywords", "topics"):
            for item in getattr(self, kind):
                yield kind, phrase_key(item)


class RepoSignal(_Frozen):
    """One repository whose contributors show the category's skill."""

    name: RepoName
    weight: Strength = 1.0
    subsystems: tuple[str, ...] = Field((), description="paths inside; empty = all of it")
    aliases: tuple[RepoName, ...] = Field((), description="former names (GitHub redirects)")

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, data: Any) -> Any:
        return {"name": data} if isinstance(data, str) else data


class Category(SignalLists):
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    query_phrases: tuple[str, ...] = ()
    weight: float = Field(ge=0, le=1)
    tracks: tuple[Track, ...] = Field(min_length=1)
    repositories: tuple[RepoSignal, ...] = ()
    weak: SignalLists = SignalLists()

    @model_validator(mode="after")
    def _strong_or_weak(self) -> Category:
        both = set(SignalLists.keys(self)) & set(self.weak.keys())
        if both:
            listed = ", ".join(f"{kind} {key!r}" for kind, key in sorted(both))
            raise ValueError(f"listed both strong and weak: {listed}")
        return self


class StrengthLevels(_Frozen):
    strong: Strength = 1.0
    weak: Strength = 0.25


class ForksOnly(_Frozen):
    weight: float = Field(ge=0, le=1)
    min_repos: int = Field(3, ge=1)
    max_source_share: float = Field(0.1, ge=0, le=1)


class TutorialClone(_Frozen):
    weight: float = Field(ge=0, le=1)
    name_patterns: tuple[str, ...] = ()
    description_keywords: tuple[str, ...] = ()


class Inactivity(_Frozen):
    weight: float = Field(ge=0, le=1)
    days: int = Field(ge=1)


class BotAccounts(_Frozen):
    weight: float = Field(ge=0, le=1)
    login_suffixes: tuple[str, ...] = ()
    login_prefixes: tuple[str, ...] = ()
    logins: tuple[str, ...] = ()


class StarFarming(_Frozen):
    weight: float = Field(ge=0, le=1)
    min_stars: int = Field(ge=1)
    max_fork_ratio: float = Field(ge=0, le=1)
    max_contributors: int = Field(ge=0)
    max_commits: int = Field(ge=0)


class BuzzwordBio(_Frozen):
    weight: float = Field(ge=0, le=1)
    phrases: tuple[str, ...] = ()


class AntiSignals(_Frozen):
    forks_only: ForksOnly
    tutorial_clone: TutorialClone
    inactivity: Inactivity
    bot: BotAccounts
    star_farming: StarFarming
    buzzword_bio: BuzzwordBio


def exact_categories(value: dict[str, V]) -> dict[str, V]:
    """The file must name exactly CATEGORIES; the result keeps CATEGORIES' order."""
    missing = [c for c in CATEGORIES if c not in value]
    unknown = sorted(set(value) - set(CATEGORIES))
    if missing or unknown:
        parts = [f"missing {missing}" if missing else "", f"unknown {unknown}" if unknown else ""]
        raise ValueError(
            f"categories must be exactly {list(CATEGORIES)}: " + "; ".join(p for p in parts if p)
        )
    return {c: value[c] for c in CATEGORIES}


class GeneralArea(_Frozen):
    """Widely used open-source libraries outside AI: maintaining one is engineering evidence
    (and what a query for "core Python library maintainers" asks for), but no AI category."""

    title: str = "Open-source libraries"
    description: str = "Maintainers and contributors of widely used open-source libraries."
    query_phrases: tuple[str, ...] = ()
    repositories: tuple[RepoSignal, ...] = ()


class Signals(_Frozen):
    version: Literal[1] = 1
    strength: StrengthLevels = StrengthLevels()
    categories: dict[str, Category]
    general: GeneralArea = GeneralArea()
    anti_signals: AntiSignals

    @field_validator("categories")
    @classmethod
    def _exact(cls, value: dict[str, Category]) -> dict[str, Category]:
        return exact_categories(value)


# Loading ---------------------------------------------------------------------------------
def load_signals(path: Path | None = None) -> Signals:
    """``signals.toml`` from ``path`` or the config folder, validated; cached by path."""
    return load_config(Signals, config_path(path, SIGNALS_FILE))


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """The lookup tables for ``signals.toml``; built once per path."""
    return _taxonomy_cached(config_path(path, SIGNALS_FILE))


def config_path(path: Path | None, name: str) -> Path:
    """``path``, or the file ``name`` in the config folder."""
    return (path or config_dir() / name).resolve()


@lru_cache(maxsize=32)
def load_config(model: type[M], path: Path) -> M:
    """A config file validated into ``model``; cached by path."""
    return validate_config(model, load_toml(path, cached=True), path)


@lru_cache(maxsize=8)
def _taxonomy_cached(path: Path) -> Taxonomy:
    return Taxonomy(load_signals(path))


def validate_config(model: type[M], data: dict[str, Any], path: Path) -> M:
    """Validate parsed TOML, turning pydantic's errors into one ConfigError naming the keys."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(_describe(err) for err in exc.errors()[:5])
        more = len(exc.errors()) - 5
        suffix = f" (and {more} more)" if more > 0 else ""
        raise ConfigError(
            f"{path}: {problems}{suffix}", f"fix the key named above in {path.name} and run again"
        ) from None


def _describe(err: Any) -> str:
    key = ""
    for part in err["loc"]:
        key += f"[{part}]" if isinstance(part, int) else f".{part}" if key else str(part)
    given = err.get("input")
    shown = f" (got {given!r})" if isinstance(given, str | int | float | bool) else ""
    return f"{key or 'file'}: {err['msg']}{shown}"


# Lookups ---------------------------------------------------------------------------------
def _put(table: dict[str, Scores], key: str, category: str, weight: float) -> None:
    if key:
        scores = table.setdefault(key, {})
        scores[category] = max(weight, scores.get(category, 0.0))


def _merge(into: Scores, scores: Scores | None) -> None:
    for category, weight in (scores or {}).items():
        into[category] = max(weight, into.get(category, 0.0))


def _under(path: str, subsystem: str) -> bool:
    base = subsystem.strip("/")
    path = path.strip("/")
    return path == base or path.startswith(base + "/")


@dataclass(frozen=True, slots=True)
class _RepoEntry:
    category: str
    weight: float
    subsystems: tuple[str, ...]


class _PhraseMatcher:
    """Whole-phrase, case-insensitive search for short lists that may hold emoji."""

    def __init__(self, phrases: Iterable[str]) -> None:
        parts = sorted({p.casefold().strip() for p in phrases if p.strip()}, key=len, reverse=True)
        self._by_text = {p: p for p in parts}
        self._regex = re.compile("|".join(self._pattern(p) for p in parts)) if parts else None

    @staticmethod
    def _pattern(phrase: str) -> str:
        body = r"[\s_-]*".join(re.escape(w) for w in re.split(r"[\s_-]+", phrase))
        head = r"(?<![^\W_])" if re.match(r"[^\W_]", phrase) else ""
        tail = r"(?![^\W_])" if re.search(r"[^\W_]$", phrase) else ""
        return f"{head}(?:{body}){tail}"

    def find(self, text: str | None) -> list[str]:
        if not text or self._regex is None:
            return []
        found = (m.group(0) for m in self._regex.finditer(text.casefold()))
        return list(dict.fromkeys(re.sub(r"[\s_-]+", " ", f) for f in found))


class Taxonomy:
    """O(1) lookups from repositories, dependencies, Hub metadata and text to categories."""

    def __init__(self, signals: Signals) -> None:
        self.signals = signals
        self.anti = signals.anti_signals
        self._repos: dict[str, list[_RepoEntry]] = {}
        self._canonical: dict[str, str] = {}
        self._deps: dict[str, dict[str, Scores]] = {eco: {} for eco in ECOSYSTEMS}
        self._hf: dict[str, dict[str, Scores]] = {"tag": {}, "library": {}, "pipeline": {}}
        self._hf_prefixes: list[tuple[str, str, float]] = []
        self._topics: dict[str, Scores] = {}
        self._keywords: dict[str, dict[str, tuple[str, float]]] = {}
        self._general: dict[str, float] = {}
        for repo in signals.general.repositories:
            self._canonical.setdefault(repo.name.lower(), repo.name)
            for alias in repo.aliases:
                self._canonical.setdefault(alias.lower(), repo.name)
            self._general[repo.name.lower()] = repo.weight
        for category, spec in signals.categories.items():
            self._add_repos(category, spec.repositories)
            self._add_lists(category, spec, signals.strength.strong)
            self._add_lists(category, spec.weak, signals.strength.weak)
        self._max_words = max((len(_words(k)) for k in self._keyword_texts()), default=1)
        self._bot_logins = frozenset(b.lower() for b in self.anti.bot.logins)
        self._bot_suffixes = tuple(s.lower() for s in self.anti.bot.login_suffixes)
        self._bot_prefixes = tuple(p.lower() for p in self.anti.bot.login_prefixes)
        self._tutorial_names = tuple(p.lower() for p in self.anti.tutorial_clone.name_patterns)
        self._buzzwords = _PhraseMatcher(self.anti.buzzword_bio.phrases)
        self._tutorial_words = _PhraseMatcher(self.anti.tutorial_clone.description_keywords)

    # building ------------------------------------------------------------------------
    def _add_repos(self, category: str, repos: Iterable[RepoSignal]) -> None:
        for repo in repos:
            key = repo.name.lower()
            self._canonical[key] = repo.name
            for alias in repo.aliases:
                self._canonical[alias.lower()] = repo.name
            subs = tuple(s.strip("/") for s in repo.subsystems)
            entry = _RepoEntry(category=category, weight=repo.weight, subsystems=subs)
            self._repos.setdefault(key, []).append(entry)

    def _add_lists(self, category: str, lists: SignalLists, weight: float) -> None:
        for name in lists.dependencies.pypi:
            _put(self._deps["pypi"], normalise_pypi_name(name), category, weight)
        for name in lists.dependencies.npm:
            _put(self._deps["npm"], normalise_npm_name(name), category, weight)
        for kind, items in (
            ("tag", lists.hf_tags),
            ("library", lists.hf_libraries),
            ("pipeline", lists.hf_pipelines),
        ):
            for item in items:
                _put(self._hf[kind], item.strip().lower(), category, weight)
        self._hf_prefixes += [(p.strip().lower(), category, weight) for p in lists.hf_tag_prefixes]
        for topic in lists.topics:
            _put(self._topics, phrase_key(topic), category, weight)
        for keyword in lists.keywords:
            hits = self._keywords.setdefault(phrase_key(keyword), {})
            if hits.get(category, ("", 0.0))[1] < weight:
                hits[category] = (keyword, weight)

    def _keyword_texts(self) -> Iterator[str]:
        for spec in self.signals.categories.values():
            yield from spec.keywords
            yield from spec.weak.keywords

    # repositories --------------------------------------------------------------------
    def canonical_repo(self, full_name: str) -> str | None:
        """The configured ``owner/name`` for a name or former name; None when not listed."""
        return self._canonical.get(full_name.strip().strip("/").lower())

    def repositories(self, category: str | None = None) -> tuple[str, ...]:
        """Listed repositories (canonical names), of one category or all."""
        cats = [category] if category else list(CATEGORIES)
        names = (r.name for c in cats for r in self.signals.categories[c].repositories)
        return tuple(dict.fromkeys(names))

    def area_phrases(self) -> dict[str, tuple[str, ...]]:
        """Area -> how it is described (title, description, query phrases), for reading the
        meaning of a query; the general open-source area included."""
        out = {
            c: (spec.title, spec.description, *spec.query_phrases)
            for c, spec in self.signals.categories.items()
        }
        general = self.signals.general
        out[OPEN_SOURCE] = (general.title, general.description, *general.query_phrases)
        return out

    def general_repositories(self) -> tuple[str, ...]:
        """The listed non-AI open-source libraries (canonical names)."""
        return tuple(r.name for r in self.signals.general.repositories)

    def general_weight(self, full_name: str) -> float:
        """How much work on ``full_name`` shows as general open-source engineering (0: none)."""
        canonical = self.canonical_repo(full_name)
        return self._general.get(canonical.lower(), 0.0) if canonical else 0.0

    def categories_for_repo(self, full_name: str, paths: Iterable[str] = ()) -> Scores:
        """Categories a contribution to ``full_name`` shows; ``paths`` unlock subsystem entries."""
        canonical = self.canonical_repo(full_name)
        if canonical is None:
            return {}
        touched = tuple(paths)
        out: Scores = {}
        for entry in self._repos.get(canonical.lower(), ()):
            if entry.subsystems and not any(
                _under(p, s) for p in touched for s in entry.subsystems
            ):
                continue
            _merge(out, {entry.category: entry.weight})
        return out

    # dependencies --------------------------------------------------------------------
    def categories_for_dependency(self, ecosystem: str, name: str) -> Scores:
        """Categories a dependency shows. ``ecosystem`` is "pypi" or "npm"."""
        eco = _ecosystem(ecosystem)
        return dict(self._deps[eco].get(normalise_dependency(eco, name), {}))

    # Hugging Face --------------------------------------------------------------------
    def categories_for_hf(
        self,
        tags: Iterable[str] | None = None,
        library_name: str | None = None,
        pipeline_tag: str | None = None,
    ) -> Scores:
        """Categories a Hub model, dataset or space shows from its tags, library and pipeline."""
        out: Scores = {}
        for tag in tags or ():
            low = tag.strip().lower()
            _merge(out, self._hf["tag"].get(low))
            for prefix, category, weight in self._hf_prefixes:
                if low.startswith(prefix):
                    _merge(out, {category: weight})
        if library_name:
            _merge(out, self._hf["library"].get(library_name.strip().lower()))
        if pipeline_tag:
            _merge(out, self._hf["pipeline"].get(pipeline_tag.strip().lower()))
        return out

    # text ----------------------------------------------------------------------------
    def categories_for_topics(self, topics: Iterable[str] | None) -> Scores:
        """Categories GitHub repository topics show."""
        out: Scores = {}
        for topic in topics or ():
            _merge(out, self._topics.get(phrase_key(topic)))
        return out

    def _keyword_matches(self, text: str | None) -> Iterator[dict[str, tuple[str, float]]]:
        """Longest-first, non-overlapping keyword matches over the words of ``text``."""
        words = _words(text or "")
        i = 0
        while i < len(words):
            for n in range(min(self._max_words, len(words) - i), 0, -1):
                hit = self._keywords.get(_fold_plural("".join(words[i : i + n])))
                if hit:
                    yield hit
                    i += n
                    break
            else:
                i += 1

    def keyword_hits(self, text: str | None, *, include_weak: bool = True) -> dict[str, list[str]]:
        """Keywords found in ``text`` per category (as spelt in signals.toml), first hit first."""
        floor = self.signals.strength.strong if not include_weak else 0.0
        out: dict[str, list[str]] = {}
        for hit in self._keyword_matches(text):
            for category, (keyword, weight) in hit.items():
                found = out.setdefault(category, []) if weight >= floor else None
                if found is not None and keyword not in found:
                    found.append(keyword)
        return {c: out[c] for c in CATEGORIES if out.get(c)}

    def categories_for_keywords(self, text: str | None) -> Scores:
        """Strongest keyword strength per category found in ``text``."""
        out: Scores = {}
        for hit in self._keyword_matches(text):
            _merge(out, {category: weight for category, (_, weight) in hit.items()})
        return out

    # anti-signals (pure predicates; weights live in self.anti) ------------------------
    def is_bot_login(self, login: str) -> bool:
        low = login.strip().lower()
        return (
            low in self._bot_logins
            or low.endswith(self._bot_suffixes)
            or low.startswith(self._bot_prefixes)
        )

    def is_tutorial_repo(self, name: str, description: str | None = None) -> bool:
        """A course/tutorial clone by its name (``owner/`` ignored) or its description."""
        short = name.rsplit("/", 1)[-1].lower()
        by_name = any(fnmatchcase(short, pattern) for pattern in self._tutorial_names)
        return by_name or bool(self._tutorial_words.find(description))

    def buzzwords(self, bio: str | None) -> list[str]:
        """Hype phrases from anti_signals.buzzword_bio found in a bio."""
        return self._buzzwords.find(bio)

    def is_star_farmed(self, stars: int, forks: int, contributors: int, commits: int) -> bool:
        rule = self.anti.star_farming
        return (
            stars >= rule.min_stars
            and forks <= stars * rule.max_fork_ratio
            and contributors <= rule.max_contributors
            and commits <= rule.max_commits
        )

    def is_forks_only(self, public_repos: int, source_repos: int) -> bool:
        rule = self.anti.forks_only
        return (
            public_repos >= rule.min_repos and source_repos <= public_repos * rule.max_source_share
        )

    def is_inactive(self, days_since_activity: float | None) -> bool:
        return days_since_activity is None or days_since_activity >= self.anti.inactivity.days
