"""GitHub search: the ``q`` syntax (free text + qualifiers) over the world's users and repos.

Supported qualifiers: users ``location language followers repos type created in fullname``;
repositories ``language topic stars forks size user org repo fork archived is created pushed
in license topics``. Ranges: ``n``, ``>n``, ``>=n``, ``<n``, ``<=n``, ``a..b``, ``a..*``,
``*..b``. Quoted values (``location:"San Francisco"``) and ``-qualifier:`` negation work.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from talent.upstream.world import Record, World

_TOKEN = re.compile(r'(-?)([A-Za-z_]+):("([^"]*)"|\S+)|"([^"]*)"|(\S+)')
USER_QUALIFIERS = {
    "location",
    "language",
    "followers",
    "repos",
    "type",
    "created",
    "in",
    "fullname",
}
REPO_QUALIFIERS = {
    "language",
    "topic",
    "stars",
    "forks",
    "size",
    "user",
    "org",
    "repo",
    "fork",
    "archived",
    "is",
    "created",
    "pushed",
    "in",
    "license",
    "topics",
}
USER_SORTS = {"followers": "followers", "repositories": "public_repos", "joined": "created_at"}
REPO_SORTS = {
    "stars": "stargazers_count",
    "forks": "forks_count",
    "help-wanted-issues": "open_issues_count",
    "updated": "updated_at",
}
_CACHE_SIZE = 256


class SearchError(ValueError):
    """A query GitHub would answer 422 to."""


@dataclass
class Query:
    terms: list[str] = field(default_factory=list)
    qualifiers: list[tuple[str, str, bool]] = field(default_factory=list)

    def values(self, name: str) -> list[str]:
        return [value for key, value, negated in self.qualifiers if key == name and not negated]


def parse_query(q: str, known: set[str]) -> Query:
    """Split ``q`` into lower-cased free-text terms and (name, value, negated) qualifiers."""
    query = Query()
    for match in _TOKEN.finditer(q):
        negated, name, raw, quoted, phrase, word = match.groups()
        if name and name.lower() in known:
            value = quoted if quoted is not None else raw
            query.qualifiers.append((name.lower(), value, bool(negated)))
        elif phrase is not None:
            query.terms.append(phrase.lower())
        elif word is not None and word not in ("AND", "OR", "NOT"):
            query.terms.append(word.lower())
        elif name:
            query.terms.append(match.group(0).lower())
    return query


def in_range(value: Any, spec: str, numeric: bool = True) -> bool:
    """Whether ``value`` satisfies a GitHub range spec; raises SearchError on a bad spec."""
    if value is None:
        return False
    convert: Callable[[str], Any] = _number if numeric else str
    if not numeric:
        value = str(value)
    if ".." in spec:
        low, _, high = spec.partition("..")
        lo_ok = low == "*" or _cmp(value, convert(low), numeric) >= 0
        hi_ok = high == "*" or _cmp(value, convert(high), numeric) <= 0
        return lo_ok and hi_ok
    for op in (">=", "<=", ">", "<"):
        if spec.startswith(op):
            diff = _cmp(value, convert(spec[len(op) :]), numeric)
            return {">=": diff >= 0, "<=": diff <= 0, ">": diff > 0, "<": diff < 0}[op]
    return _cmp(value, convert(spec), numeric) == 0


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise SearchError(f"{text!r} is not a number") from None


def _cmp(value: Any, bound: Any, numeric: bool) -> int:
    if not numeric:  # dates: compare the record's ISO time on the bound's precision
        value = value[: len(bound)]
    return (value > bound) - (value < bound)


class Search:
    """Matches and orders search results; keeps the last few result lists."""

    def __init__(self, world: World) -> None:
        self.world = world
        self._cache: dict[tuple[str, ...], list[tuple[float, Record]]] = {}
        self._user_languages: dict[str, set[str]] | None = None
        self._lock = threading.Lock()

    def users(self, q: str, sort: str | None, order: str) -> list[tuple[float, Record]]:
        return self._cached(("users", q, sort or "", order), lambda: self._users(q, sort, order))

    def repos(self, q: str, sort: str | None, order: str) -> list[tuple[float, Record]]:
        return self._cached(("repos", q, sort or "", order), lambda: self._repos(q, sort, order))

    def _cached(self, key: tuple[str, ...], compute: Callable[[], list]) -> list:
        hit = self._cache.get(key)
        if hit is None:
            hit = compute()
            with self._lock:
                if len(self._cache) >= _CACHE_SIZE:
                    self._cache.clear()
                self._cache[key] = hit
        return hit

    # Users ---------------------------------------------------------------------------------

    def _users(self, q: str, sort: str | None, order: str) -> list[tuple[float, Record]]:
        query = parse_query(q, USER_QUALIFIERS)
        fields = query.values("in") and {f for v in query.values("in") for f in v.split(",")}
        scored = []
        for user in self.world.users_by_id:
            score = self._user_score(user, query.terms, fields or {"login", "name", "email"})
            if score is not None and all(
                self._user_qualifier(user, name, value) != negated
                for name, value, negated in query.qualifiers
                if name != "in"
            ):
                scored.append((score, user))
        key = USER_SORTS.get(sort or "")
        return _ordered(scored, key, order, tie="followers")

    @staticmethod
    def _user_score(user: Record, terms: list[str], fields: set[str]) -> float | None:
        score = 1.0
        login = user["login"].lower()
        name = (user.get("name") or "").lower()
        email = (user.get("email") or "").lower()
        for term in terms:
            hit = 0.0
            if "login" in fields and term in login:
                hit += 3.0 if term == login else 1.5
            if {"name", "fullname"} & fields and term in name:
                hit += 1.0
            if "email" in fields and term in email:
                hit += 1.0
            if not hit:
                return None
            score += hit
        return score

    def _user_qualifier(self, user: Record, name: str, value: str) -> bool:
        low = value.lower()
        if name == "location":
            return low in (user.get("location") or "").lower()
        if name == "fullname":
            return low in (user.get("name") or "").lower()
        if name == "type":
            return (user["type"] == "Organization") == (low == "org")
        if name == "language":
            return low in self._languages_of(user["login"].lower())
        if name == "followers":
            return in_range(user.get("followers", 0), value)
        if name == "repos":
            owned = self.world.repos_by_owner.get(user["login"].lower(), [])
            count = user.get("public_repos", len(owned))
            return in_range(count, value)
        if name == "created":
            return in_range(user.get("created_at"), value, numeric=False)
        return True

    def _languages_of(self, login: str) -> set[str]:
        if self._user_languages is None:
            index: dict[str, set[str]] = {}
            for owner, repos in self.world.repos_by_owner.items():
                index[owner] = {lang.lower() for repo in repos for lang in _repo_languages(repo)}
            self._user_languages = index
        return self._user_languages.get(login, set())

    # Repositories --------------------------------------------------------------------------

    def _repos(self, q: str, sort: str | None, order: str) -> list[tuple[float, Record]]:
        query = parse_query(q, REPO_QUALIFIERS)
        fields = {f for v in query.values("in") for f in v.split(",")} or {
            "name",
            "description",
            "topics",
        }
        forks = (query.values("fork") or ["false"])[-1].lower()
        scored = []
        for repo in self.world.repos_by_id.values():
            if repo.get("fork", False) and forks == "false":
                continue
            if forks == "only" and not repo.get("fork", False):
                continue
            score = _repo_score(repo, query.terms, fields)
            if score is not None and all(
                self._repo_qualifier(repo, name, value) != negated
                for name, value, negated in query.qualifiers
                if name not in ("in", "fork")
            ):
                scored.append((score, repo))
        return _ordered(scored, REPO_SORTS.get(sort or ""), order, tie="stargazers_count")

    def _repo_qualifier(self, repo: Record, name: str, value: str) -> bool:
        low = value.lower()
        owner = repo["_owner"]
        if name == "language":
            return low in {lang.lower() for lang in _repo_languages(repo)}
        if name == "topic":
            return low in {t.lower() for t in repo.get("topics", ())}
        if name in ("user", "org"):
            kind_ok = name == "user" or self.world.users[owner]["type"] == "Organization"
            return owner == low and kind_ok
        if name == "repo":
            return repo["full_name"].lower() == low
        if name == "archived":
            return repo.get("archived", False) == (low == "true")
        if name == "is":
            return low in ("public", "private") and (low == "public") != repo.get("private", False)
        if name == "license":
            return low == _license_key(repo.get("license"))
        if name == "topics":
            return in_range(len(repo.get("topics", ())), value)
        if name in ("created", "pushed"):
            return in_range(repo.get(f"{name}_at"), value, numeric=False)
        field_name = {"stars": "stargazers_count", "forks": "forks_count", "size": "size"}[name]
        return in_range(repo.get(field_name, 0), value)


def _repo_languages(repo: Record) -> list[str]:
    languages = list(repo.get("_languages") or ())
    if repo.get("language"):
        languages.append(repo["language"])
    return languages


def _license_key(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("key") or value.get("spdx_id") or "").lower()
    return str(value or "").lower()


def _repo_score(repo: Record, terms: list[str], fields: set[str]) -> float | None:
    score = 1.0
    name = repo["full_name"].lower()
    description = (repo.get("description") or "").lower()
    topics = " ".join(repo.get("topics", ())).lower()
    for term in terms:
        hit = 0.0
        if "name" in fields and term in name:
            hit += 2.0
        if "description" in fields and term in description:
            hit += 1.0
        if "topics" in fields and term in topics:
            hit += 1.0
        if not hit:
            return None
        score += hit
    return score


def _ordered(
    scored: list[tuple[float, Record]], key: str | None, order: str, *, tie: str
) -> list[tuple[float, Record]]:
    """Best match (score, then popularity) unless a sort key is given; ``order`` applies to it."""
    if key is None:
        return sorted(scored, key=lambda sr: (-sr[0], -(sr[1].get(tie) or 0), sr[1]["id"]))
    blank: Any = "" if key.endswith("_at") else 0
    ordered = sorted(scored, key=lambda sr: sr[1]["id"])
    return sorted(ordered, key=lambda sr: sr[1].get(key) or blank, reverse=order != "asc")
