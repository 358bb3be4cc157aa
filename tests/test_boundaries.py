"""Which stage may import which: the folders tell the story only while these hold."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# search reads the index through two public modules and nothing else of the indexer
SEARCH_MAY_USE = {"talent.indexer.vectors", "talent.indexer.query"}
FORBIDDEN = {
    "upstream": ("talent.crawler", "talent.indexer", "talent.search"),
    "crawler": ("talent.indexer", "talent.search"),
    "indexer": ("talent.crawler", "talent.search"),
}


def imported_modules(folder: str) -> set[str]:
    found: set[str] = set()
    for file in (REPO / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
    return found


def test_search_uses_only_the_public_index_and_query_modules() -> None:
    used = {m for m in imported_modules("search") if m.startswith("talent.indexer")}
    assert used <= SEARCH_MAY_USE, sorted(used - SEARCH_MAY_USE)


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_stage_does_not_reach_into_later_ones(folder: str) -> None:
    bad = sorted(m for m in imported_modules(folder) if m.startswith(FORBIDDEN[folder]))
    assert bad == []


def test_query_module_is_light() -> None:
    code = (
        "import json, sys; import talent.indexer.query, talent.search.engine; "
        "print(json.dumps(sorted(m for m in ('torch', 'sentence_transformers', 'transformers',"
        " 'talent.indexer.encode', 'talent.indexer.onnx_export') if m in sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(result.stdout) == []
