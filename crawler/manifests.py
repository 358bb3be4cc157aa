"""Dependency manifests: the packages a repository's ``pyproject.toml``, requirements file,
``Pipfile`` or ``package.json`` declares, and the GitHub contents payload that carries them.

The GitHub spider and the targeted PyGithub client both read manifests through here, so
that a repository profiled either way stores the same dependencies. Names come out
normalised as the taxonomy looks them up (PEP 503 for PyPI, lower case for npm).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import tomllib
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from talent.taxonomy import normalise_npm_name, normalise_pypi_name

_REQUIREMENTS = re.compile(r"requirements[\w.-]*\.(?:txt|in)")
_NPM_SECTIONS = ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies")
_URL_OR_PATH = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|git\+|[./~\\]|[a-z]:[\\/])", re.IGNORECASE)


def parse_dependency_file(path_name: str, content: str) -> list[tuple[str, str]]:
    """(ecosystem, normalised name) for each dependency a manifest declares, in file order.

    Knows ``pyproject.toml`` (PEP 621, PEP 735 groups, Poetry), ``requirements*.txt|.in``,
    ``Pipfile`` and ``package.json``. Unknown or unparseable files give ``[]``; never raises.
    """
    parts = PurePosixPath(path_name.replace("\\", "/")).parts
    name = parts[-1].lower() if parts else ""
    folder = parts[-2].lower() if len(parts) > 1 else ""
    if name == "pyproject.toml":
        found = [("pypi", n) for n in _pyproject_names(content)]
    elif name == "pipfile":
        found = [("pypi", n) for n in _pipfile_names(content)]
    elif name == "package.json":
        found = [("npm", n) for n in _package_json_names(content)]
    elif _REQUIREMENTS.fullmatch(name) or (folder == "requirements" and name.endswith(".txt")):
        found = [("pypi", n) for n in _requirements_names(content)]
    else:
        return []
    return list(dict.fromkeys(pair for pair in found if pair[1]))


def _toml_or_empty(content: str) -> dict[str, Any]:
    try:
        return tomllib.loads(content)
    except (tomllib.TOMLDecodeError, TypeError, ValueError):
        return {}


def _table(data: Any, *keys: str) -> dict[str, Any]:
    """``data[k1][k2]…`` when every step is a table, else {}."""
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data if isinstance(data, dict) else {}


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _requirement_name(line: str) -> str:
    """The PEP 503 name of one requirement line; "" for options, URLs and local paths."""
    text = line.strip()
    if not text or text.startswith(("-", "#")) or _URL_OR_PATH.match(text):
        return ""
    return normalise_pypi_name(text)


def _pyproject_names(content: str) -> Iterator[str]:
    data = _toml_or_empty(content)
    project = _table(data, "project")
    yield from map(_requirement_name, _strings(project.get("dependencies")))
    for group in _table(project, "optional-dependencies").values():
        yield from map(_requirement_name, _strings(group))
    for group in _table(data, "dependency-groups").values():
        yield from map(_requirement_name, _strings(group))
    poetry = _table(data, "tool", "poetry")
    tables = [_table(poetry, "dependencies"), _table(poetry, "dev-dependencies")]
    tables += [_table(g, "dependencies") for g in _table(poetry, "group").values()]
    for table in tables:
        yield from (normalise_pypi_name(k) for k in table if k.lower() != "python")


def _pipfile_names(content: str) -> Iterator[str]:
    data = _toml_or_empty(content)
    for section in ("packages", "dev-packages"):
        yield from (normalise_pypi_name(k) for k in _table(data, section))


def _requirements_names(content: str) -> Iterator[str]:
    for line in content.replace("\\\n", " ").splitlines():
        yield _requirement_name(re.split(r"\s#", line, maxsplit=1)[0])


def _package_json_names(content: str) -> Iterator[str]:
    try:
        data = json.loads(content)
    except (ValueError, TypeError, RecursionError):
        return
    for section in _NPM_SECTIONS:
        yield from (normalise_npm_name(k) for k in _table(data, section))


def decode_content(data: dict[str, Any]) -> str | None:
    """The text of a GitHub contents payload; None unless it carries base64 content (a file
    over the API's size limit comes without it)."""
    content = data.get("content")
    if not isinstance(content, str) or data.get("encoding") != "base64":
        return None
    try:
        return base64.b64decode(content).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        return None
