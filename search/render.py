"""Printing results: table (for a terminal), JSON, CSV (ATS bulk import) and Markdown.

Everything that came from a profile is untrusted text: terminal escape sequences and control
characters are stripped before display, Markdown and HTML metacharacters are escaped, and CSV
cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

from talent.search.engine import Result, SearchResults

_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b.")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("table", "json", "csv", "markdown")


def safe(value: Any, limit: int = 300) -> str:
    """Printable text: no escape sequences, no control or bidi characters, one line."""
    if value is None:
        return ""
    text = _CONTROL.sub("", _ESCAPES.sub("", str(value)))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def csv_cell(value: Any) -> str:
    text = safe(value, 2000)
    return "'" + text if text.startswith(_FORMULA_START) else text


def md_cell(value: Any, limit: int = 120) -> str:
    text = safe(value, limit)
    for char in "\\`*_[]<>|#":
        text = text.replace(char, "\\" + char)
    return text


def md_url(value: Any) -> str:
    return safe(value, 300).replace(" ", "%20").replace(")", "%29").replace("(", "%28")


def person_label(payload: Mapping[str, Any]) -> str:
    name = safe(payload.get("display_name"), 60)
    handles = " / ".join(
        h
        for h in (
            safe(payload.get("github"), 40),
            safe(payload.get("hf"), 40) and f"hf:{safe(payload.get('hf'), 40)}",
        )
        if h
    )
    return f"{name} ({handles})" if name and handles else name or handles or "?"


def top_signals(payload: Mapping[str, Any], count: int = 3) -> list[tuple[str, float]]:
    scores = payload.get("scores") or {}
    ordered = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(name, value) for name, value in ordered[:count] if value > 0]


def evidence(payload: Mapping[str, Any], count: int = 3) -> list[Mapping[str, Any]]:
    return list(payload.get("top_evidence") or [])[:count]


def result_dict(result: Result, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    payload = result.payload
    return {
        "rank": result.rank,
        "person_id": result.person_id,
        "github": payload.get("github"),
        "hf": payload.get("hf"),
        "display_name": payload.get("display_name"),
        "location": payload.get("location"),
        "country": payload.get("country"),
        "city": payload.get("city"),
        "track": payload.get("track"),
        "seniority": payload.get("seniority"),
        "production": payload.get("production"),
        "score": result.score,
        "breakdown": result.breakdown,
        "scores": payload.get("scores") or {},
        "evidence": evidence(payload),
        "status": result.status,
        **(extra or {}),
    }


Marks = Mapping[int, Sequence[str]]


def render(
    results: SearchResults,
    fmt: str,
    extras: Mapping[int, Mapping[str, Any]],
    marks: Marks | None = None,
) -> str:
    """``marks`` (person id -> tags such as NEW) label rows in table, CSV and Markdown; JSON
    callers put the same facts in ``extras``."""
    if fmt == "json":
        return json.dumps(as_json(results, extras), indent=2, ensure_ascii=False)
    if fmt == "csv":
        return to_csv(results.results, extras, marks)
    if fmt == "markdown":
        return to_markdown(results.results, marks)
    return to_table(results, marks=marks)


def as_json(results: SearchResults, extras: Mapping[int, Mapping[str, Any]]) -> dict[str, Any]:
    return {
        "query": results.request.query,
        "count": len(results.results),
        "hidden": results.hidden,
        "seconds": round(results.seconds, 3),
        "results": [result_dict(r, extras.get(r.person_id)) for r in results.results],
    }


def _tags(marks: Marks | None, person_id: int) -> str:
    return " ".join(f"[{safe(m, 20)}]" for m in (marks or {}).get(person_id, ()))


def to_table(results: SearchResults, width: int | None = None, marks: Marks | None = None) -> str:
    width = width or max(60, min(shutil.get_terminal_size((100, 20)).columns, 160))
    if not results.results:
        return "no matching people (try fewer filters, or --include-contacted)"
    lines = []
    for r in results.results:
        p = r.payload
        where = safe(p.get("location") or p.get("country") or "location unknown", 40)
        tags = _tags(marks, r.person_id)
        head = f"{r.rank:>3}. {tags + ' ' if tags else ''}{person_label(p)}  ·  {where}"
        tags = " · ".join(x for x in (safe(p.get("track")), safe(p.get("seniority"))) if x)
        lines.append(textwrap.shorten(f"{head}  ·  {tags}" if tags else head, width))
        b = r.breakdown
        parts = ", ".join(f"{k} {v:+.2f}" for k, v in b.items() if v)
        signals = ", ".join(f"{n} {v:.2f}" for n, v in top_signals(p))
        lines.append(_indented(f"score {r.score:.3f} = {parts or 'n/a'}", width))
        if signals:
            lines.append(_indented(f"signals: {signals}", width))
        for item in evidence(p):
            lines.append(_indented(f"- {safe(item.get('text'), 200)}", width))
            url = safe(item.get("url"), 300)
            if url:
                lines.append(f"       {url}")
        if r.status:
            lines.append(f"     status: {safe(r.status)}")
    footer = f"{len(results.results)} shown"
    if results.hidden:
        footer += f", {results.hidden} hidden (contacted or bots; --include-contacted shows them)"
    lines.append(footer)
    return "\n".join(lines)


def _indented(text: str, width: int, indent: str = "     ") -> str:
    return indent + textwrap.shorten(text, width - len(indent), placeholder=" …")


CSV_COLUMNS = (
    "rank",
    "name",
    "github_url",
    "huggingface_url",
    "email",
    "location",
    "country",
    "track",
    "seniority",
    "score",
    "top_signals",
    "evidence_urls",
)


def to_csv(
    results: Sequence[Result],
    extras: Mapping[int, Mapping[str, Any]],
    marks: Marks | None = None,
) -> str:
    """One row per candidate, the columns an ATS bulk import asks for (plus ``changes`` when
    rows are marked)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS if marks is None else (*CSV_COLUMNS, "changes"))
    for r in results:
        p, extra = r.payload, extras.get(r.person_id, {})
        changes = () if marks is None else ("; ".join(marks.get(r.person_id, ())),)
        writer.writerow(
            csv_cell(value)
            for value in (
                r.rank,
                p.get("display_name") or p.get("github") or p.get("hf"),
                extra.get("github_url"),
                extra.get("hf_url"),
                extra.get("email"),
                p.get("location"),
                p.get("country"),
                p.get("track"),
                p.get("seniority"),
                f"{r.score:.3f}",
                "; ".join(f"{n} {v:.2f}" for n, v in top_signals(p)),
                " ".join(str(e.get("url")) for e in evidence(p) if e.get("url")),
                *changes,
            )
        )
    return out.getvalue()


def to_markdown(results: Sequence[Result], marks: Marks | None = None) -> str:
    lines = [
        "| # | person | location | track | score | top signals | evidence |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        p = r.payload
        links = " ".join(
            f"[{md_cell(e.get('kind') or 'link', 20)}]({md_url(e.get('url'))})"
            for e in evidence(p)
            if e.get("url")
        )
        signals = ", ".join(f"{n} {v:.2f}" for n, v in top_signals(p))
        tags = "".join(f"**{md_cell(m, 20)}** " for m in (marks or {}).get(r.person_id, ()))
        lines.append(
            f"| {r.rank} | {tags}{md_cell(person_label(p))} | {md_cell(p.get('location'), 40)} | "
            f"{md_cell(p.get('track') or '')} | {r.score:.3f} | {md_cell(signals)} | {links} |"
        )
    return "\n".join(lines)
