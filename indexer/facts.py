"""What the store knows about one person, as frozen records the scoring functions read.

``load_facts`` reads people in batches with one query per table per batch (never one per
person), so that a store of 100,000 people loads in well under a minute on SQLite (about
25 s measured with 700,000 repository rows on two cores). Web links are built
here once: repositories use their stored ``html_url``, Hub artifacts the Hub's web layout
(talent.links), under the simulator when ``upstream`` is set.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from talent.links import artifact_url, github_web, hf_web
from talent.settings import Settings
from talent.store import models
from talent.vocab import ROLE_RANK

BATCH_SIZE = 1000


@dataclass(frozen=True, slots=True)
class RepoFact:
    """A repository the person owns or committed to (``role``: owner, member, contributor)."""

    full_name: str
    html_url: str
    role: str = "contributor"
    login: str = ""  # the person's account that holds the role, for commit links
    description: str | None = None
    topics: tuple[str, ...] = ()
    language: str | None = None
    stars: int = 0
    forks: int = 0
    is_fork: bool = False
    archived: bool = False
    created_at: datetime | None = None
    pushed_at: datetime | None = None
    commits: int = 0
    first_commit_at: datetime | None = None
    last_commit_at: datetime | None = None
    dependencies: tuple[tuple[str, str], ...] = ()  # (ecosystem, name), own repositories only
    contributors: int = 0  # accounts with commits stored for it (own repositories only)

    @property
    def commits_url(self) -> str:
        """The person's commits to this repository."""
        return f"{self.html_url}/commits?author={self.login}" if self.login else self.html_url


@dataclass(frozen=True, slots=True)
class ArtifactFact:
    """A Hub model, dataset or space the person authored."""

    kind: str  # model | dataset | space
    hf_id: str
    url: str
    tags: tuple[str, ...] = ()
    library_name: str | None = None
    pipeline_tag: str | None = None
    sdk: str | None = None
    downloads: int = 0
    likes: int = 0
    created_at: datetime | None = None
    last_modified: datetime | None = None


@dataclass(frozen=True, slots=True)
class OrgFact:
    """An organisation the person is a public member of."""

    platform: str  # github | hf
    login: str
    url: str
    name: str | None = None
    description: str | None = None
    role: str = "member"


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """One person as the crawler stored them, joined over their GitHub and HF accounts."""

    person_id: int
    display_name: str | None = None
    github_logins: tuple[str, ...] = ()
    hf_names: tuple[str, ...] = ()
    github_type: str | None = None  # User | Bot | Organization, of the first account
    bio: str | None = None
    company: str | None = None
    website: str | None = None
    location_raw: str | None = None
    country: str | None = None
    city: str | None = None
    hireable: bool | None = None
    public_email: str | None = None
    followers: int = 0
    is_bot: bool = False
    account_created_at: datetime | None = None
    last_event_at: datetime | None = None
    public_repos: int = 0
    repos: tuple[RepoFact, ...] = ()
    artifacts: tuple[ArtifactFact, ...] = ()
    orgs: tuple[OrgFact, ...] = ()
    github_url: str | None = None
    hf_url: str | None = None


# Loading ---------------------------------------------------------------------------------
def load_facts(
    session: Session, person_ids: Sequence[int] | None, settings: Settings
) -> Iterator[PersonFacts]:
    """Facts for the given people (all people when None), in id order, batch by batch."""
    ids = sorted(set(person_ids)) if person_ids is not None else _all_person_ids(session)
    for start in range(0, len(ids), BATCH_SIZE):
        yield from _load_batch(session, ids[start : start + BATCH_SIZE], settings)


def _all_person_ids(session: Session) -> list[int]:
    return list(session.scalars(select(models.Person.id).order_by(models.Person.id)))


def _rows(session: Session, query: Select[Any]) -> list[Any]:
    # Core rows through the session's connection: no ORM result machinery per row.
    return list(session.connection().execute(query).all())


def _load_batch(session: Session, ids: list[int], settings: Settings) -> Iterator[PersonFacts]:
    P, G, H = models.Person, models.GithubAccount, models.HfAccount
    people = _rows(
        session,
        select(
            P.id,
            P.display_name,
            P.bio,
            P.company,
            P.website,
            P.location_raw,
            P.country,
            P.city,
            P.hireable,
            P.public_email,
            P.followers,
            P.is_bot,
        )
        .where(P.id.in_(ids))
        .order_by(P.id),
    )
    github = _rows(
        session,
        select(
            G.id,
            G.person_id,
            G.login,
            G.type,
            G.name,
            G.bio,
            G.company,
            G.blog,
            G.location,
            G.html_url,
            G.public_repos,
            G.followers,
            G.created_at,
            G.last_event_at,
        )
        .where(G.person_id.in_(ids))
        .order_by(G.id),
    )
    hf = _rows(
        session,
        select(H.id, H.person_id, H.name, H.fullname, H.details)
        .where(H.person_id.in_(ids))
        .order_by(H.id),
    )
    repos = _load_repos(session, ids, settings)
    artifacts = _load_artifacts(session, ids, hf_web(settings))
    orgs = _load_orgs(session, ids, settings)
    github_by = _group(github, lambda r: r.person_id)
    hf_by = _group(hf, lambda r: r.person_id)
    for person in people:
        yield _person(
            person,
            github_by.get(person.id, []),
            hf_by.get(person.id, []),
            repos.get(person.id, ()),
            artifacts.get(person.id, ()),
            orgs.get(person.id, ()),
            settings,
        )


def _group(rows: Iterable[Any], key: Any) -> dict[Any, list[Any]]:
    out: dict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        out[key(row)].append(row)
    return out


def _load_repos(
    session: Session, ids: list[int], settings: Settings
) -> dict[int, tuple[RepoFact, ...]]:
    C, R, G = models.Contribution, models.Repository, models.GithubAccount
    rows = _rows(
        session,
        select(
            G.person_id,
            G.login,
            C.role,
            C.commits,
            C.first_commit_at,
            C.last_commit_at,
            R.id,
            R.full_name,
            R.html_url,
            R.description,
            R.topics,
            R.language,
            R.stars,
            R.forks,
            R.is_fork,
            R.archived,
            R.created_at,
            R.pushed_at,
        )
        .join(C, C.github_account_id == G.id)
        .join(R, R.id == C.repository_id)
        .where(G.person_id.in_(ids))
        .order_by(G.person_id, R.full_name_lower, G.id),
    )
    deps = _load_dependencies(session, ids)
    contributors = _load_contributor_counts(session, ids)
    base = github_web(settings)
    out: dict[int, dict[int, RepoFact]] = defaultdict(dict)
    for row in rows:
        (pid, login, role, commits, first, last, repo_id, full_name, html_url, description,
         topics, language, stars, forks, is_fork, archived, created, pushed) = row  # fmt: skip
        owner = role == "owner"
        fact = RepoFact(
            full_name,
            html_url or f"{base}/{full_name}",
            role if role in ROLE_RANK else "contributor",
            login,
            description,
            tuple(t for t in topics or () if isinstance(t, str)),
            language,
            stars or 0,
            forks or 0,
            bool(is_fork),
            bool(archived),
            created,
            pushed,
            commits or 0,
            first,
            last,
            deps.get(repo_id, ()) if owner else (),
            contributors.get(repo_id, 0) if owner else 0,
        )
        mine = out[pid]
        mine[repo_id] = _merge_repo(mine[repo_id], fact) if repo_id in mine else fact
    return {pid: tuple(repos.values()) for pid, repos in out.items()}


def _merge_repo(old: RepoFact, new: RepoFact) -> RepoFact:
    """Two accounts of one person on one repository: strongest role, commits added up."""
    lead = new if ROLE_RANK[new.role] > ROLE_RANK[old.role] else old
    firsts = [d for d in (old.first_commit_at, new.first_commit_at) if d]
    lasts = [d for d in (old.last_commit_at, new.last_commit_at) if d]
    return replace(
        lead,
        commits=old.commits + new.commits,
        first_commit_at=min(firsts) if firsts else None,
        last_commit_at=max(lasts) if lasts else None,
        dependencies=old.dependencies or new.dependencies,
        contributors=max(old.contributors, new.contributors),
    )


def _owned_repo_ids(ids: list[int]) -> Select[Any]:
    C, G = models.Contribution, models.GithubAccount
    return (
        select(C.repository_id)
        .join(G, G.id == C.github_account_id)
        .where(G.person_id.in_(ids), C.role == "owner")
    )


def _load_dependencies(session: Session, ids: list[int]) -> dict[int, tuple[tuple[str, str], ...]]:
    D = models.Dependency
    rows = _rows(
        session,
        select(D.repository_id, D.ecosystem, D.name)
        .where(D.repository_id.in_(_owned_repo_ids(ids)))
        .order_by(D.repository_id, D.ecosystem, D.name),
    )
    out: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for row in rows:
        out[row.repository_id].append((row.ecosystem, row.name))
    return {repo: tuple(dict.fromkeys(pairs)) for repo, pairs in out.items()}


def _load_contributor_counts(session: Session, ids: list[int]) -> dict[int, int]:
    C = models.Contribution
    rows = _rows(
        session,
        select(C.repository_id, func.count())
        .where(C.repository_id.in_(_owned_repo_ids(ids)), C.commits > 0)
        .group_by(C.repository_id),
    )
    return {repo: count for repo, count in rows}


def _load_artifacts(
    session: Session, ids: list[int], hf_base: str
) -> dict[int, tuple[ArtifactFact, ...]]:
    A, H = models.HfArtifact, models.HfAccount
    rows = _rows(
        session,
        select(
            H.person_id,
            A.kind,
            A.hf_id,
            A.tags,
            A.library_name,
            A.pipeline_tag,
            A.sdk,
            A.downloads,
            A.likes,
            A.created_at,
            A.last_modified,
        )
        .join(H, H.id == A.hf_account_id)
        .where(H.person_id.in_(ids))
        .order_by(H.person_id, A.kind, A.hf_id),
    )
    out: dict[int, list[ArtifactFact]] = defaultdict(list)
    for row in rows:
        out[row.person_id].append(
            ArtifactFact(
                kind=row.kind,
                hf_id=row.hf_id,
                url=artifact_url(hf_base, row.kind, row.hf_id),
                tags=tuple(t for t in row.tags or () if isinstance(t, str)),
                library_name=row.library_name,
                pipeline_tag=row.pipeline_tag,
                sdk=row.sdk,
                downloads=row.downloads or 0,
                likes=row.likes or 0,
                created_at=row.created_at,
                last_modified=row.last_modified,
            )
        )
    return {pid: tuple(items) for pid, items in out.items()}


def _load_orgs(
    session: Session, ids: list[int], settings: Settings
) -> dict[int, tuple[OrgFact, ...]]:
    M, Org, G, H = (
        models.Membership,
        models.Organisation,
        models.GithubAccount,
        models.HfAccount,
    )
    person = func.coalesce(G.person_id, H.person_id).label("person_id")
    rows = _rows(
        session,
        select(person, Org.platform, Org.login, Org.name, Org.description, Org.html_url, M.role)
        .select_from(M)
        .join(Org, Org.id == M.organisation_id)
        .outerjoin(G, G.id == M.github_account_id)
        .outerjoin(H, H.id == M.hf_account_id)
        .where((G.person_id.in_(ids)) | (H.person_id.in_(ids)))
        .order_by(person, Org.platform, Org.login_lower),
    )
    bases = {"github": github_web(settings), "hf": hf_web(settings)}
    out: dict[int, dict[tuple[str, str], OrgFact]] = defaultdict(dict)
    for row in rows:
        url = row.html_url or f"{bases.get(row.platform, bases['github'])}/{row.login}"
        key = (row.platform, row.login.lower())
        out[row.person_id].setdefault(
            key, OrgFact(row.platform, row.login, url, row.name, row.description, row.role)
        )
    return {pid: tuple(orgs.values()) for pid, orgs in out.items()}


def _first(values: Iterable[Any]) -> Any:
    return next((v for v in values if v not in (None, "")), None)


def _person(
    person: Any,
    github: list[Any],
    hf: list[Any],
    repos: tuple[RepoFact, ...],
    artifacts: tuple[ArtifactFact, ...],
    orgs: tuple[OrgFact, ...],
    settings: Settings,
) -> PersonFacts:
    created = [g.created_at for g in github if g.created_at]
    events = [g.last_event_at for g in github if g.last_event_at]
    gh_url = _first(g.html_url for g in github)
    if gh_url is None and github:
        gh_url = f"{github_web(settings)}/{github[0].login}"
    return PersonFacts(
        person_id=person.id,
        display_name=person.display_name
        or _first(g.name for g in github)
        or _first(h.fullname for h in hf),
        github_logins=tuple(g.login for g in github),
        hf_names=tuple(h.name for h in hf),
        github_type=github[0].type if github else None,
        bio=person.bio or _first(g.bio for g in github) or _first(h.details for h in hf),
        company=person.company or _first(g.company for g in github),
        website=person.website or _first(g.blog for g in github),
        location_raw=person.location_raw or _first(g.location for g in github),
        country=person.country,
        city=person.city,
        hireable=person.hireable,
        public_email=person.public_email,
        followers=max([person.followers or 0, *(g.followers or 0 for g in github)]),
        is_bot=bool(person.is_bot),
        account_created_at=min(created) if created else None,
        last_event_at=max(events) if events else None,
        public_repos=sum(g.public_repos or 0 for g in github),
        repos=repos,
        artifacts=artifacts,
        orgs=orgs,
        github_url=gh_url,
        hf_url=f"{hf_web(settings)}/{hf[0].name}" if hf else None,
    )
