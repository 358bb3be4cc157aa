"""The one sanitizer for text that came from a profile, and the escapers built on it.

Everything a person can type on GitHub or the Hub (names, bios, locations, repository
descriptions, topics) is untrusted: it reaches terminals, spreadsheets, Markdown and HTML
reports, and the documents we embed. ``sanitize`` makes it one line of printable text:

    escape sequences    ESC-introduced and 8-bit C1 forms: CSI (``ESC [`` and ``\\x9b``),
                        OSC (``ESC ]`` and ``\\x9d``, to BEL or ST), DCS/SOS/PM/APC strings,
                        and every other ``ESC x`` sequence are removed whole
    controls            C0, DEL and C1 (Unicode ``Cc``) are removed; the whitespace ones
                        (tab, newlines, NEL, line and paragraph separators) become spaces
    invisible format    Unicode ``Cf``: bidi overrides and isolates that reorder a line,
                        zero-width spaces and joiners, word joiners, BOM, soft hyphen, tag
                        characters: removed
    lone surrogates     removed (they cannot be encoded)

then collapses whitespace and cuts at ``limit`` characters. Letters of every script, emoji
and combining marks are kept. The format escapers (``csv_cell``, ``md_cell``, ``html_text``,
``json_safe``) all start from it, so no output format can miss a class of characters.
``storable`` is its lenient sibling for what the store keeps: only NUL and lone surrogates
go, and over-long text is cut.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

# Escape sequences, longest forms first. A string sequence (OSC, DCS, …) runs to its
# terminator, or to the end of the text when a hostile one never ends.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x1b\x9c]*(?:\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
# Controls that mean "space": tab, LF, VT, FF, CR, the C0 separators, NEL, LS, PS.
_SPACES = re.compile(r"[\t-\r\x1c-\x1f\x85\u2028\u2029]")
# Every Cc, Cf and Cs code point (Unicode 14, plus the Egyptian format controls added in
# 15); tests/test_text.py checks this class against the running Python's unicodedata.
_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)
ELLIPSIS = "…"
# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@")
_MARKDOWN_SPECIAL = "\\`*_[]<>|#!~"


def sanitize(value: Any, limit: int | None = None) -> str:
    """One line of printable text; at most ``limit`` characters (the last one an ellipsis
    when it was cut). ``None`` becomes ``""``."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if limit is not None and len(text) > limit * 4:
        text = text[: limit * 4]  # a megabyte bio costs nothing; escapes only shrink it
    text = _ESCAPES.sub("", text)
    text = _INVISIBLE.sub("", _SPACES.sub(" ", text))
    text = " ".join(text.split())
    if limit is not None and len(text) > limit:
        return text[: max(limit - 1, 0)] + ELLIPSIS
    return text


# What a database cannot hold: NUL (PostgreSQL refuses it) and lone surrogates (no UTF-8).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(value: str, limit: int | None = None) -> str:
    """The text as written, less what no database can hold (NUL, lone surrogates), cut to
    ``limit`` characters (the last one an ellipsis when it was cut). Unlike ``sanitize`` it
    keeps lines and spacing: it is for storing what a person wrote, not for showing it."""
    text = value[: limit * 4] if limit is not None and len(value) > limit * 4 else value
    text = _UNSTORABLE.sub("", text)
    if limit is not None and len(text) > limit:
        return text[: max(limit - 1, 0)] + ELLIPSIS
    return text


def csv_cell(value: Any, limit: int = 2000) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    text = sanitize(value, limit)
    return "'" + text if text.startswith(_FORMULA_START) else text


def md_cell(value: Any, limit: int = 120) -> str:
    """Text for a Markdown table cell or paragraph: metacharacters escaped."""
    text = sanitize(value, limit)
    for char in _MARKDOWN_SPECIAL:
        text = text.replace(char, "\\" + char)
    return text


def md_url(value: Any) -> str:
    """A URL inside Markdown link parentheses: spaces and parentheses percent-encoded."""
    return sanitize(value, 300).replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def html_text(value: Any, limit: int | None = None) -> str:
    """Text for an HTML element or attribute value."""
    return html.escape(sanitize(value, limit), quote=True)


def json_safe(value: Any) -> Any:
    """The same structure with every string (keys too) sanitized, for JSON that people read
    in a terminal or paste into tools; numbers, booleans and None pass through."""
    if isinstance(value, str):
        return sanitize(value)
    if isinstance(value, Mapping):
        return {sanitize(k) if isinstance(k, str) else k: json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


__all__ = ["csv_cell", "html_text", "json_safe", "md_cell", "md_url", "sanitize", "storable"]
