"""Targeted look-ups with the official clients: PyGithub and huggingface_hub.

The bulk crawl is Scrapy's job; these serve a sourcer who opens one candidate now
(``talent profile refresh``) and ``talent doctor``. They honour the same base URLs and
tokens as the spiders, and their results go through the same items, validation and upserts.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from talent.crawler import parse
from talent.crawler.failures import token_rejected, unreachable
from talent.crawler.manifests import decode_content, parse_dependency_file
from talent.crawler.pipelines.normalise import NormalisePipeline
from talent.crawler.profiling import dependency_files, is_ai_repo, strongest
from talent.errors import NotFound, UpstreamError
from talent.settings import Settings
from talent.store import Store, models
from talent.store.items import (
    AccountRef,
    ActivityItem,
    DependencyItem,
    GithubAccountItem,
    HfProfiledItem,
    InvalidItem,
    Item,
    MembershipItem,
    OrganisationItem,
    RepositoryItem,
)
from talent.store.upserts import StoreWriter

if TYPE_CHECKING:
    from github import Github
    from huggingface_hub import HfApi

    from talent.taxonomy import Taxonomy

logger = logging.getLogger(__name__)


def github_client(settings: Settings, *, retries: int | None = None) -> Github:
    from github import Auth, Github

    token = settings.github_token.get_secret_value() if settings.github_token else None
    return Github(
        base_url=settings.github_base,
        auth=Auth.Token(token) if token else None,
        per_page=100,
        timeout=int(settings.crawl.timeout),
        retry=settings.crawl.max_retries if retries is None else retries,
        # PyGithub's default pause between requests is for api.github.com; a simulator or
        # mirror does not need it.
        seconds_between_requests=0 if settings.upstream else 0.25,
    )


def hf_client(settings: Settings) -> HfApi:
    from huggingface_hub import HfApi, constants

    # HF_HUB_OFFLINE=1 is set so that no model weights are ever fetched; it also makes
    # huggingface_hub refuse API calls. Talking to the configured endpoint is what these
    # clients are for, so lift it for this process's API calls.
    constants.HF_HUB_OFFLINE = False
    token = settings.hf_token.get_secret_value() if settings.hf_token else None
    return HfApi(endpoint=settings.hf_base, token=token or False)


@dataclass
class RefreshResult:
    person_id: int | None
    github: str | None
    hf: list[str] = field(default_factory=list)
    items: int = 0
    dropped: list[str] = field(default_factory=list)


def refresh_profile(
    settings: Settings, login: str, *, hf_names: tuple[str, ...] = ()
) -> RefreshResult:
    """Fetch one person now (GitHub login, plus their linked or given HF accounts) and store."""
    from talent.store.identity import hf_names_in, resolve_people
    from talent.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    items: list[Item] = list(_github_items(settings, login, taxonomy))
    account = next(i for i in items if isinstance(i, GithubAccountItem))
    names = set(hf_names) | hf_names_in((account.blog or "", account.bio or ""))
    store = Store.open(settings)
    with Session(store.engine) as session:
        names |= set(
            session.scalars(
                select(models.HfAccount.name)
                .join(models.IdentityLink)
                .join(models.GithubAccount)
                .where(
                    models.GithubAccount.login_lower == login.lower(), models.IdentityLink.merged
                )
            )
        )
    for name in sorted(names):
        items.extend(_hf_items(settings, name))
    result = RefreshResult(person_id=None, github=account.login, hf=sorted(names))
    kept = _validated(items, result)
    StoreWriter(store.engine).write(kept)
    with Session(store.engine) as session, session.begin():
        resolve_people(session)
        result.person_id = session.scalar(
            select(models.GithubAccount.person_id).where(
                models.GithubAccount.login_lower == login.lower()
            )
        )
    result.items = len(kept)
    store.close()
    return result


def _validated(items: list[Item], result: RefreshResult) -> list[Item]:
    normalise = NormalisePipeline()
    kept = []
    for item in items:
        try:
            item.validate()
        except InvalidItem as exc:
            result.dropped.append(f"{item.kind} from {item.source_url}: {exc}")
            continue
        kept.append(normalise.process_item(item))
    return kept


def _github_items(settings: Settings, login: str, taxonomy: Taxonomy) -> Iterator[Item]:
    from github import GithubException, UnknownObjectException
    from requests import RequestException

    gh = github_client(settings)
    base = settings.github_base
    try:
        user = gh.get_user(login)
        profile = parse.github_account(user.raw_data, f"{base}/users/{login}")
        yield profile
        if profile.type != "User":
            return
        ref = AccountRef(github_id=user.id, login=user.login)
        # the spider's rules (crawler.profiling): which repositories, which files
        ai_repos: list[RepositoryItem] = []
        handles: dict[str, Any] = {}
        for repo in user.get_repos(type="owner", sort="pushed"):
            item = parse.repository(repo.raw_data, f"{base}/users/{login}/repos")
            yield item
            if is_ai_repo(item, taxonomy):
                ai_repos.append(item)
                handles[item.full_name] = repo
        for item in strongest(ai_repos):
            yield from _dependency_items(base, item, handles[item.full_name])
        for org in user.get_orgs():
            yield OrganisationItem(
                source_url=f"{base}/users/{login}/orgs",
                platform="github",
                login=org.login,
                description=org.raw_data.get("description"),
            )
            yield MembershipItem(
                source_url=f"{base}/users/{login}/orgs",
                platform="github",
                organisation=org.login,
                github=ref,
            )
        events = user.get_public_events()
        latest: datetime | None = None
        for event in islice(events, 100):  # slicing an empty PaginatedList raises
            if event.created_at and (latest is None or event.created_at > latest):
                latest = event.created_at
        yield ActivityItem(
            source_url=f"{base}/users/{login}/events/public", account=ref, last_event_at=latest
        )
    except UnknownObjectException:
        raise NotFound(f"GitHub has no account {login!r}", "check the spelling") from None
    except GithubException as exc:
        if exc.status == 401:
            where = f"HTTP 401 for {login!r}"
            raise token_rejected("github", settings.github_token is not None, where) from None
        raise UpstreamError(
            f"GitHub answered {exc.status} for {login!r}",
            "run `talent doctor` to check the token and the remaining rate limit",
        ) from None
    except RequestException as exc:  # no answer at all, after PyGithub's own retries
        raise unreachable("GitHub", base, type(exc).__name__) from None


def _dependency_items(base: str, item: RepositoryItem, repo: Any) -> Iterator[Item]:
    """The first of the language's usual manifests that exists, as the spider reads it."""
    from github import GithubException, UnknownObjectException

    for path in dependency_files(item):
        try:
            content = repo.get_contents(path)
        except UnknownObjectException:
            continue  # not there: try the next usual file name
        except GithubException:
            return  # any other answer ends this repository's look-up, as in the spider
        text = decode_content(content.raw_data)
        if text is None:  # too large for the contents API, or not a file
            return
        yield DependencyItem(
            source_url=f"{base}/repos/{item.full_name}/contents/{path}",
            repo_github_id=item.github_id,
            repo_full_name=item.full_name,
            file=path,
            packages=parse_dependency_file(path, text),
        )
        return


def _hf_items(settings: Settings, name: str) -> Iterator[Item]:
    """One HF account's items; a 401 or an unreachable Hub is an error, not a missing user."""
    from httpx2 import TransportError  # huggingface_hub's HTTP client
    from huggingface_hub.errors import HfHubHTTPError

    try:
        yield from _hf_account_items(settings, name)
    except HfHubHTTPError as exc:
        status = exc.response.status_code if exc.response is not None else None
        if status == 404:
            logger.warning("Hugging Face has no user %s (404)", name)
            return
        if status == 401:
            where = f"HTTP 401 for {name!r}"
            raise token_rejected("hf", settings.hf_token is not None, where) from None
        raise UpstreamError(
            f"Hugging Face answered {status or 'an error'} for {name!r}",
            "run `talent doctor` to check the token and the endpoint",
        ) from None
    except TransportError as exc:  # no answer at all
        raise unreachable("Hugging Face", settings.hf_base, type(exc).__name__) from None


def _hf_account_items(settings: Settings, name: str) -> Iterator[Item]:
    api = hf_client(settings)
    base = settings.hf_base
    user = api.get_user_overview(name)
    payload = {
        "user": user.username,
        "fullname": user.fullname,
        "details": user.details,
        "avatarUrl": user.avatar_url,
        "isPro": user.is_pro,
        "numFollowers": user.num_followers,
        "numModels": user.num_models,
        "numDatasets": user.num_datasets,
        "numSpaces": user.num_spaces,
        "orgs": [{"name": org.name} for org in user.orgs],
    }
    yield parse.hf_account(payload, f"{base}/api/users/{name}/overview", "user")
    listings = (
        ("model", api.list_models, user.num_models),
        ("dataset", api.list_datasets, user.num_datasets),
        ("space", api.list_spaces, user.num_spaces),
    )
    for kind, lister, count in listings:
        if count == 0:
            continue
        for info in lister(author=name):
            yield parse.hf_artifact(_info_payload(info), f"{base}/api/{kind}s?author={name}", kind)
    yield HfProfiledItem(source_url=f"{base}/api/users/{name}/overview", name=name)


def _info_payload(info: Any) -> dict[str, Any]:
    def iso(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "id": info.id,
        "author": getattr(info, "author", None),
        "tags": getattr(info, "tags", None) or [],
        "library_name": getattr(info, "library_name", None),
        "pipeline_tag": getattr(info, "pipeline_tag", None),
        "sdk": getattr(info, "sdk", None),
        "downloads": getattr(info, "downloads", None) or 0,
        "likes": getattr(info, "likes", None) or 0,
        "gated": getattr(info, "gated", None),
        "createdAt": iso(getattr(info, "created_at", None)),
        "lastModified": iso(getattr(info, "last_modified", None)),
    }


# Doctor ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def doctor(settings: Settings) -> list[Check]:
    """Checks tokens, endpoints, rate limits and the store; never prints a token."""
    checks = [
        Check(
            "GitHub token",
            True,
            "set (from GITHUB_TOKEN)"
            if settings.github_token
            else "not set: 60 requests/hour; export GITHUB_TOKEN for 5,000",
        ),
        Check(
            "HF token",
            True,
            "set (from HF_TOKEN)" if settings.hf_token else "not set: anonymous Hub limits",
        ),
        _github_check(settings),
        _hf_check(settings),
        _store_check(settings),
    ]
    return checks


def _github_check(settings: Settings) -> Check:
    from github import GithubException

    try:
        # One try: a doctor reports a dead endpoint now rather than after minutes of backoff.
        limits = github_client(settings, retries=0).get_rate_limit().resources
    except GithubException as exc:
        return Check("GitHub API", False, f"{settings.github_base} answered {exc.status}")
    except Exception as exc:  # connection errors come in many types; name them plainly
        return Check(
            "GitHub API", False, f"{settings.github_base} unreachable: {type(exc).__name__}"
        )
    core, search = limits.core, limits.search
    return Check(
        "GitHub API",
        core.remaining > 0,
        f"{settings.github_base}: core {core.remaining:,}/{core.limit:,} (resets "
        f"{core.reset:%H:%M} UTC), search {search.remaining}/{search.limit}",
    )


def _hf_check(settings: Settings) -> Check:
    api = hf_client(settings)
    try:
        if settings.hf_token:
            who = api.whoami()
            detail = f"{settings.hf_base}: token of {who.get('name', '?')}"
        else:
            next(iter(api.list_models(limit=1)), None)
            detail = f"{settings.hf_base}: reachable (anonymous)"
    except Exception as exc:  # HTTP and connection errors alike
        return Check("Hugging Face API", False, f"{settings.hf_base}: {type(exc).__name__}")
    return Check("Hugging Face API", True, detail)


def _store_check(settings: Settings) -> Check:
    from talent.store import redact_url

    try:
        store = Store.open(settings)
        counts = store.counts()
        store.close()
    except Exception as exc:  # StoreError or a driver error: report, don't crash the doctor
        return Check("store", False, str(exc).splitlines()[0])
    return Check(
        "store", True, f"{redact_url(settings.sqlalchemy_url)}: {counts['people']:,} people"
    )
