"""The GitHub spider: discovers people around the AI ecosystem and profiles each one.

Discovery (from config/seeds.toml): contributors of the target repositories (most active
first), public members of the listed organisations, and user searches. A profile is a short
chain of requests per person, so that the last one can mark the person complete:

    /users/{login} -> /users/{login}/repos -> /users/{login}/orgs -> /users/{login}/events/public

plus, for the strongest owned repositories with AI signals, their dependency files
(crawler.profiling decides which, for this spider and the PyGithub client alike). Counts on
the profile (``public_repos`` = 0) skip requests that could only return nothing.

The depth is bounded by construction: seeds lead to people, and people are profiled, never
expanded further (a person's own organisations are recorded, not crawled for more members).
Cross-references between GitHub and HF profiles get one more, non-discovering pass
(crawler.runner). ``--max-people`` and ``--max-requests`` cap a run.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from scrapy import Request
from scrapy.http import Response

from talent.crawler import parse
from talent.crawler.manifests import decode_content, parse_dependency_file
from talent.crawler.profiling import dependency_files, is_ai_repo, strongest
from talent.crawler.seeds import check_seeds, load_seeds
from talent.crawler.spiders.base import ApiSpider
from talent.store.items import (
    AccountRef,
    ActivityItem,
    ContributionItem,
    DependencyItem,
    MembershipItem,
    OrganisationItem,
    RepositoryItem,
)
from talent.taxonomy import load_taxonomy

MAX_STATS_POLLS = 6


class GithubSpider(ApiSpider):
    name = "github"
    api = "github"

    def default_headers(self) -> dict[str, str]:
        return {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}

    async def start(self) -> Any:
        self.taxonomy = load_taxonomy()
        seeds = load_seeds()
        check_seeds(seeds, self.taxonomy)
        self.bounds = seeds.bounds
        # Before the first yield: a distributed worker may be handed another worker's search
        # page before its own start() gets further.
        self.searches = list(seeds.github.user_searches)
        for login in self.names:
            for request in self.profile(login):
                yield request
        if not self.discover:
            return
        for full_name in seeds.crawl_repositories(self.taxonomy):
            yield self.get(f"/repos/{full_name}", self.parse_target_repo, priority=5)
        for org in seeds.organisations():
            yield self.get(
                self.url(f"/orgs/{org}/members", per_page=100),
                self.parse_members,
                meta={"org": org, "page": 1},
            )
        # Searches run one at a time: their budget is 30 a minute, and a burst of them
        # waiting for it would hold every download slot.
        if self.searches:
            yield self._search_request(0)

    # Discovery ---------------------------------------------------------------------------
    def parse_target_repo(self, response: Response) -> Iterator[Any]:
        data = self.expect(response, dict)
        if data is None:
            return
        item = parse.repository(data, response.url)
        yield item
        if not isinstance(item.github_id, int) or not isinstance(item.full_name, str):
            return
        meta = {"repo_id": item.github_id, "repo": item.full_name, "page": 1}
        yield self.get(
            self.url(f"/repos/{item.full_name}/contributors", per_page=100),
            self.parse_contributors,
            meta=meta,
            priority=5,
        )
        yield self.get(
            f"/repos/{item.full_name}/stats/contributors",
            self.parse_contributor_stats,
            meta={**meta, "polls": 0},
            priority=-10,
        )

    def parse_contributors(self, response: Response) -> Iterator[Any]:
        data = self.expect(response, list)
        if data is None:
            return
        meta = response.meta
        for entry in self.dicts(data):
            login, github_id = entry.get("login"), entry.get("id")
            commits = entry.get("contributions")
            if not isinstance(login, str) or not isinstance(github_id, int):
                continue  # anonymous contributors have no account
            # Every contribution is kept (it costs no request: it is in this page), so that a
            # person found elsewhere shows all their work; only people with enough commits
            # here are profiled for it.
            yield ContributionItem(
                source_url=response.url,
                account=AccountRef(github_id=github_id, login=login),
                repo_github_id=meta["repo_id"],
                repo_full_name=meta["repo"],
                commits=commits,
            )
            if not isinstance(commits, int) or commits >= self.bounds.min_contributions:
                yield from self.profile(login)
        next_url = self.next_page(response)
        if next_url and meta["page"] < self.bounds.max_contributor_pages:
            yield self.get(
                next_url,
                self.parse_contributors,
                meta={**self._carry(meta), "page": meta["page"] + 1},
                priority=5,
            )

    def parse_contributor_stats(self, response: Response) -> Iterator[Any]:
        meta = response.meta
        if response.status == 202:  # GitHub is computing the statistics: ask again later
            if meta["polls"] < MAX_STATS_POLLS:
                yield self.get(
                    response.url,
                    self.parse_contributor_stats,
                    meta={
                        **self._carry(meta),
                        "polls": meta["polls"] + 1,
                        "delay": 2.0 ** meta["polls"],
                    },
                    priority=-10,
                    again=True,
                )
            return
        data = self.expect(response, list)
        if data is None:
            return
        for entry in self.dicts(data):
            author = entry.get("author") if isinstance(entry.get("author"), dict) else {}
            login, github_id = author.get("login"), author.get("id")
            if not isinstance(login, str) or not isinstance(github_id, int):
                continue
            active = [w for w in entry.get("weeks") or [] if isinstance(w, dict) and w.get("c")]
            if not active:
                continue
            yield ContributionItem(
                source_url=response.url,
                account=AccountRef(github_id=github_id, login=login),
                repo_github_id=meta["repo_id"],
                repo_full_name=meta["repo"],
                commits=entry.get("total") if isinstance(entry.get("total"), int) else None,
                first_commit_at=_week(active[0].get("w")),
                last_commit_at=_week(active[-1].get("w")),
            )

    def parse_members(self, response: Response) -> Iterator[Any]:
        data = self.expect(response, list)
        if data is None:
            return
        meta = response.meta
        for entry in self.dicts(data):
            login, github_id = entry.get("login"), entry.get("id")
            if not isinstance(login, str) or not isinstance(github_id, int):
                continue
            yield MembershipItem(
                source_url=response.url,
                platform="github",
                organisation=meta["org"],
                github=AccountRef(github_id=github_id, login=login),
            )
            yield from self.profile(login)
        next_url = self.next_page(response)
        if next_url and meta["page"] < self.bounds.max_member_pages:
            yield self.get(
                next_url, self.parse_members, meta={"org": meta["org"], "page": meta["page"] + 1}
            )

    def _search_request(self, index: int, url: str | None = None, page: int = 1) -> Request:
        return self.get(
            url or self.url("/search/users", q=self.searches[index], per_page=100),
            self.parse_search,
            meta={"search": index, "page": page},
            priority=-5,
        )

    def parse_search(self, response: Response) -> Iterator[Any]:
        data = self.expect(response, dict)
        for entry in self.dicts((data or {}).get("items") or []):
            if isinstance(entry.get("login"), str):
                yield from self.profile(entry["login"])
        index, page = response.meta["search"], response.meta["page"]
        next_url = self.next_page(response) if data is not None else None
        if next_url and page < self.bounds.max_search_pages:
            yield self._search_request(index, next_url, page + 1)
        elif index + 1 < len(self.searches):
            yield self._search_request(index + 1)

    # Profiles ----------------------------------------------------------------------------
    def profile(self, login: str) -> Iterator[Request]:
        if self.claim(login):
            yield self.get(
                f"/users/{quote(login)}",
                self.parse_user,
                meta={"login": login},
                priority=self.profile_priority,
            )

    def parse_user(self, response: Response) -> Iterator[Any]:
        data = self.expect(response, dict)
        if data is None:
            return
        item = parse.github_account(data, response.url)
        yield item
        if not isinstance(item.github_id, int) or not isinstance(item.login, str):
            return  # the validate pipeline drops and reports the item
        login = item.login
        if item.type == "Organization":
            yield OrganisationItem(
                source_url=response.url,
                platform="github",
                login=login,
                name=item.name,
                description=item.bio,
                html_url=item.html_url,
            )
            return
        account = AccountRef(github_id=item.github_id, login=login)
        if item.type == "Bot":
            yield ActivityItem(source_url=response.url, account=account, last_event_at=None)
            return
        if item.public_repos == 0:
            yield self._orgs_request(account)
            return
        yield self.get(
            self.url(f"/users/{quote(login)}/repos", type="owner", sort="pushed", per_page=100),
            self.parse_repos,
            meta={"account": account, "ai_repos": []},
            priority=self.profile_priority,
        )

    def parse_repos(self, response: Response) -> Iterator[Any]:
        data = self.expect(response, list)
        account: AccountRef = response.meta["account"]
        ai_repos: list[RepositoryItem] = list(response.meta["ai_repos"])
        for entry in self.dicts(data or []):
            item = parse.repository(entry, response.url)
            yield item
            if is_ai_repo(item, self.taxonomy):
                ai_repos.append(item)
        next_url = self.next_page(response) if data is not None else None
        if next_url:
            yield self.get(
                next_url,
                self.parse_repos,
                meta={"account": account, "ai_repos": ai_repos},
                priority=self.profile_priority,
            )
            return
        for repo in strongest(ai_repos):
            yield from self._dependency_request(repo, 0)
        yield self._orgs_request(account)

    def _orgs_request(self, account: AccountRef) -> Request:
        return self.get(
            self.url(f"/users/{quote(account.login)}/orgs", per_page=100),
            self.parse_orgs,
            meta={"account": account},
            priority=self.profile_priority,
        )

    def parse_orgs(self, response: Response) -> Iterator[Any]:
        account: AccountRef = response.meta["account"]
        for entry in self.dicts(self.expect(response, list) or []):
            org = entry.get("login")
            if not isinstance(org, str):
                continue
            yield OrganisationItem(
                source_url=response.url,
                platform="github",
                login=org,
                description=entry.get("description")
                if isinstance(entry.get("description"), str)
                else None,
            )
            yield MembershipItem(
                source_url=response.url, platform="github", organisation=org, github=account
            )
        yield self.get(
            self.url(f"/users/{quote(account.login)}/events/public", per_page=100),
            self.parse_events,
            meta={"account": account},
            priority=self.profile_priority,
        )

    def parse_events(self, response: Response) -> Iterator[Any]:
        data = self.expect(response, list) or []
        times = [parse.timestamp(e, "created_at") for e in self.dicts(data)]
        moments = [t for t in times if isinstance(t, datetime)]
        yield ActivityItem(
            source_url=response.url,
            account=response.meta["account"],
            last_event_at=max(moments) if moments else None,
        )

    # Dependencies (which repositories and files: crawler.profiling) ----------------------
    def _dependency_request(self, repo: RepositoryItem, index: int) -> Iterator[Request]:
        files = dependency_files(repo)
        if index >= len(files):
            return
        yield self.get(
            f"/repos/{repo.full_name}/contents/{files[index]}",
            self.parse_dependency_file,
            meta={"repo": repo, "index": index, "remember_absence": True},
            allow=(404,),
            priority=self.profile_priority - 5,
        )

    def parse_dependency_file(self, response: Response) -> Iterator[Any]:
        repo: RepositoryItem = response.meta["repo"]
        index = response.meta["index"]
        if response.status == 404:  # not there: try the next usual file name
            yield from self._dependency_request(repo, index + 1)
            return
        data = self.expect(response, dict)
        if data is None:
            return
        content = decode_content(data)
        path = data.get("path") if isinstance(data.get("path"), str) else ""
        if content is None:
            self.crawler.stats.inc_value("talent/dropped/dependency_file")
            return
        yield DependencyItem(
            source_url=response.url,
            repo_github_id=repo.github_id,
            repo_full_name=repo.full_name,
            file=path,
            packages=parse_dependency_file(path, content),
        )

    @staticmethod
    def _carry(meta: Any) -> dict[str, Any]:
        return {key: meta[key] for key in ("repo_id", "repo", "page") if key in meta}


def _week(value: Any) -> datetime | None:
    return datetime.fromtimestamp(value, UTC) if isinstance(value, int) else None
