"""Idempotent upserts of crawl items into the store.

Shared by the Scrapy store pipeline and the targeted API clients (``talent profile
refresh``), so both write the same rows the same way. Writing an item twice changes nothing;
references to accounts and repositories not stored yet become stubs that a later profile
fills in, which keeps items from several crawler processes order-independent. Items about a
forgotten person's accounts (``talent.store.forget``) are skipped and counted.
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import unquote

from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from talent.store import models
from talent.store.bounds import bound
from talent.store.forget import forgotten, identity_keys
from talent.store.items import (
    AccountRef,
    ActivityItem,
    ContributionItem,
    DependencyItem,
    GithubAccountItem,
    HfAccountItem,
    HfArtifactItem,
    HfProfiledItem,
    Item,
    MembershipItem,
    OrganisationItem,
    RepositoryItem,
)
from talent.text import sanitize
from talent.vocab import ROLE_RANK

logger = logging.getLogger(__name__)
_GITHUB_USER_URL = re.compile(r"(?<!/api)/users/([^/?#]+)")
_HF_USER_URL = re.compile(r"/api/users/([^/?#]+)|[?&]author=([^&#]+)")
ATTEMPTS = 5
_ACCOUNT_FIELDS = (
    "type",
    "name",
    "company",
    "blog",
    "location",
    "country",
    "city",
    "email",
    "hireable",
    "bio",
    "twitter_username",
    "public_repos",
    "followers",
    "following",
    "html_url",
    "avatar_url",
    "created_at",
    "updated_at",
)
_REPO_FIELDS = (
    "description",
    "topics",
    "language",
    "stars",
    "forks",
    "is_fork",
    "archived",
    "homepage",
    "html_url",
    "created_at",
    "pushed_at",
    "updated_at",
)
_HF_ACCOUNT_FIELDS = (
    "fullname",
    "details",
    "avatar_url",
    "is_pro",
    "num_followers",
    "num_models",
    "num_datasets",
    "num_spaces",
)
_ARTIFACT_FIELDS = (
    "tags",
    "library_name",
    "pipeline_tag",
    "sdk",
    "downloads",
    "likes",
    "gated",
    "created_at",
    "last_modified",
)


def assign(row: Any, values: dict[str, Any], counts: Counter[str] | None = None) -> bool:
    """Set the attributes that differ, each bounded to what its column holds (the same on
    SQLite and PostgreSQL); report whether anything changed."""
    changed = False
    table = row.__table__
    for key, raw in values.items():
        value = bound(table, key, raw)
        if counts is not None and value is not raw and value != raw:
            counts["values_cut"] += 1
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    return changed


class StoreWriter:
    """Writes batches of items in one transaction each.

    When a batch fails for a reason of its own rows (a value the database refuses, a conflict
    that retries did not settle), it is written again item by item, each in its own
    transaction, and only the items the database still refuses are dropped, counted
    (``dropped``, ``dropped/<kind>``) and logged with their URL and the reason: one bad row
    never costs the rest of its batch. A database that cannot be reached raises.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def write(self, items: Iterable[Item]) -> Counter[str]:
        batch = list(items)
        try:
            return self._write(batch)
        except _DATABASE_DOWN:
            raise
        except SQLAlchemyError as exc:
            if len(batch) == 1:
                return self._dropped(batch[0], exc)
            logger.warning(
                "a store batch of %d items failed (%s); writing them one by one",
                len(batch),
                describe_error(exc),
            )
        counts: Counter[str] = Counter()
        for item in batch:
            try:
                counts.update(self._write([item]))
            except _DATABASE_DOWN:
                raise
            except SQLAlchemyError as exc:
                counts.update(self._dropped(item, exc))
        return counts

    def _dropped(self, item: Item, exc: SQLAlchemyError) -> Counter[str]:
        logger.warning(
            "dropped a %s from %s: the store refused it (%s)",
            item.kind,
            sanitize(item.source_url, 300),
            describe_error(exc),
        )
        return Counter({"dropped": 1, f"dropped/{item.kind}": 1})

    def _write(self, batch: list[Item]) -> Counter[str]:
        for attempt in range(1, ATTEMPTS + 1):
            counts: Counter[str] = Counter()
            try:
                with (
                    Session(self.engine, expire_on_commit=False, autoflush=False) as session,
                    session.begin(),
                ):
                    ops = _Ops(session, counts)
                    ops.prefetch(batch)
                    for item in batch:
                        ops.dispatch(item)
                return counts
            except (IntegrityError, OperationalError) as exc:
                # Another crawler process inserted the same account or repository between our
                # read and our write (or PostgreSQL broke a deadlock): the batch is idempotent,
                # so doing it again finds their rows.
                if attempt == ATTEMPTS:
                    raise
                logger.info("store batch conflicted (%s); retrying", type(exc.orig).__name__)
                time.sleep(0.05 * attempt)
        return Counter()


# Errors that say the database is unreachable or gone, not that a row is bad: never a
# reason to drop an item.
_DATABASE_DOWN = (OperationalError, InterfaceError)


def describe_error(exc: SQLAlchemyError) -> str:
    """The error's kind and first line, without the statement or its parameters (values)."""
    orig = getattr(exc, "orig", None) or exc.__cause__ or exc
    first = str(orig).strip().splitlines()[0] if str(orig).strip() else ""
    return sanitize(f"{type(orig).__name__}: {first}", 200)


class _Ops:
    """One batch's upserts. ``prefetch`` loads every row the batch can touch in a few
    queries, so the per-item work is dictionary look-ups rather than SELECTs."""

    def __init__(self, session: Session, counts: Counter[str]) -> None:
        self.s = session
        self.counts = counts
        self._accounts: dict[int, models.GithubAccount] = {}
        self._repos: dict[int, models.Repository] = {}
        self._contribs: dict[tuple[int, int], models.Contribution] = {}
        self._hf: dict[str, models.HfAccount] = {}
        self._artifacts: dict[tuple[str, str], models.HfArtifact] = {}
        self._orgs: dict[tuple[str, str], models.Organisation] | None = None
        self._members: set[tuple[int, str]] = set()  # (github account id, org login lower)
        self._forgotten: set[str] = set()  # hashed identities of forgotten people
        self._prefetched = False

    def prefetch(self, batch: list[Item]) -> None:
        gh_ids: set[int] = set()
        repo_ids: set[int] = set()
        hf_names: set[str] = set()
        artifact_ids: set[str] = set()
        for item in batch:
            for ref in _refs(item):
                gh_ids.add(ref.github_id)
            if isinstance(item, RepositoryItem):
                repo_ids.add(item.github_id)
            elif isinstance(item, ContributionItem | DependencyItem):
                repo_ids.add(item.repo_github_id)
            elif isinstance(item, HfAccountItem | HfProfiledItem):
                hf_names.add(item.name.lower())
            elif isinstance(item, MembershipItem) and item.hf_name:
                hf_names.add(item.hf_name.lower())
            elif isinstance(item, HfArtifactItem):
                hf_names.add(item.author.lower())
                artifact_ids.add(item.hf_id)
        A, R, C = models.GithubAccount, models.Repository, models.Contribution
        for chunk in _chunks(gh_ids):
            for row in self.s.scalars(select(A).where(A.github_id.in_(chunk))):
                self._accounts[row.github_id] = row
        for chunk in _chunks(repo_ids):
            for row in self.s.scalars(select(R).where(R.github_id.in_(chunk))):
                self._repos[row.github_id] = row
        account_ids = [row.id for row in self._accounts.values()]
        repo_pks = [row.id for row in self._repos.values()]
        for chunk in _chunks(account_ids):
            for row in self.s.scalars(
                select(C).where(C.github_account_id.in_(chunk), C.repository_id.in_(repo_pks))
            ):
                self._contribs[(row.github_account_id, row.repository_id)] = row
            for account_id, org in self.s.execute(
                select(models.Membership.github_account_id, models.Organisation.login_lower)
                .join(models.Organisation)
                .where(models.Membership.github_account_id.in_(chunk))
            ):
                self._members.add((account_id, org))
        for chunk in _chunks(hf_names):
            for row in self.s.scalars(
                select(models.HfAccount).where(models.HfAccount.name_lower.in_(chunk))
            ):
                self._hf[row.name_lower] = row
        for chunk in _chunks(artifact_ids):
            for row in self.s.scalars(
                select(models.HfArtifact).where(models.HfArtifact.hf_id.in_(chunk))
            ):
                self._artifacts[(row.kind, row.hf_id)] = row
        self._forgotten = forgotten(self.s, {k for item in batch for k in _identity_keys(item)})
        self._prefetched = True

    def dispatch(self, item: Item) -> None:
        if self._forgotten and not self._forgotten.isdisjoint(_identity_keys(item)):
            self.counts["forgotten_skipped"] += 1
            return
        handler = getattr(self, f"on_{item.kind}")
        handler(item)

    # GitHub ------------------------------------------------------------------------------
    def account(self, ref: AccountRef, *, source_url: str | None = None) -> models.GithubAccount:
        """The account row for a reference, created as a stub when unknown."""
        row = self._accounts.get(ref.github_id)
        if row is None and not self._prefetched:
            row = self.s.scalar(
                select(models.GithubAccount).where(models.GithubAccount.github_id == ref.github_id)
            )
        if row is None:
            self._free_login(ref.login, ref.github_id)
            row = models.GithubAccount(
                github_id=ref.github_id,
                login=ref.login,
                login_lower=ref.login.lower(),
                source_url=source_url,
            )
            self.s.add(row)
            self.s.flush()
            self.counts["github_accounts_new"] += 1
        elif row.login != ref.login:
            self._free_login(ref.login, ref.github_id)
            row.login, row.login_lower = ref.login, ref.login.lower()
        self._accounts[ref.github_id] = row
        return row

    def _free_login(self, login: str, github_id: int) -> None:
        """A login now held by another id was renamed away; keep the old row reachable."""
        other = self.s.scalar(
            select(models.GithubAccount).where(
                models.GithubAccount.login_lower == login.lower(),
                models.GithubAccount.github_id != github_id,
            )
        )
        if other is not None:
            # Cut so that the suffix still fits the column (the id keeps it unique).
            other.login = other.login_lower = f"{other.login.lower()[:70]}~{other.github_id}"
            self.s.flush()

    def on_github_account(self, item: GithubAccountItem) -> None:
        row = self.account(AccountRef(github_id=item.github_id, login=item.login))
        values = {name: getattr(item, name) for name in _ACCOUNT_FIELDS}
        fresh = row.fetched_at is None
        if assign(row, values, self.counts) and not fresh:
            self.counts["github_accounts_updated"] += 1
        row.source_url, row.fetched_at = item.source_url, item.fetched_at
        if item.type == "Organization":
            self.organisation(
                "github", item.login, item.name, item.bio, item.html_url, item.source_url, item
            )

    def repository(self, github_id: int, full_name: str) -> models.Repository:
        row = self._repos.get(github_id)
        if row is None and not self._prefetched:
            row = self.s.scalar(
                select(models.Repository).where(models.Repository.github_id == github_id)
            )
        if row is None:
            self._free_repo_name(full_name, github_id)
            row = models.Repository(
                github_id=github_id,
                full_name=full_name,
                full_name_lower=full_name.lower(),
                owner_login=full_name.split("/")[0],
            )
            self.s.add(row)
            self.s.flush()
            self.counts["repositories_new"] += 1
        elif row.full_name != full_name:  # renamed or transferred: same id, new name
            self._free_repo_name(full_name, github_id)
            row.full_name, row.full_name_lower = full_name, full_name.lower()
            row.owner_login = full_name.split("/")[0]
        self._repos[github_id] = row
        return row

    def _free_repo_name(self, full_name: str, github_id: int) -> None:
        other = self.s.scalar(
            select(models.Repository).where(
                models.Repository.full_name_lower == full_name.lower(),
                models.Repository.github_id != github_id,
            )
        )
        if other is not None:
            other.full_name_lower = f"{other.full_name_lower[:270]}~{other.github_id}"
            self.s.flush()

    def on_repository(self, item: RepositoryItem) -> None:
        row = self.repository(item.github_id, item.full_name)
        if assign(row, {name: getattr(item, name) for name in _REPO_FIELDS}, self.counts):
            self.counts["repositories_changed"] += 1
        row.source_url, row.fetched_at = item.source_url, item.fetched_at
        if item.owner is not None:
            owner = self.account(item.owner)
            self.contribute(owner, row, role="owner", source_url=item.source_url, item=item)

    def contribute(
        self,
        account: models.GithubAccount,
        repo: models.Repository,
        *,
        role: str,
        source_url: str,
        item: Item,
        commits: int | None = None,
        first: Any = None,
        last: Any = None,
    ) -> None:
        key = (account.id, repo.id)
        row = self._contribs.get(key)
        if row is None and not self._prefetched:
            row = self.s.scalar(
                select(models.Contribution).where(
                    models.Contribution.github_account_id == account.id,
                    models.Contribution.repository_id == repo.id,
                )
            )
        if row is None:
            row = models.Contribution(
                github_account_id=account.id, repository_id=repo.id, commits=0, role=role
            )
            self.s.add(row)
            self.counts["contributions_new"] += 1
        self._contribs[key] = row
        if ROLE_RANK.get(role, 0) > ROLE_RANK.get(row.role, 0):
            row.role = role
        if commits is not None:
            row.commits = commits
        if first is not None:
            row.first_commit_at = first
        if last is not None:
            row.last_commit_at = last
        row.source_url, row.fetched_at = source_url, item.fetched_at

    def on_contribution(self, item: ContributionItem) -> None:
        account = self.account(item.account, source_url=item.source_url)
        repo = self.repository(item.repo_github_id, item.repo_full_name)
        role = item.role
        if role == "contributor" and self._is_member(account.id, repo.owner_login):
            role = "member"
        self.contribute(
            account,
            repo,
            role=role,
            source_url=item.source_url,
            item=item,
            commits=item.commits,
            first=item.first_commit_at,
            last=item.last_commit_at,
        )

    def organisation(
        self,
        platform: str,
        login: str,
        name: str | None,
        description: str | None,
        html_url: str | None,
        source_url: str | None,
        item: Item,
    ) -> models.Organisation:
        if self._orgs is None:  # few hundred rows: load them all once per batch
            self._orgs = {
                (o.platform, o.login_lower): o for o in self.s.scalars(select(models.Organisation))
            }
        row = self._orgs.get((platform, login.lower()))
        if row is None:
            row = models.Organisation(platform=platform, login=login, login_lower=login.lower())
            self.s.add(row)
            self._orgs[(platform, login.lower())] = row
            self.counts["organisations_new"] += 1
        values = {"name": name, "description": description, "html_url": html_url}
        assign(row, {k: v for k, v in values.items() if v is not None}, self.counts)
        row.source_url, row.fetched_at = source_url, item.fetched_at
        self.s.flush()
        return row

    def on_organisation(self, item: OrganisationItem) -> None:
        self.organisation(
            item.platform,
            item.login,
            item.name,
            item.description,
            item.html_url,
            item.source_url,
            item,
        )

    def on_membership(self, item: MembershipItem) -> None:
        org = self.organisation(item.platform, item.organisation, None, None, None, None, item)
        if item.github is not None:
            account_id = self.account(item.github, source_url=item.source_url).id
            column = models.Membership.github_account_id
        else:
            account_id = self.hf_account(item.hf_name or "", "user").id
            column = models.Membership.hf_account_id
        self.s.flush()
        row = self.s.scalar(
            select(models.Membership).where(
                models.Membership.organisation_id == org.id, column == account_id
            )
        )
        if row is None:
            row = models.Membership(organisation_id=org.id, role=item.role)
            setattr(row, column.key, account_id)
            self.s.add(row)
            self.counts["memberships_new"] += 1
        row.role = item.role if ROLE_RANK.get(item.role, 0) else row.role
        row.source_url, row.fetched_at = item.source_url, item.fetched_at
        if item.platform == "github" and item.github is not None:
            self._members.add((account_id, org.login_lower))
            self._promote_members(org.login_lower, account_id)

    def _is_member(self, account_id: int, org_login: str) -> bool:
        if self._prefetched:
            return (account_id, org_login.lower()) in self._members
        return (
            self.s.scalar(
                select(models.Membership.id)
                .join(models.Organisation)
                .where(
                    models.Organisation.platform == "github",
                    models.Organisation.login_lower == org_login.lower(),
                    models.Membership.github_account_id == account_id,
                )
            )
            is not None
        )

    def _promote_members(self, org_login: str, account_id: int) -> None:
        """Contributors to their own organisation's repositories count as members there."""
        self.s.flush()
        rows = self.s.scalars(
            select(models.Contribution)
            .join(models.Repository)
            .where(
                models.Contribution.github_account_id == account_id,
                models.Repository.owner_login == org_login,
                models.Contribution.role == "contributor",
            )
        )
        for row in rows:
            row.role = "member"

    def on_dependency(self, item: DependencyItem) -> None:
        repo = self.repository(item.repo_github_id, item.repo_full_name)
        self.s.flush()
        self.s.execute(
            delete(models.Dependency).where(
                models.Dependency.repository_id == repo.id, models.Dependency.file == item.file
            )
        )
        seen: set[tuple[str, str]] = set()
        for ecosystem, name in item.packages:
            if (ecosystem, name) in seen:
                continue
            if bound(models.Dependency.__table__, "name", name) != name:
                self.counts["dependency_names_unusable"] += 1  # a cut name names another one
                continue
            seen.add((ecosystem, name))
            exists = self.s.scalar(
                select(models.Dependency.id).where(
                    models.Dependency.repository_id == repo.id,
                    models.Dependency.ecosystem == ecosystem,
                    models.Dependency.name == name,
                )
            )
            if exists is None:
                self.s.add(
                    models.Dependency(
                        repository_id=repo.id, ecosystem=ecosystem, name=name, file=item.file
                    )
                )
        self.s.flush()
        self.counts["dependency_files"] += 1

    def on_activity(self, item: ActivityItem) -> None:
        # The profile itself may still sit in another crawler process's batch: a stub now,
        # filled in when it lands.
        row = self.account(item.account, source_url=item.source_url)
        if item.last_event_at is not None:
            row.last_event_at = item.last_event_at
        if item.profiled:
            row.profiled_at = item.fetched_at
            self.counts["github_profiled"] += 1

    # Hugging Face ------------------------------------------------------------------------
    def hf_account(self, name: str, kind: str) -> models.HfAccount:
        row = self._hf.get(name.lower())
        if row is None and not self._prefetched:
            row = self.s.scalar(
                select(models.HfAccount).where(models.HfAccount.name_lower == name.lower())
            )
        if row is None:
            row = models.HfAccount(name=name, name_lower=name.lower(), kind=kind)
            self.s.add(row)
            self.s.flush()
            self.counts["hf_accounts_new"] += 1
        self._hf[name.lower()] = row
        return row

    def on_hf_account(self, item: HfAccountItem) -> None:
        row = self.hf_account(item.name, item.account_kind)
        fresh = row.fetched_at is None
        values = {name: getattr(item, name) for name in _HF_ACCOUNT_FIELDS}
        values["kind"] = item.account_kind
        if item.name != row.name:
            values["name"] = item.name
        if assign(row, values, self.counts) and not fresh:
            self.counts["hf_accounts_updated"] += 1
        row.source_url, row.fetched_at = item.source_url, item.fetched_at
        if item.account_kind == "org":
            self.organisation(
                "hf", item.name, item.fullname, item.details, None, item.source_url, item
            )
            return
        for org_name in item.orgs:
            self.on_membership(
                MembershipItem(
                    source_url=item.source_url,
                    fetched_at=item.fetched_at,
                    platform="hf",
                    organisation=org_name,
                    hf_name=item.name,
                )
            )

    def on_hf_artifact(self, item: HfArtifactItem) -> None:
        author = self.hf_account(item.author, "user")
        key = (item.artifact_kind, item.hf_id)
        row = self._artifacts.get(key)
        if row is None and not self._prefetched:
            row = self.s.scalar(
                select(models.HfArtifact).where(
                    models.HfArtifact.kind == item.artifact_kind,
                    models.HfArtifact.hf_id == item.hf_id,
                )
            )
        if row is None:
            row = models.HfArtifact(kind=item.artifact_kind, hf_id=item.hf_id)
            self.s.add(row)
            self.counts["hf_artifacts_new"] += 1
        self._artifacts[key] = row
        values = {name: getattr(item, name) for name in _ARTIFACT_FIELDS}
        values.update(author=item.author, hf_account_id=author.id)
        assign(row, values, self.counts)
        row.source_url, row.fetched_at = item.source_url, item.fetched_at

    def on_hf_profiled(self, item: HfProfiledItem) -> None:
        row = self.hf_account(item.name, "user")
        row.profiled_at = item.fetched_at
        self.counts["hf_profiled"] += 1


def _identity_keys(item: Item) -> set[str]:
    """The hashed identities (``talent.store.forget.identity_keys``) an item is about."""
    refs = _refs(item)
    logins = [ref.login for ref in refs if isinstance(ref.login, str)]
    if isinstance(item, RepositoryItem | DependencyItem):
        name = item.full_name if isinstance(item, RepositoryItem) else item.repo_full_name
        if isinstance(name, str) and "/" in name:
            logins.append(name.split("/", 1)[0])  # an own repository and its manifests
    names: list[str] = []
    if isinstance(item, HfAccountItem | HfProfiledItem) and isinstance(item.name, str):
        names.append(item.name)
    elif isinstance(item, HfArtifactItem) and isinstance(item.author, str):
        names.append(item.author)
    elif isinstance(item, MembershipItem) and item.hf_name:
        names.append(item.hf_name)
    # A response about someone (their orgs, their repositories, their Hub listings) is
    # theirs, whatever it lists.
    url = item.source_url if isinstance(item.source_url, str) else ""
    logins += [unquote(login) for login in _GITHUB_USER_URL.findall(url)]
    names += [unquote(a or b) for a, b in _HF_USER_URL.findall(url)]
    ids = [ref.github_id for ref in refs if isinstance(ref.github_id, int)]
    return identity_keys(ids, logins, names)


def _refs(item: Item) -> list[AccountRef]:
    """The GitHub accounts an item touches."""
    if isinstance(item, GithubAccountItem):
        return [AccountRef(github_id=item.github_id, login=item.login)]
    if isinstance(item, RepositoryItem):
        return [item.owner] if item.owner else []
    if isinstance(item, ContributionItem | ActivityItem):
        return [item.account]
    if isinstance(item, MembershipItem) and item.github is not None:
        return [item.github]
    return []


def _chunks(values: Iterable[Any], size: int = 500) -> Iterator[list[Any]]:
    items = list(values)
    for start in range(0, len(items), size):
        yield items[start : start + size]
