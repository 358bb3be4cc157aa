"""Identity: join a person's GitHub and Hugging Face accounts, and keep ``people`` current.

Evidence is explicit and scored (pure functions, unit-tested):

    profile link both ways        0.99  GitHub points at the HF account and HF back at GitHub
    profile link one way          0.95  GitHub blog/bio names huggingface.co/<name>, or HF
                                        details name github.com/<login>
    same handle and same name     0.85  logins equal and display names equal (normalised)
    same handle only              0.40  kept for review, never merged

Only links at or above ``MERGE_THRESHOLD`` join two accounts into one person; weaker ones are
stored with their evidence and never merge people silently. An HF account claimed by two
GitHub accounts with equal confidence is ambiguous and is not merged either.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from talent.store import models
from talent.store.bounds import bound

MERGE_THRESHOLD = 0.75
RESOLVE_LOCK = 0x7A1E27  # advisory lock id of the people-resolution step
_HF_LINK = re.compile(
    r"huggingface\.co/(?!datasets/|spaces/|models/)([A-Za-z0-9][\w.-]{0,95})", re.I
)
_GH_LINK = re.compile(r"github\.com/([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))", re.I)
_NOT_HANDLES = {"docs", "blog", "api", "papers", "settings", "login", "join", "orgs", "sponsors"}


@dataclass(frozen=True, slots=True)
class GithubSide:
    id: int
    login: str
    name: str | None
    texts: tuple[str, ...]  # blog, bio, …: where a person links their other profiles


@dataclass(frozen=True, slots=True)
class HfSide:
    id: int
    name: str
    fullname: str | None
    texts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Link:
    github_id: int
    hf_id: int
    confidence: float
    method: str
    evidence: tuple[str, ...] = field(default=())

    @property
    def merges(self) -> bool:
        return self.confidence >= MERGE_THRESHOLD


def hf_names_in(texts: tuple[str, ...]) -> set[str]:
    return {m.lower() for t in texts for m in _HF_LINK.findall(t or "")} - _NOT_HANDLES


def github_logins_in(texts: tuple[str, ...]) -> set[str]:
    return {m.lower() for t in texts for m in _GH_LINK.findall(t or "")} - _NOT_HANDLES


def same_name(a: str | None, b: str | None) -> bool:
    na, nb = _normal_name(a), _normal_name(b)
    return bool(na) and na == nb


def _normal_name(value: str | None) -> str:
    if not value:
        return ""
    folded = unicodedata.normalize("NFKD", value.casefold())
    letters = "".join(c for c in folded if c.isalnum() or c.isspace())
    return " ".join(letters.split())


def find_links(github: list[GithubSide], hf: list[HfSide]) -> list[Link]:
    """Every GitHub-HF pair with some evidence, scored."""
    hf_by_name = {h.name.lower(): h for h in hf}
    gh_by_login = {g.login.lower(): g for g in github}
    evidence: dict[tuple[int, int], list[str]] = defaultdict(list)
    for g in github:
        for name in hf_names_in(g.texts):
            if name in hf_by_name:
                evidence[(g.id, hf_by_name[name].id)].append(
                    f"GitHub {g.login} links huggingface.co/{hf_by_name[name].name}"
                )
    for h in hf:
        for login in github_logins_in(h.texts):
            if login in gh_by_login:
                evidence[(gh_by_login[login].id, h.id)].append(
                    f"Hugging Face {h.name} links github.com/{gh_by_login[login].login}"
                )
    for login, g in gh_by_login.items():
        h = hf_by_name.get(login)
        if h is not None:
            detail = (
                "same handle and display name" if same_name(g.name, h.fullname) else ("same handle")
            )
            evidence[(g.id, h.id)].append(f"{detail}: {g.login} / {h.name}")
    return [_score(gid, hid, tuple(items)) for (gid, hid), items in sorted(evidence.items())]


def _score(github_id: int, hf_id: int, evidence: tuple[str, ...]) -> Link:
    one_way = [e for e in evidence if " links " in e]
    if len({e.split()[0] for e in one_way}) == 2:
        return Link(github_id, hf_id, 0.99, "profile-links-both-ways", evidence)
    if one_way:
        return Link(github_id, hf_id, 0.95, "profile-link", evidence)
    if any(e.startswith("same handle and display name") for e in evidence):
        return Link(github_id, hf_id, 0.85, "same-handle-and-name", evidence)
    return Link(github_id, hf_id, 0.40, "same-handle", evidence)


def merges(links: list[Link]) -> dict[int, int]:
    """hf account id -> github account id for the links that may join people."""
    best: dict[int, list[Link]] = defaultdict(list)
    for link in links:
        if link.merges:
            best[link.hf_id].append(link)
    chosen: dict[int, int] = {}
    claimed: set[int] = set()
    for hf_id, candidates in sorted(best.items()):
        candidates.sort(key=lambda link: (-link.confidence, link.github_id))
        if len(candidates) > 1 and candidates[0].confidence == candidates[1].confidence:
            continue  # two GitHub accounts claim it equally: ambiguous, leave for review
        if candidates[0].github_id in claimed:
            continue
        chosen[hf_id] = candidates[0].github_id
        claimed.add(candidates[0].github_id)
    return chosen


# Applying to the store -------------------------------------------------------------------
@dataclass
class PeopleChange:
    new: int = 0
    updated: int = 0
    merged: int = 0
    links: int = 0


def resolve_people(session: Session) -> PeopleChange:
    """Store identity links, give every personal account a person, refresh people's fields."""
    change = PeopleChange()
    _lock_for_resolution(session)
    gh_rows = session.scalars(
        select(models.GithubAccount).where(models.GithubAccount.type != "Organization")
    ).all()
    hf_rows = session.scalars(select(models.HfAccount).where(models.HfAccount.kind == "user")).all()
    links = find_links(
        [GithubSide(g.id, g.login, g.name, (g.blog or "", g.bio or "")) for g in gh_rows],
        [HfSide(h.id, h.name, h.fullname, (h.details or "",)) for h in hf_rows],
    )
    _store_links(session, links, change)
    joined = merges(links)
    gh_by_id = {g.id: g for g in gh_rows}
    left: list[models.Person] = []  # people an HF account moved away from
    for g in gh_rows:
        if g.person_id is None and g.fetched_at is not None:
            g.person = models.Person()
            change.new += 1
    for h in hf_rows:
        owner = gh_by_id.get(joined.get(h.id, -1))
        if owner is not None and owner.person is not None:
            if h.person is not owner.person:
                if h.person is not None:
                    left.append(h.person)
                h.person = owner.person
                change.merged += 1
        elif h.person_id is None and h.fetched_at is not None:
            h.person = models.Person()
            change.new += 1
    session.flush()
    _forget_emptied(session, left)
    for person in session.scalars(select(models.Person)):
        if _refresh(person):
            change.updated += 1
    change.updated = max(0, change.updated - change.new)
    return change


def _lock_for_resolution(session: Session) -> None:
    """One resolution at a time, its reads included: crawler processes finish at different
    times, and two that both read an account as person-less would each give it a person,
    leaving one of them without accounts."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": RESOLVE_LOCK})
    elif bind.dialect.name == "sqlite":
        # pysqlite begins a transaction only at the first write, so the reads below would see
        # whatever another process commits meanwhile. BEGIN IMMEDIATE takes the write lock
        # first (waiting out the busy timeout), unless this transaction already holds it.
        dbapi = session.connection().connection.dbapi_connection
        if dbapi is not None and not dbapi.in_transaction:
            session.connection().exec_driver_sql("BEGIN IMMEDIATE")


def _forget_emptied(session: Session, people: list[models.Person]) -> None:
    """People whose last account moved to someone else: deleted the store's complete way,
    so no person without accounts stays behind to be indexed and found."""
    from talent.store.forget import forget_person

    for person_id in sorted({p.id for p in people}):
        G, H = models.GithubAccount, models.HfAccount
        owned = session.scalar(select(G.id).where(G.person_id == person_id).limit(1))
        owned = owned or session.scalar(select(H.id).where(H.person_id == person_id).limit(1))
        if owned is None:
            forget_person(session, person_id)


def _store_links(session: Session, links: list[Link], change: PeopleChange) -> None:
    existing = {
        (row.github_account_id, row.hf_account_id): row
        for row in session.scalars(select(models.IdentityLink))
    }
    for link in links:
        row = existing.get((link.github_id, link.hf_id))
        if row is None:
            row = models.IdentityLink(github_account_id=link.github_id, hf_account_id=link.hf_id)
            session.add(row)
            change.links += 1
        row.confidence, row.method = link.confidence, link.method
        row.evidence, row.merged = list(link.evidence), link.merges


def _refresh(person: models.Person) -> bool:
    """Copy the person's fields from their accounts (GitHub first); report a change."""
    gh = next((a for a in person.github_accounts if a.fetched_at is not None), None)
    hf = next((a for a in person.hf_accounts if a.fetched_at is not None), None)
    values = {
        "display_name": (gh.name if gh else None)
        or (hf.fullname if hf else None)
        or (gh.login if gh else hf.name if hf else None),
        "location_raw": gh.location if gh else None,
        "country": gh.country if gh else None,
        "city": gh.city if gh else None,
        "bio": (gh.bio if gh else None) or (hf.details if hf else None),
        "company": gh.company if gh else None,
        "website": gh.blog if gh else None,
        "public_email": gh.email if gh else None,
        "hireable": gh.hireable if gh else None,
        "followers": (gh.followers if gh else 0) + (hf.num_followers if hf else 0),
        "is_bot": bool(gh and (gh.type == "Bot" or gh.login.lower().endswith(("[bot]", "-bot")))),
    }
    changed = False
    for key, raw in values.items():
        value = bound(models.Person.__table__, key, raw)  # the same bounds as every write
        if getattr(person, key) != value:
            setattr(person, key, value)
            changed = True
    return changed
