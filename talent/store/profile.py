"""Everything the store knows about one person, as one typed view (``talent profile LOGIN``).

``load_profile`` reads it; ``profile_dict`` turns it into JSON-ready data. Printing it is
the application's job (``talent.app.render``), with every profile-supplied string sanitized.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from talent.contracts import EvidenceRecord, SignalsRecord
from talent.errors import ConfigError
from talent.links import artifact_url, hf_web
from talent.store import models
from talent.store.signals import load_evidence, load_signals
from talent.store.statuses import status_history

if TYPE_CHECKING:
    from talent.settings import Settings

NOT_INDEXED = "not indexed yet: run `talent index` to score this person"


@dataclass(frozen=True)
class GithubView:
    login: str
    html_url: str | None
    type: str
    name: str | None
    location: str | None
    followers: int
    public_repos: int
    created_at: datetime | None
    profiled_at: datetime | None


@dataclass(frozen=True)
class HfView:
    name: str
    url: str
    kind: str
    fullname: str | None
    followers: int
    models: int
    datasets: int
    spaces: int
    profiled_at: datetime | None


@dataclass(frozen=True)
class LinkView:
    """An identity link touching one of the person's accounts."""

    github: str
    hf: str
    confidence: float
    method: str
    merged: bool
    evidence: tuple[str, ...]
    other_person_id: int | None  # the other account belongs to someone else (not merged)


@dataclass(frozen=True)
class CategoryView:
    category: str
    score: float
    items: tuple[EvidenceRecord, ...]


@dataclass(frozen=True)
class StatusView:
    status: str
    note: str | None
    at: datetime


@dataclass(frozen=True)
class ProfileView:
    person_id: int
    display_name: str | None
    location_raw: str | None
    country: str | None
    country_name: str | None
    city: str | None
    bio: str | None
    company: str | None
    website: str | None
    public_email: str | None  # only what the person published on their profile
    hireable: bool | None
    followers: int
    is_bot: bool
    github: tuple[GithubView, ...]
    hf: tuple[HfView, ...]
    links: tuple[LinkView, ...]
    signals: SignalsRecord | None  # None: not indexed yet
    evidence: tuple[CategoryView, ...]
    statuses: tuple[StatusView, ...]

    @property
    def indexed(self) -> bool:
        return self.signals is not None


# Loading ---------------------------------------------------------------------------------
def load_profile(session: Session, person: models.Person, settings: Settings) -> ProfileView:
    signals = load_signals(session, person.id)
    return ProfileView(
        person_id=person.id,
        display_name=person.display_name,
        location_raw=person.location_raw,
        country=person.country,
        country_name=_country_name(person.country),
        city=person.city,
        bio=person.bio,
        company=person.company,
        website=person.website,
        public_email=person.public_email,
        hireable=person.hireable,
        followers=person.followers or 0,
        is_bot=bool(person.is_bot),
        github=tuple(_github(a) for a in sorted(person.github_accounts, key=lambda a: a.id)),
        hf=tuple(_hf(h, settings) for h in sorted(person.hf_accounts, key=lambda h: h.id)),
        links=tuple(_links(session, person)),
        signals=signals,
        evidence=_evidence(session, person.id, signals.scores if signals else {}),
        statuses=tuple(
            StatusView(s.status, s.note, s.created_at) for s in status_history(session, person.id)
        ),
    )


def _country_name(code: str | None) -> str | None:
    from talent.geo import country_name

    if not code:
        return None
    try:
        return country_name(code)
    except ConfigError:  # a code the gazetteer lost since the crawl: show the code alone
        return None


def _github(a: models.GithubAccount) -> GithubView:
    return GithubView(
        login=a.login,
        html_url=a.html_url,
        type=a.type,
        name=a.name,
        location=a.location,
        followers=a.followers or 0,
        public_repos=a.public_repos or 0,
        created_at=a.created_at,
        profiled_at=a.profiled_at,
    )


def _hf(h: models.HfAccount, settings: Settings) -> HfView:
    return HfView(
        name=h.name,
        url=artifact_url(hf_web(settings), "user", h.name),
        kind=h.kind,
        fullname=h.fullname,
        followers=h.num_followers or 0,
        models=h.num_models or 0,
        datasets=h.num_datasets or 0,
        spaces=h.num_spaces or 0,
        profiled_at=h.profiled_at,
    )


def _links(session: Session, person: models.Person) -> Iterable[LinkView]:
    gh_ids = [a.id for a in person.github_accounts]
    hf_ids = [h.id for h in person.hf_accounts]
    if not gh_ids and not hf_ids:
        return
    gh, hf, link = models.GithubAccount, models.HfAccount, models.IdentityLink
    rows = session.execute(
        select(link, gh, hf)
        .join(gh, gh.id == link.github_account_id)
        .join(hf, hf.id == link.hf_account_id)
        .where(or_(link.github_account_id.in_(gh_ids), link.hf_account_id.in_(hf_ids)))
        .order_by(link.confidence.desc(), link.id)
    )
    for row, gh_account, hf_account in rows:
        owners = {gh_account.person_id, hf_account.person_id} - {person.id, None}
        yield LinkView(
            github=gh_account.login,
            hf=hf_account.name,
            confidence=row.confidence,
            method=row.method,
            merged=row.merged,
            evidence=tuple(str(e) for e in row.evidence or ()),
            other_person_id=next(iter(owners), None),
        )


def _evidence(
    session: Session, person_id: int, scores: Mapping[str, float]
) -> tuple[CategoryView, ...]:
    """Every evidence item, grouped by category: strongest category first (its score, then
    its heaviest item), items by weight."""
    groups: dict[str, list[EvidenceRecord]] = {}
    for item in load_evidence(session, person_id):
        groups.setdefault(item.category, []).append(item)
    ordered = sorted(
        groups.items(), key=lambda kv: (-scores.get(kv[0], 0.0), -kv[1][0].weight, kv[0])
    )
    return tuple(
        CategoryView(name, float(scores.get(name, 0.0)), tuple(views)) for name, views in ordered
    )


# JSON ------------------------------------------------------------------------------------
def profile_dict(view: ProfileView) -> dict[str, Any]:
    """JSON-ready: datetimes as ISO strings, plus ``indexed``."""
    return {**_jsonable(dataclasses.asdict(view)), "indexed": view.indexed}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value
