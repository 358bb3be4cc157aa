"""People as a sourcer names them: the person behind a GitHub login or a Hugging Face name.

Statuses are in ``talent.store.statuses``; forgetting a person in ``talent.store.forget``.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from talent.errors import NotFound
from talent.links import artifact_url, hf_web
from talent.store import models

if TYPE_CHECKING:
    from talent.settings import Settings

HF_PREFIX = "hf:"


def resolve_person(session: Session, handle: str) -> models.Person:
    """The person behind a GitHub login or a Hugging Face name (``hf:NAME`` forces HF).

    GitHub wins when both exist, as search results show the GitHub login first.
    """
    wanted = handle.strip().lstrip("@").lower()
    hf_only = wanted.startswith(HF_PREFIX)
    if hf_only:
        wanted = wanted.removeprefix(HF_PREFIX)
    if not wanted:
        raise NotFound("no login given", "e.g. `talent profile alesia-k` or `hf:alesiak`")
    gh = None
    if not hf_only:
        gh = session.scalar(
            select(models.GithubAccount).where(models.GithubAccount.login_lower == wanted)
        )
    if gh is not None and gh.person is not None:
        return gh.person
    hf = session.scalar(select(models.HfAccount).where(models.HfAccount.name_lower == wanted))
    if hf is not None and hf.person is not None:
        return hf.person
    account = gh or hf
    if account is not None:
        raise NotFound(
            f"{handle} is known but is not a person in the store ({_account_kind(account)})",
            f"run `talent profile refresh {handle}` to fetch them as a person",
        )
    raise NotFound(
        f"no person with GitHub login or Hugging Face name {handle!r}", _hint(session, wanted)
    )


def _account_kind(account: models.GithubAccount | models.HfAccount) -> str:
    if isinstance(account, models.GithubAccount):
        return "an organisation" if account.type == "Organization" else "not crawled yet"
    return "an organisation" if account.kind == "org" else "not crawled yet"


def _hint(session: Session, wanted: str) -> str:
    """Close matches among handles sharing the first letters (cheap on a large store), one
    per person."""
    prefix = wanted[:2]
    names: list[tuple[str, int]] = []
    if prefix:
        gh, hf = models.GithubAccount, models.HfAccount
        names += session.execute(
            select(gh.login, gh.person_id)
            .where(gh.login_lower.startswith(prefix, autoescape=True), gh.person_id.is_not(None))
            .limit(500)
        ).all()
        names += (
            (HF_PREFIX + name, person_id)
            for name, person_id in session.execute(
                select(hf.name, hf.person_id)
                .where(hf.name_lower.startswith(prefix, autoescape=True), hf.person_id.is_not(None))
                .limit(500)
            ).all()
        )
    by_lower: dict[str, tuple[str, int]] = {}
    for found, person_id in names:  # GitHub first, as resolve_person prefers it
        by_lower.setdefault(found.lower().removeprefix(HF_PREFIX), (found, person_id))
    suggestions: dict[int, str] = {}
    for close in difflib.get_close_matches(wanted, list(by_lower), n=6, cutoff=0.6):
        found, person_id = by_lower[close]
        suggestions.setdefault(person_id, found)
    if suggestions:
        return "did you mean " + ", ".join(list(suggestions.values())[:3]) + "?"
    return "check the spelling (search results show logins), or `talent profile refresh LOGIN`"


def handles(person: models.Person) -> str:
    """``login / hf:name``: how a person is named in messages (raw; display through safe())."""
    names = [a.login for a in person.github_accounts]
    names += [HF_PREFIX + h.name for h in person.hf_accounts]
    return " / ".join(names) or f"person {person.id}"


def contact_details(
    session: Session, person_ids: list[int], settings: Settings
) -> dict[int, dict[str, str | None]]:
    """Profile URLs and the public email (only where the person published one), for one
    shortlist's export; never for the whole store."""
    details: dict[int, dict[str, str | None]] = {pid: {} for pid in person_ids}
    if not person_ids:
        return details
    for person in session.scalars(select(models.Person).where(models.Person.id.in_(person_ids))):
        gh = next((a for a in person.github_accounts if a.html_url), None)
        hf = next(iter(person.hf_accounts), None)
        details[person.id] = {
            "email": person.public_email,
            "github_url": gh.html_url if gh else None,
            "hf_url": artifact_url(hf_web(settings), "user", hf.name) if hf else None,
        }
    return details
