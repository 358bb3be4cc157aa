"""One generated person: the records they leave on GitHub and the Hub, and their ground truth.

Every visible thing a builder adds (a repository, a contribution, a Hub artifact) also records
*evidence*: when it happened, how strong a production signal it is (grade 0-3) and which
signal categories it shows. The label is computed from that evidence only, so it never
claims more than the person's public data shows.

Label rules (also in ``generate``'s docstring):

- commits to other people's repositories (the real ecosystem's projects, companies'
  repositories) are graded per category by the rule shared with the real-data world
  (``gen_grading``: 3 for 20+ code commits over 6+ months, the last within a year; 2 for 5+,
  or 2+ over 6 months; 1 for fewer or documentation only), capped by how deeply the
  repository shows the category;
- an own non-fork repository of production shape (dependency file, 25+ stars, maintained
  300+ days, pushed in the last 180) or a Hub artifact with 2,000+ downloads is a 3; a
  smaller production-shaped repository or classic ML in production a 2; course work and
  tutorials a 1;
- ``production`` is the strongest grade (documentation-only committers have none from their
  commits); ``categories`` the strongest per category;
- ``seniority`` counts years between the first and last visible activity (general) and, for
  AI tracks, years since the first AI evidence: lead 8+ general and 3+ AI, senior 5+ and 2+,
  mid 3+ and 1+, else junior (the bands of the product article's salary table).

Dates are only what the data shows: a Hub artifact older than the Hub's date records shows
the Hub's fixed placeholder ``createdAt``, so its evidence counts from its ``lastModified``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from talent.upstream.gen_catalogue import CATEGORIES, HF_MODELS, CatalogueRepo
from talent.upstream.gen_grading import band, combine
from talent.upstream.gen_grading import grade as area_grade
from talent.upstream.gen_people import Identity, Place
from talent.upstream.gen_state import (
    DAY,
    YEAR,
    WorldState,
    between,
    day,
    gh_time,
    hf_time,
    node_id,
    sha,
)
from talent.upstream.gen_templates import (
    HF_BY_KEY,
    TEMPLATES,
    HfTemplate,
    RepoTemplate,
    Slots,
    dependency_file,
    fill,
    readme,
    slot_values,
)

Record = dict[str, Any]
LICENSES = {
    "MIT": {"key": "mit", "name": "MIT License", "spdx_id": "MIT"},
    "Apache-2.0": {"key": "apache-2.0", "name": "Apache License 2.0", "spdx_id": "Apache-2.0"},
    "BSD-3-Clause": {
        "key": "bsd-3-clause",
        "name": 'BSD 3-Clause "New" or "Revised" License',
        "spdx_id": "BSD-3-Clause",
    },
    "GPL-3.0": {"key": "gpl-3.0", "name": "GNU General Public License v3.0", "spdx_id": "GPL-3.0"},
    "AGPL-3.0": {
        "key": "agpl-3.0",
        "name": "GNU Affero General Public License v3.0",
        "spdx_id": "AGPL-3.0",
    },
    "CC-BY-4.0": {
        "key": "cc-by-4.0",
        "name": "Creative Commons Attribution 4.0 International",
        "spdx_id": "CC-BY-4.0",
    },
    "NOASSERTION": {"key": "other", "name": "Other", "spdx_id": "NOASSERTION"},
}
_SIDE_LANGUAGES = ("Dockerfile", "Shell", "Makefile", "HTML", "CSS", "Jupyter Notebook")
HUB_UNKNOWN_DATE = "2022-03-02T23:29:04.000Z"
BASE_CREATED = {model.id: model.created for model in HF_MODELS}
_GRADE_FOR_TIER = {"classic": 2, "toy": 1, "none": 0, "plain": 0}


@dataclass
class Evidence:
    at: datetime
    grade: int
    categories: dict[str, int]


@dataclass(frozen=True)
class Work:
    """Commits to one repository of the ecosystem (or a company's), by the areas it shows."""

    categories: dict[str, int]
    commits: int
    docs_only: bool
    first: datetime
    last: datetime


@dataclass
class OwnRepo:
    record: Record
    template: RepoTemplate | None
    slots: Slots | dict[str, str]


@dataclass
class PersonBuilder:
    """Collects one person's records; archetype functions drive it, ``generate`` writes it."""

    state: WorldState
    rng: random.Random
    pid: str
    archetype: str
    track: str | None = None
    place: Place | None = None
    ident: Identity | None = None
    login: str | None = None
    hf_name: str | None = None
    profile: Record = field(default_factory=dict)
    hf_profile: Record = field(default_factory=dict)
    hf_orgs: list[str] = field(default_factory=list)
    link: str | None = None
    collides_with: str | None = None
    label_place: tuple[str | None, str | None] = (None, None)
    active: bool = False
    repos: list[OwnRepo] = field(default_factory=list)
    contributions: list[Record] = field(default_factory=list)
    files: list[Record] = field(default_factory=list)
    memberships: list[Record] = field(default_factory=list)
    events: list[Record] = field(default_factory=list)
    hf_items: dict[str, list[Record]] = field(
        default_factory=lambda: {"model": [], "dataset": [], "space": []}
    )
    likes: list[Record] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    work: list[Work] = field(default_factory=list)
    activity: list[datetime] = field(default_factory=list)
    event_targets: list[tuple[str, int, str | None]] = field(default_factory=list)
    _names: set[str] = field(default_factory=set)

    @property
    def now(self) -> datetime:
        return self.state.now

    # GitHub: own repositories ----------------------------------------------------------
    def own_repo(
        self,
        key: str,
        created: datetime,
        pushed: datetime,
        stars: int = 0,
        *,
        owner: str | None = None,
        owner_commits: bool = True,
    ) -> OwnRepo:
        """A non-fork repository from a template, with its dependency file and the owner's
        commits; its evidence grade follows from the stars and lifetime it ends up with."""
        template = TEMPLATES[key]
        rng = self.rng
        slots = slot_values(rng, self.ident.culture if self.ident else "us")
        owner = owner or self.login
        assert owner is not None
        pattern, text = self._fresh_variant(template.variants, slots, "repo")
        name = self._unique_name(fill(pattern, slots))
        description = fill(text, slots) or None
        earliest = day(template.earliest)
        if created < earliest:  # the frameworks it uses did not exist yet
            created = min(earliest + rng.uniform(0, 60) * DAY, max(pushed, created))
        pushed = max(pushed, created)
        record = self._repo_record(owner, name, created, pushed, stars, template, description)
        if template.topics:
            chosen = [fill(t, slots) for t in template.topics]
            record["topics"] = sorted(set(rng.sample(chosen, min(len(chosen), rng.randint(2, 7)))))
        if rng.random() < 0.01:  # renamed since: old URLs answer 301
            old = self._unique_name(rng.choice((f"{name}-old", f"my-{name}", f"{name}-v1")))
            record["_former_names"] = [f"{owner}/{old}"]
        repo = OwnRepo(record, template, slots)
        self.repos.append(repo)
        self._add_files(repo, owner, name, description or "")
        if not owner_commits:  # organisations do not commit; their members do
            return repo
        months = max(1.0, (pushed - created).days / 30)
        commits = max(1, int(months * rng.uniform(2, 22)))
        if template.tier == "none":
            commits = rng.randint(1, 6)
        self.contribute(record["full_name"], commits, created, pushed, {})
        self._record_repo_evidence(template, created, pushed, stars)
        if pushed >= self.now - 30 * DAY:
            self.event_targets.append((record["full_name"], record["id"], template.tier))
        return repo

    def _fresh_variant(
        self, variants: tuple[tuple[str, str], ...], slots: Slots, space: str
    ) -> tuple[str, str]:
        """A variant whose name this person has not used yet, if a few tries find one."""
        for _ in range(4):
            pattern, text = self.rng.choice(variants)
            if f"{space}:{fill(pattern, slots).lower()}" not in self._names:
                break
        return pattern, text

    def _unique_name(self, name: str, space: str = "repo") -> str:
        """Repository names are unique per owner, Hub ids per author and kind."""
        base, n = name, 2
        while f"{space}:{name.lower()}" in self._names:
            name, n = f"{base}-{n}", n + 1
        self._names.add(f"{space}:{name.lower()}")
        return name

    def _repo_record(
        self,
        owner: str,
        name: str,
        created: datetime,
        pushed: datetime,
        stars: int,
        template: RepoTemplate | None,
        description: str | None,
    ) -> Record:
        rng = self.rng
        rid = self.state.repo_id(created)
        language = template.language if template else None
        size = max(1, int(rng.lognormvariate(6.5, 1.4))) if language else rng.randint(1, 40)
        forks = int(stars * rng.uniform(0.03, 0.2))
        record: Record = {
            "id": rid,
            "node_id": node_id("010:Repository", rid),
            "full_name": f"{owner}/{name}",
            "description": description,
            "fork": False,
            "homepage": None,
            "language": language,
            "forks_count": forks,
            "stargazers_count": stars,
            "watchers_count": stars,
            "size": size,
            "default_branch": "main" if created.year >= 2020 else "master",
            "open_issues_count": min(stars // 10, rng.randint(0, 40)),
            "topics": [],
            "archived": False,
            "disabled": False,
            "visibility": "public",
            "license": LICENSES[rng.choice(("MIT", "MIT", "Apache-2.0", "BSD-3-Clause"))]
            if rng.random() < 0.6
            else None,
            "created_at": gh_time(created),
            "updated_at": gh_time(between(rng, pushed, min(self.now, pushed + 30 * DAY))),
            "pushed_at": gh_time(pushed),
            "_languages": self._languages(language, size),
        }
        return record

    def _languages(self, language: str | None, size_kb: int) -> dict[str, int]:
        if language is None:
            return {}
        total = size_kb * 700
        languages = {language: total}
        for side in self.rng.sample(_SIDE_LANGUAGES, self.rng.randint(0, 2)):
            if side != language:
                languages[side] = max(60, int(total * self.rng.uniform(0.005, 0.08)))
        return languages

    def _add_files(self, repo: OwnRepo, owner: str, name: str, description: str) -> None:
        template = repo.template
        if template is None:
            return
        found = dependency_file(template, self.rng, repo.slots, owner, name, description)
        if found is not None:
            path, content = found
            self.files.append({"repo": repo.record["full_name"], "path": path, "content": content})
        text = readme(template, self.rng, name, description)
        if text is not None and template.tier == "production":
            self.files.append(
                {"repo": repo.record["full_name"], "path": "README.md", "content": text}
            )

    def _record_repo_evidence(
        self, template: RepoTemplate, created: datetime, pushed: datetime, stars: int
    ) -> None:
        if template.tier == "production":
            strong = (
                stars >= 25
                and (pushed - created) >= 300 * DAY
                and (self.now - pushed) <= 180 * DAY
                and template.dep_file is not None
            )
            grade = 3 if strong else 2
        else:
            grade = _GRADE_FOR_TIER[template.tier]
        self._evidence(created, grade, template.categories)
        self.activity += (created, pushed)

    def _evidence(self, at: datetime, grade: int, categories: dict[str, int]) -> None:
        """Record evidence; an artifact shows no category stronger than its own grade."""
        if grade <= 0:
            return
        categories = {name: min(strength, grade) for name, strength in categories.items()}
        self.evidence.append(Evidence(at, grade, categories))

    # GitHub: forks, contributions, memberships -------------------------------------------
    def fork(self, parent: CatalogueRepo, created: datetime) -> Record:
        """A fork of a catalogue repository: visible, but no evidence of the person's work."""
        name = self._unique_name(parent.full_name.split("/")[1])
        created = max(created, day(parent.created) + DAY)
        record = self._repo_record(
            self.login or "",
            name,
            created,
            created,
            self.rng.choice((0, 0, 0, 1)),
            None,
            parent.description,
        )
        size = max(1, parent.stars // 8 + self.rng.randint(0, 500))
        record.update(
            fork=True,
            language=parent.language,
            size=size,
            license=LICENSES.get(parent.license or ""),
            homepage=parent.homepage,
            _parent=parent.full_name,
            _languages={parent.language: size * 700} if parent.language else {},
        )
        self.repos.append(OwnRepo(record, None, {}))
        self.activity.append(created)
        return record

    def contribute(
        self,
        repo: str,
        commits: int,
        first: datetime,
        last: datetime,
        categories: dict[str, int],
        *,
        login: str | None = None,
        docs_only: bool = False,
    ) -> None:
        """Commits to a repository; work in AI projects is graded by the shared rule
        (``gen_grading``) over its volume, span and recency per area."""
        last = max(last, first)
        self.contributions.append(
            {
                "repo": repo,
                "login": login or self.login,
                "commits": max(1, commits),
                "first_commit_at": gh_time(first),
                "last_commit_at": gh_time(last),
            }
        )
        if login is not None:
            return
        self.activity += (first, last)
        if categories:  # graded at the end, over all of the person's work in each area
            self.work.append(Work(categories, max(1, commits), docs_only, first, last))

    def contribute_to(
        self,
        repo: CatalogueRepo,
        commits: int,
        start: datetime,
        end: datetime,
        *,
        docs_only: bool = False,
    ) -> None:
        """Commits to a real project, inside its lifetime and the person's window."""
        start = max(start, day(repo.created) + DAY)
        if start >= end:
            return
        if commits >= 20:  # sustained work: starts early in the window and goes on to its end
            first = between(self.rng, start, start + (end - start) / 3)
            last = between(self.rng, end - (end - first) / 4, end)
        else:
            first = between(self.rng, start, end)
            # a drive-by's second commit is the same pull request's follow-up
            until = end if commits > 2 else min(end, first + 30 * DAY)
            last = between(self.rng, first, until) if commits > 1 else first
        commits = min(commits, 1 + 2 * (last - first).days)  # nobody sustains more for long
        self.contribute(repo.full_name, commits, first, last, repo.categories, docs_only=docs_only)
        if last >= self.now - 30 * DAY:
            repo_id = self.state.repo_info[repo.full_name][0]
            self.event_targets.append((repo.full_name, repo_id, "upstream"))

    def join(self, org: str, public: bool = True) -> None:
        role = "admin" if self.rng.random() < 0.05 else "member"
        self.memberships.append({"org": org, "login": self.login, "role": role, "public": public})

    # Hugging Face -------------------------------------------------------------------------
    def hf_artifact(
        self,
        key: str,
        created: datetime,
        modified: datetime,
        downloads: int,
        likes: int,
        author: str | None = None,
    ) -> Record:
        """A model, dataset or space; production-shaped ones grade 3 from 2,000 downloads."""
        template = HF_BY_KEY[key]
        rng = self.rng
        slots = slot_values(rng, self.ident.culture if self.ident else "us")
        author = author or self.hf_name
        variants = tuple((name, "") for name in template.names)
        name = self._unique_name(
            fill(self._fresh_variant(variants, slots, template.kind)[0], slots), template.kind
        )
        tags = [fill(tag, slots) for tag in template.tags]
        created, modified = self._hub_dates(template, slots, created, modified)
        record: Record = {"id": f"{author}/{name}", "author": author, "sha": sha(rng)}
        if template.kind == "space":
            record["sdk"] = rng.choice(template.sdks)
            tags.insert(0, record["sdk"])
            downloads = 0
        else:
            likes = min(likes, 1 + downloads // 25)  # likes follow use
        if template.kind == "model":
            record["library_name"] = template.library
            record["pipeline_tag"] = template.pipeline
            record["cardData"] = _card(slots, tags)
        # The Hub shows one fixed date for repositories created before it stored dates.
        shown = HUB_UNKNOWN_DATE if created < day(HUB_UNKNOWN_DATE) else hf_time(created)
        record.update(
            tags=list(dict.fromkeys(tags)),
            downloads=downloads,
            likes=likes,
            private=False,
            gated=False,
            disabled=False,
            createdAt=shown,
            lastModified=hf_time(modified),
        )
        if template.kind == "model" and rng.random() < 0.04:  # renamed: old ids answer 307
            old = self._unique_name(f"{name}-preview", template.kind)
            record["_former_ids"] = [f"{author}/{old}"]
        self.hf_items[template.kind].append(record)
        if author == self.hf_name:
            grade = _GRADE_FOR_TIER.get(template.tier, 2)
            if template.tier == "production":
                grade = 3 if downloads >= 2000 else 2
            seen = created if shown != HUB_UNKNOWN_DATE else modified  # what the Hub shows
            self._evidence(seen, grade, template.categories)
            self.activity += (seen, modified)
        return record

    def _hub_dates(
        self, template: HfTemplate, slots: Slots, created: datetime, modified: datetime
    ) -> tuple[datetime, datetime]:
        """Nothing is built on a base model, or in a format, before it existed."""
        floors = [day(template.earliest)]
        for slot in ("base", "emb_base"):
            if slot in slots:
                floors.append(day(BASE_CREATED[slots[slot]]) + DAY)
        floor = max(floors)
        if created < floor:
            created = min(floor + self.rng.uniform(0, 45) * DAY, max(modified, floor))
        created = min(created, self.now - DAY)
        return created, min(max(modified, created), self.now)

    def like(self, repo: str, kind: str, at: datetime) -> None:
        self.likes.append(
            {"user": self.hf_name, "repo": repo, "type": kind, "createdAt": hf_time(at)}
        )

    # Results ------------------------------------------------------------------------------
    def label(self) -> Record:
        categories = dict.fromkeys(CATEGORIES, 0)
        for item in self.evidence:
            for name, strength in item.categories.items():
                categories[name] = max(categories[name], strength)
        production = max((e.grade for e in self.evidence), default=0)
        commit_grades = self.commit_grades()
        code = any(not w.docs_only for w in self.work)
        for name, (graded, depth) in commit_grades.items():
            categories[name] = max(categories[name], min(graded, depth))
            if code:  # documentation-only work is no production evidence
                production = max(production, graded)
        country, city = self.label_place
        return {
            "person": self.pid,
            "github": self.login,
            "hf": self.hf_name,
            "archetype": self.archetype,
            "track": self.track,
            "production": production,
            "seniority": self.seniority(),
            "country": country,
            "city": city,
            "categories": categories,
            "link": self.link,
            "collides_with": self.collides_with,
        }

    def commit_grades(self) -> dict[str, tuple[int, int]]:
        """Per category: the shared rule's grade over the commits to repositories showing it,
        and the deepest that those repositories show the category (a grade's cap)."""
        items: dict[str, list[tuple[int, bool, date, date]]] = {}
        depth: dict[str, int] = {}
        for w in self.work:
            for name, strength in w.categories.items():
                items.setdefault(name, []).append(
                    (w.commits, w.docs_only, w.first.date(), w.last.date())
                )
                depth[name] = max(depth.get(name, 0), strength)
        today = self.now.date()
        return {n: (area_grade(combine(rows), today), depth[n]) for n, rows in items.items()}

    def seniority(self) -> str:
        if not self.activity:
            return "junior"
        last = max(self.activity)
        general = (last - min(self.activity)) / YEAR
        ai_dates = [e.at for e in self.evidence if e.categories]
        ai_dates += [w.first for w in self.work if not w.docs_only]
        ai = (last - min(ai_dates)) / YEAR if ai_dates else 0.0
        return band(general, ai if self.track is not None else None)

    def first_activity(self) -> datetime:
        return min(self.activity) if self.activity else self.now - timedelta(days=400)

    def last_activity(self) -> datetime:
        return max(self.activity) if self.activity else self.now - timedelta(days=400)


def _card(slots: Slots, tags: list[str]) -> Record:
    """The model card's metadata, as the Hub exposes it in ``cardData``."""
    card: Record = {"license": slots.get("license", "apache-2.0")}
    bases = [tag.rsplit(":", 1)[-1] for tag in tags if tag.startswith("base_model:")]
    if bases:
        card["base_model"] = bases[0]
    return card
