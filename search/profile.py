"""Everything the store knows about one person, as one typed view (``talent profile LOGIN``).

``load_profile`` reads it; ``profile_dict`` turns it into JSON-ready data (raw values: JSON
escapes control characters itself); ``format_profile`` prints it for a terminal with every
profile-supplied string passed through ``safe()``, as search results are.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from talent.search.candidates import status_history
from talent.search.render import safe

from talent.errors import ConfigError
from talent.store import models

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
class EvidenceView:
    kind: str
    text: str
    url: str | None
    weight: float
    occurred_at: datetime | None


@dataclass(frozen=True)
class CategoryView:
    category: str
    score: float
    items: tuple[EvidenceView, ...]


@dataclass(frozen=True)
class SignalsView:
    track: str | None
    track_scores: dict[str, float]
    track_reasons: tuple[str, ...]
    seniority: str
    seniority_confidence: float
    seniority_reasons: tuple[str, ...]
    production: float
    production_reasons: tuple[str, ...]
    anti_signals: dict[str, float]
    anti_signal_reasons: dict[str, str]
    scores: dict[str, float]
    last_active: datetime | None
    ai_start: datetime | None
    computed_at: datetime


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
    signals: SignalsView | None  # None: not indexed yet
    evidence: tuple[CategoryView, ...]
    statuses: tuple[StatusView, ...]

    @property
    def indexed(self) -> bool:
        return self.signals is not None


# Loading ---------------------------------------------------------------------------------
def load_profile(session: Session, person: models.Person, settings: Settings) -> ProfileView:
    signals = session.get(models.PersonSignals, person.id)
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
        signals=_signals(signals) if signals else None,
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
    from talent.links import artifact_url, hf_web

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


def _signals(row: models.PersonSignals) -> SignalsView:
    reasons = row.reasons or {}
    return SignalsView(
        track=row.track,
        track_scores=dict(row.track_scores or {}),
        track_reasons=tuple(reasons.get("track") or ()),
        seniority=row.seniority,
        seniority_confidence=row.seniority_confidence,
        seniority_reasons=tuple(reasons.get("seniority") or ()),
        production=row.production,
        production_reasons=tuple(reasons.get("production") or ()),
        anti_signals=dict(row.anti_signals or {}),
        anti_signal_reasons=dict(reasons.get("anti_signals") or {}),
        scores=dict(row.scores or {}),
        last_active=row.last_active,
        ai_start=row.ai_start,
        computed_at=row.computed_at,
    )


def _evidence(
    session: Session, person_id: int, scores: dict[str, float]
) -> tuple[CategoryView, ...]:
    """Every evidence item, grouped by category: strongest category first (its score, then
    its heaviest item), items by weight."""
    items = session.scalars(
        select(models.EvidenceItem)
        .where(models.EvidenceItem.person_id == person_id)
        .order_by(models.EvidenceItem.weight.desc(), models.EvidenceItem.id)
    )
    groups: dict[str, list[EvidenceView]] = {}
    for item in items:
        groups.setdefault(item.category, []).append(
            EvidenceView(item.kind, item.text, item.url, item.weight, item.occurred_at)
        )
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


# Text ------------------------------------------------------------------------------------
def format_profile(view: ProfileView) -> str:
    sections = [
        _head(view),
        _accounts(view),
        _identity(view),
        _reading(view),
        _evidence_text(view),
        _status_text(view),
    ]
    return "\n\n".join(s for s in sections if s)


def _head(view: ProfileView) -> str:
    name = safe(view.display_name, 120) or "(no name)"
    lines = [f"{name}  (person {view.person_id}{', bot' if view.is_bot else ''})"]
    place = ", ".join(x for x in (safe(view.city, 80), view.country_name or view.country) if x)
    if view.location_raw or place:
        raw = safe(view.location_raw, 120) or "-"
        lines.append(f"  location:  {raw}  (normalised: {place or 'unknown'})")
    for label, value in (
        ("company", view.company),
        ("website", view.website),
        ("email", view.public_email),
    ):
        if value:
            lines.append(f"  {label + ':':<10} {safe(value, 300)}")
    if view.hireable is not None:
        lines.append(f"  hireable:  {'yes' if view.hireable else 'no'}")
    lines.append(f"  followers: {view.followers:,}")
    if view.bio:
        lines.append(f"  bio:       {safe(view.bio, 1000)}")
    return "\n".join(lines)


def _accounts(view: ProfileView) -> str:
    lines = ["Accounts"]
    for a in view.github:
        extra = f"{a.public_repos} repos, {a.followers:,} followers"
        kind = "" if a.type == "User" else f" [{safe(a.type, 20)}]"
        lines.append(f"  GitHub {safe(a.login, 100)}{kind}  {safe(a.html_url, 300)}  ({extra})")
    for h in view.hf:
        extra = f"{h.models} models, {h.datasets} datasets, {h.spaces} spaces"
        lines.append(f"  Hugging Face {safe(h.name, 100)}  {safe(h.url, 300)}  ({extra})")
    return "\n".join(lines) if len(lines) > 1 else "Accounts: none"


def _identity(view: ProfileView) -> str:
    if not view.links:
        return "Identity links: none"
    lines = ["Identity links"]
    for link in view.links:
        state = "merged" if link.merged else "not merged"
        if link.other_person_id is not None:
            state += f", other account is person {link.other_person_id}"
        lines.append(
            f"  GitHub {safe(link.github, 100)} ↔ HF {safe(link.hf, 100)}: "
            f"{link.confidence:.2f} by {safe(link.method, 50)} ({state})"
        )
        lines += [f"    - {safe(e, 300)}" for e in link.evidence]
    return "\n".join(lines)


def _reading(view: ProfileView) -> str:
    s = view.signals
    if s is None:
        return NOT_INDEXED
    track_scores = ", ".join(f"{k} {v:.2f}" for k, v in _by_value(s.track_scores))
    lines = [
        f"Track: {s.track or 'none'}" + (f"  ({track_scores})" if track_scores else ""),
        *_reasons(s.track_reasons),
        f"Seniority: {s.seniority} (confidence {s.seniority_confidence:.2f})",
        *_reasons(s.seniority_reasons),
        f"Production: {s.production:.2f}",
        *_reasons(s.production_reasons),
    ]
    if s.anti_signals:
        lines.append("Anti-signals")
        for name, value in _by_value(s.anti_signals):
            why = s.anti_signal_reasons.get(name)
            lines.append(
                f"  - {safe(name, 50)} {value:.2f}" + (f": {safe(why, 300)}" if why else "")
            )
    else:
        lines.append("Anti-signals: none")
    scores = ", ".join(f"{k} {v:.2f}" for k, v in _by_value(s.scores))
    lines.append(f"Category scores: {scores or 'none'}")
    dates = [
        f"last active {s.last_active:%Y-%m-%d}" if s.last_active else "",
        f"AI work since {s.ai_start:%Y-%m}" if s.ai_start else "",
        f"scored {s.computed_at:%Y-%m-%d}",
    ]
    lines.append("  " + ", ".join(d for d in dates if d))
    return "\n".join(lines)


def _reasons(reasons: Iterable[str]) -> list[str]:
    return [f"  - {safe(r, 400)}" for r in reasons]


def _by_value(values: dict[str, float]) -> list[tuple[str, float]]:
    return sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))


def _evidence_text(view: ProfileView) -> str:
    if not view.evidence:
        return "Evidence: none" if view.indexed else ""
    total = sum(len(c.items) for c in view.evidence)
    lines = [f"Evidence ({total} items)"]
    for group in view.evidence:
        lines.append(f"  {safe(group.category, 50)} (score {group.score:.2f})")
        for item in group.items:
            when = f" [{item.occurred_at:%Y-%m}]" if item.occurred_at else ""
            lines.append(f"    - {safe(item.kind, 30)}{when}: {safe(item.text, 400)}")
            if item.url:
                lines.append(f"      {safe(item.url, 400)}")
    return "\n".join(lines)


def _status_text(view: ProfileView) -> str:
    if not view.statuses:
        return "Status: none"
    lines = [f"Status: {view.statuses[-1].status}"]
    for s in view.statuses:
        note = f"  {safe(s.note, 200)}" if s.note else ""
        lines.append(f"  {s.at:%Y-%m-%d %H:%M}  {s.status:<14}{note}")
    return "\n".join(lines)
