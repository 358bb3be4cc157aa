"""The one sanitizer: no control, format or escape character survives, in any output format.

Property-based (hypothesis) over arbitrary Unicode, including escape sequences built to look
real, plus examples of each attack class.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import unicodedata
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from talent.app import render
from talent.app.render_people import format_profile, profile_json
from talent.contracts import EvidenceRecord, EvidenceRef, PersonPayload, SignalsRecord
from talent.search.engine import Result, SearchResults
from talent.search.request import SearchRequest
from talent.store.profile import CategoryView, GithubView, HfView, LinkView, ProfileView, StatusView
from talent.text import csv_cell, html_text, json_safe, md_cell, sanitize

UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}
NEWLINE = "\n"  # the only control our own formats write (between lines)

# Pieces hostile text is made of: escape introducers (7- and 8-bit), sequence bodies, every
# class of invisible character, and ordinary letters of several scripts.
_PIECES = [
    "\x1b[",
    "\x9b",
    "\x1b]",
    "\x9d",
    "\x1bP",
    "\x90",
    "\x1b\\",
    "\x9c",
    "\x07",
    "31m",
    "0;1H",
    "8;;http://evil/\x07",
    "2J",
    "\u202e",
    "\u2066",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u00ad",
    "\U000e0041",
    "\u2028",
    "\x00",
    "\x7f",
    "\r\n",
    "\t",
    "Мінск",
    "名前",
    "🇧🇾",
    "a",
    "=cmd|",
    "|",
    "*",
    "[x](y)",
    "<b>",
]
hostile = st.lists(
    st.one_of(st.sampled_from(_PIECES), st.text(min_size=0, max_size=8)), max_size=30
).map("".join)


def unsafe(text: str, allowed: str = "") -> list[str]:
    """Characters of ``text`` a terminal, spreadsheet or renderer could act on."""
    return [c for c in text if c not in allowed and unicodedata.category(c) in UNSAFE_CATEGORIES]


def test_the_character_class_covers_every_control_and_format_code_point() -> None:
    """Against the running Python's Unicode database: nothing in Cc, Cf, Cs, Zl or Zp is
    left out (a newer Unicode adds Cf code points; this fails then, naming them)."""
    missing = [
        f"U+{cp:04X}"
        for cp in range(sys.maxunicode + 1)
        if unicodedata.category(chr(cp)) in UNSAFE_CATEGORIES and sanitize(chr(cp)) != ""
    ]
    assert not missing


@settings(max_examples=400, deadline=None)
@given(hostile, st.one_of(st.none(), st.integers(1, 80)))
def test_sanitize_leaves_one_line_of_printable_text(text: str, limit: int | None) -> None:
    out = sanitize(text, limit)
    assert not unsafe(out)
    assert "\x1b" not in out and "\x9b" not in out
    assert out == out.strip() and "  " not in out
    if limit is not None:
        assert len(out) <= limit
    assert sanitize(out, limit) == out  # idempotent


@settings(max_examples=300, deadline=None)
@given(hostile)
def test_every_escaper_is_safe(text: str) -> None:
    assert not unsafe(csv_cell(text))
    assert not csv_cell(text).startswith(("=", "+", "-", "@"))
    assert not unsafe(md_cell(text))
    assert not unsafe(html_text(text)) and "<" not in html_text(text)
    data = json_safe({"k" + text: [text, {"n": text}], "x": 1})
    assert not unsafe(json.dumps(data, ensure_ascii=False))


def test_known_attacks_are_neutralised() -> None:
    assert sanitize("\x1b[31mred\x1b[0m") == "red"
    assert sanitize("\x9b31mred") == "red"  # the 8-bit CSI
    assert sanitize("\x1b]8;;http://evil/\x07click\x1b]8;;\x07") == "click"  # OSC 8 link
    assert sanitize("\x9d0;title\x9c after") == "after"  # 8-bit OSC with ST
    assert sanitize("\x1bPq#0;2;0;0;0\x1b\\ok") == "ok"  # DCS (sixel)
    assert sanitize("evil\u202etxt.exe") == "eviltxt.exe"  # bidi override
    assert sanitize("ad\u200bmin") == "admin"  # zero-width space
    assert sanitize("a\nb\rc\u2028d") == "a b c d"
    assert sanitize("Аліса Мінск 名前 🇧🇾") == "Аліса Мінск 名前 🇧🇾"  # letters and emoji stay
    assert sanitize("x" * 10, 5) == "xxxx…"
    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"


# Every output format, fed hostile text in every field ------------------------------------
def _results(text: str) -> SearchResults:
    payload = PersonPayload(
        person_id=1,
        country=text,
        city=text,
        track=text,
        seniority=text,
        scores={"retrieval": 0.5},
        display_name=text,
        github=text,
        hf=text,
        location=text,
        top_evidence=(EvidenceRef(text, text, text, text),),
    )
    result = Result(1, 1, 1.0, {"relevance": 1.0}, payload, status=text)
    return SearchResults(SearchRequest(query=text), [result])


@settings(max_examples=150, deadline=None)
@given(hostile)
def test_search_results_are_safe_in_every_format(text: str) -> None:
    results = _results(text)
    extras = {1: {"email": text, "github_url": text, "hf_url": text}}
    marks = {1: (text,)}
    for fmt in render.FORMATS:
        out = render.render(results, fmt, extras, marks)
        assert not unsafe(out, allowed=NEWLINE), fmt
    rows = list(csv.reader(io.StringIO(render.to_csv(results.results, extras, marks))))
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows[1:] for cell in row)


def _profile(text: str) -> ProfileView:
    when = datetime(2026, 1, 1, tzinfo=UTC)
    signals = SignalsRecord(
        track=text,
        track_scores={text: 0.5},
        track_reasons=(text,),
        seniority=text,
        seniority_confidence=0.5,
        seniority_reasons=(text,),
        production=0.5,
        production_reasons=(text,),
        anti_signals={text: 0.5},
        anti_signal_reasons={text: text},
        scores={text: 0.5},
        last_active=when,
        ai_start=when,
        computed_at=when,
    )
    evidence = EvidenceRecord(text, text, text, text, when, 1.0)
    return ProfileView(
        person_id=1,
        display_name=text,
        location_raw=text,
        country=text,
        country_name=text,
        city=text,
        bio=text,
        company=text,
        website=text,
        public_email=text,
        hireable=True,
        followers=1,
        is_bot=False,
        github=(GithubView(text, text, text, text, text, 1, 1, when, when),),
        hf=(HfView(text, text, text, text, 1, 1, 1, 1, when),),
        links=(LinkView(text, text, 0.9, text, True, (text,), None),),
        signals=signals,
        evidence=(CategoryView(text, 0.5, (evidence,)),),
        statuses=(StatusView(text, text, when),),
    )


@settings(max_examples=100, deadline=None)
@given(hostile)
def test_a_profile_is_safe_as_text_and_json(text: str) -> None:
    view = _profile(text)
    assert not unsafe(format_profile(view), allowed=NEWLINE)
    assert not unsafe(profile_json(view), allowed=NEWLINE)
