"""Integrity checks of the store and their repairs (``talent db check [--fix]``).

People without any account are what two crawls interleaving on one SQLite home used to
leave behind (issue 10): empty, yet indexed and found by search. The repair removes them
the store's complete way (``forget_person``), so nothing about them dangles; their
``person_index`` rows stay, so the next ``talent index`` drops their points.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from talent.store import models
from talent.store.forget import forget_person


def accountless_people(session: Session) -> list[int]:
    """Ids of the people who have neither a GitHub nor a Hugging Face account."""
    P, G, H = models.Person, models.GithubAccount, models.HfAccount
    return list(
        session.scalars(
            select(P.id)
            .where(
                ~exists().where(G.person_id == P.id),
                ~exists().where(H.person_id == P.id),
            )
            .order_by(P.id)
        )
    )


def remove_accountless_people(session: Session) -> list[int]:
    """Delete every person without an account, with all that hangs on them; their ids."""
    removed = accountless_people(session)
    for person_id in removed:
        forget_person(session, person_id)
    return removed
