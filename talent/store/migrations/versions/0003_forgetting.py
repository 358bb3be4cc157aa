"""forgetting: accounts go with their person; forgotten identities are remembered

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import talent.store.models

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_ACCOUNTS = ("github_accounts", "hf_accounts")


def _person_fk(ondelete: str) -> None:
    for table in _ACCOUNTS:
        name = f"fk_{table}_person_id_people"
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(name, type_="foreignkey")
            batch_op.create_foreign_key(name, "people", ["person_id"], ["id"], ondelete=ondelete)


def upgrade() -> None:
    # An account without its person was what let the next identity pass re-create a deleted
    # person: accounts now go with it.
    _person_fk("CASCADE")
    op.create_table(
        "forgotten_identities",
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("forgotten_at", talent.store.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key_hash", name=op.f("pk_forgotten_identities")),
    )


def downgrade() -> None:
    op.drop_table("forgotten_identities")
    _person_fk("SET NULL")
