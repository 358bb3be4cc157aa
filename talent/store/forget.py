"""Forgetting a person: one call, one transaction, and nothing left to re-create them from.

``forget_person`` deletes the person and everything about them: their GitHub and Hugging Face
accounts, the contributions, memberships, identity links and Hub artifacts of those accounts,
the repositories they own (with their dependency lists), evidence, signals, statuses,
saved-search results, and every cached raw API body about them or naming them. It remembers
the forgotten identities as hashes (``ForgottenIdentity``), and the store's upserts refuse to
write anything about them again: a contributors list that still names them, replayed from
the cache or fetched anew, re-creates nobody.

The vector index is not the store's: the person's ``person_index`` row stays so that the next
``talent index`` deletes their point (``talent.app.people.forget`` does it at once).
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete, false, func, or_, select, update
from sqlalchemy.orm import Session

from talent.errors import NotFound
from talent.store import models


def identity_keys(
    github_ids: Iterable[int] = (), logins: Iterable[str] = (), hf_names: Iterable[str] = ()
) -> set[str]:
    """The hashed keys under which forgotten accounts are remembered."""
    keys = {f"github:{int(i)}" for i in github_ids}
    keys |= {f"github-login:{login.lower()}" for login in logins}
    keys |= {f"hf:{name.lower()}" for name in hf_names}
    return {hashlib.sha256(key.encode()).hexdigest() for key in keys}


def forgotten(session: Session, keys: Iterable[str]) -> set[str]:
    """Which of these hashed keys belong to forgotten accounts."""
    wanted = list(set(keys))
    found: set[str] = set()
    T = models.ForgottenIdentity
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found |= set(session.scalars(select(T.key_hash).where(T.key_hash.in_(chunk))))
    return found


def all_forgotten(engine: Engine) -> set[str]:
    """Every forgotten identity's hashed key (a small table: read once per crawl)."""
    with engine.connect() as conn:
        return set(conn.execute(select(models.ForgottenIdentity.key_hash)).scalars())


@dataclass
class Forgotten:
    """What one ``forget_person`` removed (counts of rows per table)."""

    person_id: int
    github: list[str] = field(default_factory=list)
    hf: list[str] = field(default_factory=list)
    removed: dict[str, int] = field(default_factory=dict)


_PROVENANCE = (
    models.GithubAccount,
    models.HfAccount,
    models.Repository,
    models.HfArtifact,
    models.Organisation,
    models.Contribution,
    models.Membership,
)


def forget_person(session: Session, person_id: int, *, at: datetime | None = None) -> Forgotten:
    """Delete a person and everything the store holds about them (see the module docstring).
    Runs in the caller's transaction: all of it happens, or none."""
    person = session.get(models.Person, person_id)
    if person is None:
        raise NotFound(f"no person {person_id} in the store", "search results show person ids")
    G, H = models.GithubAccount, models.HfAccount
    github = session.execute(select(G.id, G.github_id, G.login).where(G.person_id == person_id))
    gh_rows = list(github)
    hf_rows = list(session.execute(select(H.id, H.name).where(H.person_id == person_id)))
    gh_ids, hf_ids = [r.id for r in gh_rows], [r.id for r in hf_rows]
    logins, names = [r.login for r in gh_rows], [r.name for r in hf_rows]
    result = Forgotten(person_id, github=logins, hf=names)
    removed = result.removed

    def run(table: str, statement: object) -> None:
        count = session.execute(statement).rowcount  # type: ignore[call-overload]
        if count:
            removed[table] = removed.get(table, 0) + count

    # Their own repositories: the owner role on a repository under one of their logins.
    own_repos = select(models.Contribution.repository_id).where(
        models.Contribution.github_account_id.in_(gh_ids),
        models.Contribution.role == "owner",
    )
    repo_ids = list(
        session.scalars(
            select(models.Repository.id).where(
                models.Repository.id.in_(own_repos),
                func.lower(models.Repository.owner_login).in_([x.lower() for x in logins]),
            )
        )
    )
    validators = models.HttpValidator
    run("http_validators", delete(validators).where(_their_urls(validators.url, logins, names)))
    run("http_validators", _bodies_naming(session, [*logins, *names]))
    run("saved_search_results", _by_person(models.SavedSearchResult, person_id))
    run("candidate_status", _by_person(models.CandidateStatus, person_id))
    run("evidence_items", _by_person(models.EvidenceItem, person_id))
    run("person_signals", _by_person(models.PersonSignals, person_id))
    run(
        "memberships",
        delete(models.Membership).where(
            or_(
                models.Membership.github_account_id.in_(gh_ids),
                models.Membership.hf_account_id.in_(hf_ids),
            )
        ),
    )
    run(
        "identity_links",
        delete(models.IdentityLink).where(
            or_(
                models.IdentityLink.github_account_id.in_(gh_ids),
                models.IdentityLink.hf_account_id.in_(hf_ids),
            )
        ),
    )
    run(
        "hf_artifacts", delete(models.HfArtifact).where(models.HfArtifact.hf_account_id.in_(hf_ids))
    )
    run(
        "contributions",
        delete(models.Contribution).where(
            or_(
                models.Contribution.github_account_id.in_(gh_ids),
                models.Contribution.repository_id.in_(repo_ids),
            )
        ),
    )
    run(
        "dependencies",
        delete(models.Dependency).where(models.Dependency.repository_id.in_(repo_ids)),
    )
    run("repositories", delete(models.Repository).where(models.Repository.id.in_(repo_ids)))
    run("github_accounts", delete(G).where(G.id.in_(gh_ids)))
    run("hf_accounts", delete(H).where(H.id.in_(hf_ids)))
    # What stays (an organisation first seen in their list of organisations) forgets where
    # it was learnt rather than keep their handle in a URL.
    for model in _PROVENANCE:
        column = model.source_url  # type: ignore[attr-defined]
        run(
            f"{model.__tablename__} source_url",
            update(model).where(_their_urls(column, logins, names)).values(source_url=None),
        )
    session.expunge(person)
    run("people", delete(models.Person).where(models.Person.id == person_id))
    keys = identity_keys((r.github_id for r in gh_rows), logins, names)
    known = forgotten(session, keys)
    when = at or datetime.now(UTC)
    session.add_all(
        models.ForgottenIdentity(key_hash=key, forgotten_at=when) for key in sorted(keys - known)
    )
    session.flush()
    return result


def _bodies_naming(session: Session, handles: list[str]) -> object:
    """Cached bodies of other requests that name them (a repository's contributors list, an
    organisation's members): dropped, so the next crawl fetches those lists afresh. A scan of
    every cached body, which a rare forget can afford."""
    T = models.HttpValidator
    if not handles:  # a person without accounts (a repair): no body can name them
        return delete(T).where(false())
    needles = [f'"{h.lower()}"'.encode() for h in handles]
    hits: list[str] = []
    rows = session.execute(select(T.url_hash, T.body).execution_options(yield_per=1000))
    for key, body in rows:
        text = zlib.decompress(body).lower() if body else b""
        if any(needle in text for needle in needles):
            hits.append(key)
    return delete(T).where(T.url_hash.in_(hits))


def _by_person(model: type[models.Base], person_id: int) -> object:
    return delete(model).where(model.person_id == person_id)  # type: ignore[attr-defined]


def _their_urls(column: Any, logins: list[str], names: list[str]) -> Any:
    """URLs of requests about their accounts: GitHub ``/users/{login}…`` and
    ``/repos/{login}/…``, Hub ``/api/users/{name}/…`` and listings ``?author={name}``."""
    url = func.lower(column)
    clauses = []
    for login in (x.lower() for x in logins):
        clauses += [
            url.like(f"%/users/{_like(login)}", escape="\\"),
            url.like(f"%/users/{_like(login)}/%", escape="\\"),
            url.like(f"%/users/{_like(login)}?%", escape="\\"),
            url.like(f"%/repos/{_like(login)}/%", escape="\\"),
        ]
    for name in (x.lower() for x in names):
        clauses += [
            url.like(f"%/api/users/{_like(name)}/%", escape="\\"),
            url.like(f"%author={_like(name)}", escape="\\"),
            url.like(f"%author={_like(name)}&%", escape="\\"),
        ]
    return or_(*clauses) if clauses else column.is_(None) & column.is_not(None)


def _like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
