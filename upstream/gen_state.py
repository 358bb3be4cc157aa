"""State shared by everything one world generation writes: the clock, id allocation, the
namespaces of logins and Hub names, and the pools people pick from.

GitHub ids grow with account and repository creation dates (an account from 2010 has a small
id, one from 2025 a nine-digit id), so ids are interpolated from the creation date and then
made unique.
"""

from __future__ import annotations

import base64
import random
from bisect import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from talent.upstream.gen_catalogue import REPOS, CatalogueRepo

GITHUB_LAUNCH = datetime(2008, 2, 8, tzinfo=UTC)
DAY = timedelta(days=1)
YEAR = timedelta(days=365.25)

# (year, id at the start of that year), roughly as on github.com.
_USER_IDS = (
    (2008, 1),
    (2010, 200_000),
    (2012, 1_300_000),
    (2014, 5_500_000),
    (2016, 15_000_000),
    (2018, 35_000_000),
    (2020, 59_000_000),
    (2022, 96_000_000),
    (2024, 154_000_000),
    (2026, 225_000_000),
    (2028, 300_000_000),
)
_REPO_IDS = (
    (2008, 1),
    (2010, 400_000),
    (2012, 3_000_000),
    (2014, 15_500_000),
    (2016, 48_000_000),
    (2018, 116_000_000),
    (2020, 231_000_000),
    (2022, 443_000_000),
    (2024, 737_000_000),
    (2026, 1_110_000_000),
    (2028, 1_500_000_000),
)


def gh_time(moment: datetime) -> str:
    return moment.isoformat()[:19] + "Z"  # 5x faster than strftime; UTC datetimes only


def hf_time(moment: datetime) -> str:
    return moment.isoformat()[:19] + ".000Z"


def day(text: str) -> datetime:
    """'2023-05-08' or a Hub timestamp -> aware UTC datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")[:19]).replace(tzinfo=UTC)


def between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """A moment uniformly between two others, to the second (``start`` if they cross)."""
    seconds = (end - start).total_seconds()
    if seconds <= 0:
        return start
    return start + timedelta(seconds=int(rng.random() * seconds))  # 2x faster than randrange


def node_id(kind: str, number: int) -> str:
    """GitHub's legacy global node id: base64 of '04:User123' and friends."""
    return base64.b64encode(f"{kind}{number}".encode()).decode()


def sha(rng: random.Random) -> str:
    return f"{rng.getrandbits(160):040x}"


def heavy_tail(rng: random.Random, scale: float, alpha: float = 1.3, cap: int = 10**7) -> int:
    """A Pareto-distributed count: most values near ``scale``, a few far above it."""
    return min(cap, int(scale * (rng.paretovariate(alpha) - 1)))


def _interpolate(curve: tuple[tuple[int, int], ...], moment: datetime) -> int:
    year = moment.year + (moment.timetuple().tm_yday - 1) / 366
    years = [y for y, _ in curve]
    index = min(max(bisect(years, year), 1), len(curve) - 1)
    (y0, v0), (y1, v1) = curve[index - 1], curve[index]
    return int(v0 + (v1 - v0) * (year - y0) / (y1 - y0))


@dataclass
class FictionalOrg:
    """A company or community that exists only in generated worlds."""

    login: str
    name: str
    kind: str  # community | company
    focus: str  # rag | evaluation | agentic | platform | plain
    region: str  # by | ee | world
    location: str | None
    description: str
    on_hf: bool
    repos: list[tuple[str, int, dict[str, int], datetime]] = field(default_factory=list)


@dataclass
class WorldState:
    """Everything a generation shares across people; one per ``generate_world`` call."""

    now: datetime
    seed: int
    catalogue: dict[str, CatalogueRepo] = field(default_factory=dict)
    logins: set[str] = field(default_factory=set)
    hf_names: set[str] = field(default_factory=set)
    user_ids: set[int] = field(default_factory=set)
    repo_ids: set[int] = field(default_factory=set)
    repo_info: dict[str, tuple[int, str | None]] = field(default_factory=dict)
    orgs: list[FictionalOrg] = field(default_factory=list)
    collision_pool: list[tuple[str, str]] = field(default_factory=list)
    like_pool: list[tuple[str, str, datetime]] = field(default_factory=list)
    event_seq: int = 45_000_000_000
    push_seq: int = 20_000_000_000
    item_seq: int = 2_000_000_000

    def __post_init__(self) -> None:
        self.catalogue = {repo.full_name: repo for repo in REPOS}

    # Ids -------------------------------------------------------------------------------
    def user_id(self, created: datetime) -> int:
        return self._unique(self.user_ids, _interpolate(_USER_IDS, created))

    def repo_id(self, created: datetime) -> int:
        return self._unique(self.repo_ids, _interpolate(_REPO_IDS, created))

    @staticmethod
    def _unique(used: set[int], wanted: int) -> int:
        while wanted in used:
            wanted += 1
        used.add(wanted)
        return wanted

    def next_event_id(self) -> str:
        self.event_seq += 1
        return str(self.event_seq)

    def next_push_id(self) -> int:
        self.push_seq += 1
        return self.push_seq

    def next_item_id(self) -> int:
        """Ids for issues, pull requests, comments and reviews inside event payloads."""
        self.item_seq += 1
        return self.item_seq

    # Namespaces --------------------------------------------------------------------------
    def claim_login(self, candidates: Iterable[str], rng: random.Random) -> str:
        """The first free candidate; GitHub and Hub names are kept apart unless asked."""
        for name in candidates:
            key = name.lower()
            if key not in self.logins and key not in self.hf_names:
                self.logins.add(key)
                return name
        return self.claim_login([f"user{rng.randrange(10**8)}"], rng)

    def claim_hf_name(
        self, candidates: Iterable[str], rng: random.Random, shared_with_github: bool = False
    ) -> str:
        for name in candidates:
            key = name.lower()
            if key in self.hf_names or (key in self.logins and not shared_with_github):
                continue
            self.hf_names.add(key)
            return name
        return self.claim_hf_name([f"hf-user{rng.randrange(10**8)}"], rng)

    def register_repo(self, full_name: str, repo_id: int, description: str | None) -> None:
        self.repo_info[full_name] = (repo_id, description)
