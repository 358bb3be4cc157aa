"""The search path stays light: encoding a query never loads torch or the document encoder.

(Which package may import which is checked by import-linter in tests/test_packaging.py.)
"""

from __future__ import annotations

import json
import subprocess
import sys


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
