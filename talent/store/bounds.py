"""What a column can hold, read from the models, so values are bounded the same way on
SQLite (which would keep anything) and PostgreSQL (which refuses an over-long value and, with
it, the whole transaction).

    String(n)       at most n characters (cut, the last one an ellipsis)
    Text            at most ``MAX_TEXT`` characters
    Integer         32-bit, BigInteger 64-bit (clamped)

and no text holds NUL or a lone surrogate (``talent.text.storable``).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import BigInteger, Integer, String, Table

from talent.text import storable

MAX_TEXT = 20_000  # beyond this a free-text field is garbage, not a bio
_INT32 = 2**31 - 1
_INT64 = 2**63 - 1
Limit = tuple[str, int]  # ("text", characters) or ("int", largest magnitude)


@cache
def table_of(name: str) -> Table:
    from talent.store.models import Base

    return Base.metadata.tables[name]


@cache
def limits(table: Table) -> dict[str, Limit]:
    """Column name -> its bound, for every text and integer column of ``table``."""
    out: dict[str, Limit] = {}
    for column in table.columns:
        kind = column.type
        if isinstance(kind, String):  # Text is a String without a length
            out[column.key] = ("text", kind.length or MAX_TEXT)
        elif isinstance(kind, BigInteger):
            out[column.key] = ("int", _INT64)
        elif isinstance(kind, Integer):
            out[column.key] = ("int", _INT32)
    return out


def bound(table: Table, name: str, value: Any) -> Any:
    """``value`` as column ``name`` of ``table`` can hold it (unchanged when it fits)."""
    limit = limits(table).get(name)
    if limit is None or value is None:
        return value
    kind, size = limit
    if kind == "text":
        return storable(value, size) if isinstance(value, str) else value
    if isinstance(value, int) and not isinstance(value, bool):
        return max(-size, min(size, value))
    return value
