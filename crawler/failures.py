"""The two ways a crawl or a look-up cannot succeed, worded once for the spiders and the
official clients alike: the service rejects our token, or nothing answers at its URL."""

from __future__ import annotations

from talent.errors import UpstreamError

SERVICES = {"github": "GitHub", "hf": "Hugging Face"}
TOKEN_VARIABLES = {"github": "GITHUB_TOKEN", "hf": "HF_TOKEN"}


def token_rejected(api: str, token_set: bool, where: str) -> UpstreamError:
    """A 401 from ``api`` ("github" or "hf"); ``where`` says which request, never the token."""
    service, variable = SERVICES[api], TOKEN_VARIABLES[api]
    if not token_set:
        return UpstreamError(
            f"{service} requires a token ({where})",
            f"export {variable}=<your token> and run again",
        )
    return UpstreamError(
        f"{service} rejected the token in {variable} ({where})",
        f"set {variable} to a valid token (`talent doctor` checks it), or unset it to use "
        f"{service} anonymously",
    )


def unreachable(service: str, base: str, detail: str, *, more: str = "") -> UpstreamError:
    """Connection failures only (no answer at all) from ``base``; ``more`` adds to the hint."""
    return UpstreamError(
        f"cannot reach {service} at {base}: {detail}",
        "start the upstream, or point --upstream / TALENT_UPSTREAM (TALENT_GITHUB_API_URL, "
        f"TALENT_HF_ENDPOINT) at one that runs; `talent doctor` checks the endpoints{more}",
    )
