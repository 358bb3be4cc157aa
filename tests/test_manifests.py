"""The GitHub contents payload that carries a manifest (parsing: tests/test_taxonomy.py)."""

from __future__ import annotations

import base64

from talent.crawler.manifests import decode_content


def test_decode_content() -> None:
    encoded = base64.b64encode(b"ragas\n").decode()
    assert decode_content({"content": encoded, "encoding": "base64"}) == "ragas\n"
    assert decode_content({"content": "", "encoding": "none"}) is None  # over the size limit
    assert decode_content({"content": "QQ", "encoding": "base64"}) is None  # bad padding
    assert decode_content({"encoding": "base64"}) is None
