"""One person for a terminal or as JSON: ``talent profile`` and ``talent status``.

Every profile-supplied string goes through ``talent.text.sanitize`` (``json_safe`` in JSON).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from talent.app.people import StatusChange
from talent.store.profile import NOT_INDEXED, ProfileView, profile_dict
from talent.text import json_safe, sanitize
from talent.vocab import HIDDEN_STATUSES


def format_profile(view: ProfileView) -> str:
    sections = [
        _head(view),
        _accounts(view),
        _identity(view),
        _reading(view),
        _evidence_text(view),
        _status_text(view),
    ]
    return "\n\n".join(s for s in sections if s)


def _head(view: ProfileView) -> str:
    name = sanitize(view.display_name, 120) or "(no name)"
    lines = [f"{name}  (person {view.person_id}{', bot' if view.is_bot else ''})"]
    country = sanitize(view.country_name or view.country, 80)
    place = ", ".join(x for x in (sanitize(view.city, 80), country) if x)
    if view.location_raw or place:
        raw = sanitize(view.location_raw, 120) or "-"
        lines.append(f"  location:  {raw}  (normalised: {place or 'unknown'})")
    for label, value in (
        ("company", view.company),
        ("website", view.website),
        ("email", view.public_email),
    ):
        if value:
            lines.append(f"  {label + ':':<10} {sanitize(value, 300)}")
    if view.hireable is not None:
        lines.append(f"  hireable:  {'yes' if view.hireable else 'no'}")
    lines.append(f"  followers: {view.followers:,}")
    if view.bio:
        lines.append(f"  bio:       {sanitize(view.bio, 1000)}")
    return "\n".join(lines)


def _accounts(view: ProfileView) -> str:
    lines = ["Accounts"]
    for a in view.github:
        extra = f"{a.public_repos} repos, {a.followers:,} followers"
        kind = "" if a.type == "User" else f" [{sanitize(a.type, 20)}]"
        login, url = sanitize(a.login, 100), sanitize(a.html_url, 300)
        lines.append(f"  GitHub {login}{kind}  {url}  ({extra})")
    for h in view.hf:
        extra = f"{h.models} models, {h.datasets} datasets, {h.spaces} spaces"
        lines.append(f"  Hugging Face {sanitize(h.name, 100)}  {sanitize(h.url, 300)}  ({extra})")
    return "\n".join(lines) if len(lines) > 1 else "Accounts: none"


def _identity(view: ProfileView) -> str:
    if not view.links:
        return "Identity links: none"
    lines = ["Identity links"]
    for link in view.links:
        state = "merged" if link.merged else "not merged"
        if link.other_person_id is not None:
            state += f", other account is person {link.other_person_id}"
        lines.append(
            f"  GitHub {sanitize(link.github, 100)} ↔ HF {sanitize(link.hf, 100)}: "
            f"{link.confidence:.2f} by {sanitize(link.method, 50)} ({state})"
        )
        lines += [f"    - {sanitize(e, 300)}" for e in link.evidence]
    return "\n".join(lines)


def _reading(view: ProfileView) -> str:
    s = view.signals
    if s is None:
        return NOT_INDEXED
    track_scores = _values(s.track_scores)
    lines = [
        f"Track: {sanitize(s.track) or 'none'}" + (f"  ({track_scores})" if track_scores else ""),
        *_reasons(s.track_reasons),
        f"Seniority: {sanitize(s.seniority)} (confidence {s.seniority_confidence:.2f})",
        *_reasons(s.seniority_reasons),
        f"Production: {s.production:.2f}",
        *_reasons(s.production_reasons),
    ]
    if s.anti_signals:
        lines.append("Anti-signals")
        for name, value in _by_value(s.anti_signals):
            why = s.anti_signal_reasons.get(name)
            lines.append(
                f"  - {sanitize(name, 50)} {value:.2f}" + (f": {sanitize(why, 300)}" if why else "")
            )
    else:
        lines.append("Anti-signals: none")
    lines.append(f"Category scores: {_values(s.scores) or 'none'}")
    dates = [
        f"last active {s.last_active:%Y-%m-%d}" if s.last_active else "",
        f"AI work since {s.ai_start:%Y-%m}" if s.ai_start else "",
        f"scored {s.computed_at:%Y-%m-%d}",
    ]
    lines.append("  " + ", ".join(d for d in dates if d))
    return "\n".join(lines)


def _reasons(reasons: Iterable[str]) -> list[str]:
    return [f"  - {sanitize(r, 400)}" for r in reasons]


def _values(values: Mapping[str, float]) -> str:
    return ", ".join(f"{sanitize(k, 50)} {v:.2f}" for k, v in _by_value(values))


def _by_value(values: Mapping[str, float]) -> list[tuple[str, float]]:
    return sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))


def _evidence_text(view: ProfileView) -> str:
    if not view.evidence:
        return "Evidence: none" if view.indexed else ""
    total = sum(len(c.items) for c in view.evidence)
    lines = [f"Evidence ({total} items)"]
    for group in view.evidence:
        lines.append(f"  {sanitize(group.category, 50)} (score {group.score:.2f})")
        for item in group.items:
            when = f" [{item.occurred_at:%Y-%m}]" if item.occurred_at else ""
            lines.append(f"    - {sanitize(item.kind, 30)}{when}: {sanitize(item.text, 400)}")
            if item.url:
                lines.append(f"      {sanitize(item.url, 400)}")
    return "\n".join(lines)


def _status_text(view: ProfileView) -> str:
    if not view.statuses:
        return "Status: none"
    lines = [f"Status: {sanitize(view.statuses[-1].status, 30)}"]
    for s in view.statuses:
        note = f"  {sanitize(s.note, 200)}" if s.note else ""
        lines.append(f"  {s.at:%Y-%m-%d %H:%M}  {sanitize(s.status, 30):<14}{note}")
    return "\n".join(lines)


def profile_json(view: ProfileView) -> str:
    return json.dumps(json_safe(profile_dict(view)), indent=2, ensure_ascii=False)


# Status ----------------------------------------------------------------------------------
def status_json(change: StatusChange) -> str:
    data = {
        "person_id": change.person_id,
        "handles": change.handles,
        "display_name": change.display_name,
        "current": change.current,
        "history": [
            {"status": h.status, "note": h.note, "at": h.at.isoformat()} for h in change.history
        ],
    }
    return json.dumps(json_safe(data), indent=2, ensure_ascii=False)


def status_text(change: StatusChange) -> str:
    who = sanitize(change.handles, 120)
    if not change.history:
        return f"{who}: no status yet (e.g. talent status {who.split(' ')[0]} contacted)"
    current = sanitize(change.history[-1].status, 30)
    hidden = "hidden from searches" if current in HIDDEN_STATUSES else "shown in searches"
    lines = [f"{who}: {current} ({hidden})" if change.changed else f"{who}: status history"]
    if change.changed and len(change.history) == 1:
        return lines[0]
    for row in change.history:
        note = f"  {sanitize(row.note, 200)}" if row.note else ""
        lines.append(f"  {row.at:%Y-%m-%d %H:%M}  {sanitize(row.status, 30):<14}{note}")
    if not change.changed:
        lines.append(f"current: {current} ({hidden})")
    return "\n".join(lines)
