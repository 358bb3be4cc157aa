"""Printing search results: table (for a terminal), JSON, CSV (ATS bulk import), Markdown.

Everything that came from a profile is untrusted text and goes through ``talent.text``:
escape sequences and control, bidi and zero-width characters removed (``sanitize``), Markdown
metacharacters escaped (``md_cell``), CSV cells that a spreadsheet would run as a formula
neutralised (``csv_cell``), and every string in JSON sanitized (``json_safe``).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from talent.contracts import EvidenceRef, PersonPayload
from talent.search.engine import Result, SearchResults
from talent.search.saved import describe_filters
from talent.text import csv_cell, json_safe, md_cell, md_url, sanitize

if TYPE_CHECKING:  # the store's SQLAlchemy stays off a search's start-up path
    from talent.app.search import SavedRun, SavedView
    from talent.store.saved import RunReport, SavedSummary

FORMATS = ("table", "json", "csv", "markdown")


def person_label(payload: PersonPayload) -> str:
    name = sanitize(payload.display_name, 60)
    github, hf = sanitize(payload.github, 40), sanitize(payload.hf, 40)
    handles = " / ".join(h for h in (github, hf and f"hf:{hf}") if h)
    return f"{name} ({handles})" if name and handles else name or handles or "?"


def top_signals(payload: PersonPayload, count: int = 3) -> list[tuple[str, float]]:
    ordered = sorted(payload.scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(name, value) for name, value in ordered[:count] if value > 0]


def evidence(payload: PersonPayload, count: int = 3) -> tuple[EvidenceRef, ...]:
    return payload.top_evidence[:count]


def result_dict(result: Result, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One result as JSON data (strings not yet sanitized: ``as_json`` does that)."""
    p = result.payload
    return {
        "rank": result.rank,
        "person_id": result.person_id,
        "github": p.github,
        "hf": p.hf,
        "display_name": p.display_name,
        "location": p.location,
        "country": p.country,
        "city": p.city,
        "track": p.track,
        "seniority": p.seniority,
        "production": p.production,
        "score": result.score,
        "breakdown": result.breakdown,
        "scores": dict(p.scores),
        "strength": dict(p.strength),
        "evidence": [e.to_dict() for e in evidence(p)],
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
    return json_safe(
        {
            "query": results.request.query,
            "understood": results.understood.as_dict() if results.understood else None,
            "count": len(results.results),
            "hidden": results.hidden,
            "seconds": round(results.seconds, 3),
            "results": [result_dict(r, extras.get(r.person_id)) for r in results.results],
        }
    )


def explain_query(results: SearchResults) -> str:
    """What the query was read as (``--explain-query``)."""
    if results.understood is None:
        return "query: read as typed (a retrieval-only variant)"
    return "query understood as:\n" + "\n".join(
        f"  {sanitize(line, 300)}" for line in results.understood.describe().splitlines()
    )


def _tags(marks: Marks | None, person_id: int) -> str:
    return " ".join(f"[{sanitize(m, 20)}]" for m in (marks or {}).get(person_id, ()))


def to_table(results: SearchResults, width: int | None = None, marks: Marks | None = None) -> str:
    width = width or max(60, min(shutil.get_terminal_size((100, 20)).columns, 160))
    if not results.results:
        return "no matching people (try fewer filters, or --include-contacted)"
    lines = []
    asked = results.understood.areas if results.understood else ()
    for r in results.results:
        p = r.payload
        where = sanitize(p.location or p.country or "location unknown", 40)
        tags = _tags(marks, r.person_id)
        head = f"{r.rank:>3}. {tags + ' ' if tags else ''}{person_label(p)}  ·  {where}"
        tags = " · ".join(x for x in (sanitize(p.track), sanitize(p.seniority)) if x)
        lines.append(textwrap.shorten(f"{head}  ·  {tags}" if tags else head, width))
        b = r.breakdown
        parts = ", ".join(f"{k} {v:+.2f}" for k, v in b.items() if v)
        signals = ", ".join(f"{n} {v:.2f}" for n, v in top_signals(p))
        lines.append(_indented(f"score {r.score:.3f} = {parts or 'n/a'}", width))
        if asked:
            join = " & " if results.understood and results.understood.all_areas else " | "
            shown = join.join(f"{sanitize(a, 30)} {p.strength_of(a):.1f}" for a in asked)
            lines.append(_indented(f"evidence strength: {shown}", width))
        if signals:
            lines.append(_indented(f"signals: {signals}", width))
        for item in evidence(p):
            lines.append(_indented(f"- {sanitize(item.text, 200)}", width))
            url = sanitize(item.url, 300)
            if url:
                lines.append(f"       {url}")
        if r.status:
            lines.append(f"     status: {sanitize(r.status)}")
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
                p.display_name or p.github or p.hf,
                extra.get("github_url"),
                extra.get("hf_url"),
                extra.get("email"),
                p.location,
                p.country,
                p.track,
                p.seniority,
                f"{r.score:.3f}",
                "; ".join(f"{n} {v:.2f}" for n, v in top_signals(p)),
                " ".join(e.url for e in evidence(p) if e.url),
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
            f"[{md_cell(e.kind or 'link', 20)}]({md_url(e.url)})" for e in evidence(p) if e.url
        )
        signals = ", ".join(f"{n} {v:.2f}" for n, v in top_signals(p))
        tags = "".join(f"**{md_cell(m, 20)}** " for m in (marks or {}).get(r.person_id, ()))
        lines.append(
            f"| {r.rank} | {tags}{md_cell(person_label(p))} | {md_cell(p.location, 40)} | "
            f"{md_cell(p.track)} | {r.score:.3f} | {md_cell(signals)} | {links} |"
        )
    return "\n".join(lines)


# Saved searches --------------------------------------------------------------------------
def saved_run(run: SavedRun, fmt: str) -> str:
    """A saved search's run: the results marked NEW / +evidence against the run before."""
    report = run.report
    changes: dict[int, dict[str, Any]] = {
        e.person_id: {
            **run.found.contacts.get(e.person_id, {}),
            "new": e.new,
            "evidence_grew": e.evidence_grew,
            "evidence_count": e.evidence_count,
            "previous_evidence_count": e.previous_evidence_count,
        }
        for e in report.entries
    }
    if fmt == "json":
        document = {
            "saved": run.name,
            "run": _run_json(report),
            **as_json(run.found.results, changes),
        }
        return json.dumps(json_safe(document), indent=2, ensure_ascii=False)
    marks = {e.person_id: e.changes if fmt == "csv" else e.marks for e in report.entries}
    body = render(run.found.results, fmt, changes, marks)
    if fmt != "table":
        return body
    return f"{body}\n{sanitize(run.name, 100)}: {run_summary(report)}"


def run_summary(report: RunReport) -> str:
    if report.previous is None:
        return f"{len(report.entries)} results (first run: all new)"
    return (
        f"{len(report.entries)} results, {report.new} new, {report.grew} with more evidence "
        f"since the run of {report.previous.ran_at:%Y-%m-%d %H:%M}"
    )


def _run_json(report: RunReport) -> dict[str, Any]:
    previous = report.previous
    return {
        "id": report.run.id,
        "ran_at": report.run.ran_at.isoformat(),
        "previous_run_at": previous.ran_at.isoformat() if previous else None,
        "new": report.new,
        "evidence_grew": report.grew,
    }


def saved_list(summaries: Sequence[SavedSummary], *, as_json_: bool) -> str:
    if as_json_:
        rows = [
            {
                "name": s.name,
                "query": s.query,
                "filters": s.filters,
                "runs": s.runs,
                "last_ran_at": s.last_ran_at.isoformat() if s.last_ran_at else None,
                "last_count": s.last_count,
            }
            for s in summaries
        ]
        return json.dumps(json_safe(rows), indent=2, ensure_ascii=False)
    if not summaries:
        return 'no saved searches yet (add one: talent saved add NAME "QUERY")'
    lines = []
    for s in summaries:
        last = (
            f"last run {s.last_ran_at:%Y-%m-%d %H:%M}: {s.last_count} results"
            if s.last_ran_at
            else "never run"
        )
        lines.append(
            f"{sanitize(s.name, 100)}  {sanitize(s.query, 80)!r}  {describe_filters(s.filters)}"
        )
        lines.append(f"    {last}")
    return "\n".join(lines)


def saved_view_json(view: SavedView) -> str:
    report, last = view.report, None
    if report is not None:
        last = {
            **_run_json(report),
            "results": [
                {
                    "rank": e.rank,
                    "person_id": e.person_id,
                    **view.labels.get(e.person_id, {}),
                    "score": e.score,
                    "evidence_count": e.evidence_count,
                    "new": e.new,
                    "evidence_grew": e.evidence_grew,
                }
                for e in report.entries
            ],
        }
    document = {"name": view.name, "query": view.query, "filters": view.filters, "last_run": last}
    return json.dumps(json_safe(document), indent=2, ensure_ascii=False)


def saved_view_text(view: SavedView) -> str:
    lines = [
        f"{sanitize(view.name, 100)}",
        f"  query:   {sanitize(view.query, 300)!r}",
        f"  filters: {describe_filters(view.filters) or 'none'}",
        f"  saved:   {view.created_at:%Y-%m-%d %H:%M}",
    ]
    report = view.report
    if report is None:
        lines.append(f"  never run (talent saved run {sanitize(view.name, 100)})")
        return "\n".join(lines)
    lines.append(f"  last run {report.run.ran_at:%Y-%m-%d %H:%M}: {run_summary(report)}")
    for e in report.entries:
        label = view.labels.get(e.person_id, {})
        who = sanitize(label.get("handles") or f"person {e.person_id}", 80)
        name = sanitize(label.get("display_name"), 60)
        tags = " ".join(f"[{m}]" for m in e.marks)
        lines.append(
            f"  {e.rank:>3}. {tags + ' ' if tags else ''}{who}{f' ({name})' if name else ''}"
            f"  score {e.score:.3f}, {e.evidence_count} evidence"
        )
    return "\n".join(lines)
