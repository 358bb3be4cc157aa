"""Planted hostile fields: what a broken or malicious upstream serves in one profile.

A GitHub user or Hub account record may carry ``"_hostile": {"key": value, ...}``: each key
is served with that value as given, past the world's type checks (a number for a bio, a
string for a count). A value ``{"latin1": "text"}`` is served as the Latin-1 bytes of that
text inside the JSON string, so a body can hold bytes that are not UTF-8 ("caf\\u00e9" is
served as ``caf\\xe9``). Tests use it to attack the crawler with one bad field at a time.
"""

from __future__ import annotations

import json
from typing import Any

from talent.upstream.replies import dumps

KEY = "_hostile"


def served_body(body: dict[str, Any], record: dict[str, Any]) -> bytes:
    """The JSON bytes of ``body`` with the record's planted fields in place."""
    planted = record.get(KEY)
    if not isinstance(planted, dict) or not planted:
        return dumps(body)
    raw: dict[bytes, bytes] = {}
    for key, value in planted.items():
        if isinstance(value, dict) and set(value) == {"latin1"}:
            marker = f"@@hostile:{key}@@"
            raw[json.dumps(marker).encode()] = json.dumps(
                value["latin1"], ensure_ascii=False
            ).encode("latin-1")
            value = marker
        body[key] = value
    data = dumps(body)
    for marker_bytes, replacement in raw.items():
        data = data.replace(marker_bytes, replacement)
    return data
