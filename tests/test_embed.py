"""Embeddings: the packaged model offline, the ONNX export and the torch-free query encoder.

sentence-transformers takes seconds to load here, so one encoder and one export serve the
whole module.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from talent.errors import ConfigError, IndexError_
from talent.indexer.encode import DocumentEncoder
from talent.indexer.model import model_fingerprint, resolve_model
from talent.indexer.onnx_export import export_onnx
from talent.indexer.query import META_FILE, OPTIMIZED_FILE, QueryEncoder

MODEL = "packaged:all-MiniLM-L6-v2"
REPO = Path(__file__).resolve().parent.parent
TEXTS = [
    "",
    "   ",
    "rag",
    "Production RAG engineer: hybrid search, reranking, ragas evaluation, pgvector.",
    "Мінск, Беларусь — інжынер па пошуку і ацэнцы LLM-сістэм",
    "北京的检索增强生成工程师，负责评估",
    "🤖🚀🔥 agents that ship 🎉",
    "evaluation " * 400,  # far beyond 256 word pieces: truncated the same way on both paths
    "A long profile. "
    + " ".join(f"worked on project-{i} with llama_index and vllm" for i in range(80)),
]


@pytest.fixture(scope="module")
def encoder() -> DocumentEncoder:
    return DocumentEncoder(MODEL)


@pytest.fixture(scope="module")
def export_dir(encoder: DocumentEncoder, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_onnx(MODEL, tmp_path_factory.mktemp("models") / "query", encoder=encoder)


@pytest.fixture(scope="module")
def query_encoder(export_dir: Path) -> QueryEncoder:
    return QueryEncoder(export_dir)


@pytest.fixture
def fake_model(tmp_path: Path) -> Iterator[Path]:
    model = tmp_path / "my-model"
    model.mkdir()
    (model / "config.json").write_text('{"hidden_size": 8}')
    (model / "model.safetensors").write_bytes(bytes(range(256)) * 2048)
    yield model


# Locating the model --------------------------------------------------------------------------
def test_packaged_model_resolves_offline() -> None:
    path = resolve_model(MODEL)
    assert (path / "config.json").is_file() and (path / "model.safetensors").is_file()
    assert os.environ.get("HF_HUB_OFFLINE") == "1"


def test_local_model_directory_resolves(fake_model: Path) -> None:
    assert resolve_model(str(fake_model)) == fake_model.resolve()


@pytest.mark.parametrize(
    "spec",
    ["sentence-transformers/all-MiniLM-L6-v2", "all-MiniLM-L6-v2", "BAAI/bge-small-en-v1.5"],
)
def test_hub_names_are_refused(spec: str) -> None:
    with pytest.raises(ConfigError, match="never downloads") as caught:
        resolve_model(spec)
    assert "packaged:all-MiniLM-L6-v2" in (caught.value.hint or "")


def test_unknown_packaged_model_and_non_model_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no packaged model"):
        resolve_model("packaged:gpt-17")
    with pytest.raises(ConfigError):
        resolve_model(str(tmp_path))  # a folder without config.json


def test_fingerprint_is_stable_and_sees_changed_weights(fake_model: Path) -> None:
    first = model_fingerprint(fake_model)
    assert first == model_fingerprint(fake_model) and first.startswith("my-model-")
    weights = fake_model / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, same header: a "fine-tuned" copy
    weights.write_bytes(bytes(data))
    second = model_fingerprint(fake_model)
    assert second != first
    (fake_model / "config.json").write_text('{"hidden_size": 16}')
    assert model_fingerprint(fake_model) not in (first, second)


def test_packaged_fingerprint_matches_encoder(encoder: DocumentEncoder) -> None:
    assert encoder.fingerprint == model_fingerprint(resolve_model(MODEL))


# Encoding ---------------------------------------------------------------------------------------
def test_document_vectors_are_384d_normalised_float32(encoder: DocumentEncoder) -> None:
    vectors = encoder.encode(TEXTS)
    assert encoder.dim == 384 and vectors.shape == (len(TEXTS), 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert encoder.encode([]).shape == (0, 384)


def test_vectors_carry_meaning(encoder: DocumentEncoder) -> None:
    query, rag, cooking = encoder.encode(
        ["evaluating retrieval systems", "built an evaluation suite for search retrieval", "pasta"]
    )
    assert float(query @ rag) > float(query @ cooking) + 0.2


def test_query_encoder_equals_document_encoder(
    encoder: DocumentEncoder, query_encoder: QueryEncoder
) -> None:
    expected = encoder.encode(TEXTS)
    got = query_encoder.encode(TEXTS)
    assert got.dtype == np.float32 and got.shape == expected.shape
    np.testing.assert_allclose(got, expected, atol=1e-5)
    assert query_encoder.fingerprint == encoder.fingerprint and query_encoder.dim == 384
    # batching does not change a vector: 70 texts span three ONNX batches
    many = query_encoder.encode(TEXTS * 8)
    np.testing.assert_allclose(many[-len(TEXTS) :], expected, atol=1e-5)
    assert query_encoder.encode([]).shape == (0, 384)


def test_query_encoder_runs_the_preoptimised_graph_when_it_fits(
    export_dir: Path, encoder: DocumentEncoder, tmp_path: Path
) -> None:
    assert QueryEncoder(export_dir).model_file.name == OPTIMIZED_FILE
    # a graph optimised by another onnxruntime version is not trusted: the plain one runs
    other = tmp_path / "other-ort"
    shutil.copytree(export_dir, other)
    meta = json.loads((other / META_FILE).read_text())
    (other / META_FILE).write_text(json.dumps({**meta, "onnxruntime": "0.0.1"}))
    fallback = QueryEncoder(other)
    assert fallback.model_file.name == "model.onnx"
    np.testing.assert_allclose(fallback.encode(TEXTS), encoder.encode(TEXTS), atol=1e-5)
    # and a damaged optimised file falls back too
    (other / META_FILE).write_text(json.dumps(meta))
    (other / OPTIMIZED_FILE).write_bytes(b"not a graph")
    assert QueryEncoder(other).model_file.name == "model.onnx"


def test_export_writes_meta_and_is_idempotent(export_dir: Path, encoder: DocumentEncoder) -> None:
    meta = json.loads((export_dir / META_FILE).read_text())
    assert meta["fingerprint"] == encoder.fingerprint
    assert meta["dim"] == 384 and meta["max_seq_length"] == 256 and meta["pooling"] == "mean"
    onnx_file = export_dir / "model.onnx"
    stamp = onnx_file.stat().st_mtime_ns
    assert export_onnx(MODEL, export_dir) == export_dir  # up to date: no model load, no write
    assert onnx_file.stat().st_mtime_ns == stamp
    assert not list(export_dir.parent.glob(".query.*"))  # no temp folders left behind


def test_export_is_redone_for_another_model(encoder: DocumentEncoder, tmp_path: Path) -> None:
    out = tmp_path / "query"
    out.mkdir()
    (out / "model.onnx").write_bytes(b"stale")
    (out / META_FILE).write_text(
        json.dumps({"format": "talent-onnx/1", "fingerprint": "old-model-0000"})
    )
    export_onnx(MODEL, out, encoder=encoder)
    assert json.loads((out / META_FILE).read_text())["fingerprint"] == encoder.fingerprint
    assert (out / "model.onnx").stat().st_size > 1_000_000


def test_query_encoder_imports_neither_torch_nor_sentence_transformers(
    export_dir: Path, encoder: DocumentEncoder
) -> None:
    code = textwrap.dedent(
        """
        import json, sys
        from talent.indexer.query import QueryEncoder
        vectors = QueryEncoder(sys.argv[1]).encode(json.loads(sys.argv[2]))
        heavy = sorted(m for m in ("torch", "sentence_transformers", "transformers")
                       if m in sys.modules)
        print(json.dumps({"heavy": heavy, "vectors": vectors.tolist()}))
        """
    )
    texts = ["pgvector hybrid search", "Мінск", ""]
    result = subprocess.run(
        [sys.executable, "-c", code, str(export_dir), json.dumps(texts)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=120,
        check=True,
    )
    report = json.loads(result.stdout)
    assert report["heavy"] == []
    np.testing.assert_allclose(np.array(report["vectors"]), encoder.encode(texts), atol=1e-5)


def test_missing_export_says_to_run_index(tmp_path: Path) -> None:
    with pytest.raises(IndexError_, match="no query encoder") as caught:
        QueryEncoder(tmp_path / "nothing-here")
    assert "talent index" in (caught.value.hint or "")


def test_cuda_without_cuda_is_a_config_error() -> None:
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    with pytest.raises(ConfigError, match="CUDA is not available"):
        DocumentEncoder(MODEL, device="cuda")
