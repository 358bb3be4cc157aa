"""GPU encode bench: `talent index --device cuda`'s encoder over 100,000 person documents.

Two halves, one per machine:

    python -m bench.gpu_encode prepare --home .demo/home   # here: real documents + model
    python -m bench.gpu_encode run --out $OUT               # on the GPU machine

``prepare`` writes the demo store's real person documents (as ``talent index`` builds them)
and a copy of the packaged model in fp16 (the fp32 file is over the transfer limit; loading
upcasts it, so both sides use the same weights) under ``.gpu/``. ``run`` encodes 100,000 of
those documents (the real ones, cycled) with ``DocumentEncoder(device="cuda")`` at several
batch sizes, and on the CPU for a sample, and writes JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

GPU_DIR = Path(__file__).resolve().parent.parent / ".gpu"
DOCS = 100_000


def prepare(home: Path) -> None:
    import shutil

    import torch
    from safetensors.torch import load_file, save_file
    from sqlalchemy.orm import Session

    from talent.indexer.document import person_document
    from talent.indexer.facts import load_facts
    from talent.indexer.model import resolve_model
    from talent.indexer.scoring import load_scoring, score_person
    from talent.settings import load_settings
    from talent.store import Store
    from talent.taxonomy import load_signals, load_taxonomy

    settings = load_settings(home=home)
    store = Store.open(settings)
    taxonomy, signals, scoring = load_taxonomy(), load_signals(), load_scoring()
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    GPU_DIR.mkdir(exist_ok=True)
    with Session(store.engine) as session, (GPU_DIR / "docs.jsonl").open("w") as out:
        for facts in load_facts(session, None, settings):
            profile = score_person(facts, taxonomy, signals, now, scoring)
            doc = person_document(facts, profile, settings.index.max_doc_chars)
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    model = GPU_DIR / "model"
    if model.exists():
        shutil.rmtree(model)
    shutil.copytree(resolve_model(settings.index.model), model)
    weights = model / "model.safetensors"
    tensors = {k: v.to(torch.float16) for k, v in load_file(str(weights)).items()}
    save_file(tensors, str(weights))
    print(f"prepared {GPU_DIR}")


def run(out: Path) -> dict[str, Any]:
    import torch

    from talent.indexer.encode import DocumentEncoder

    real = [json.loads(line) for line in (GPU_DIR / "docs.jsonl").open()]
    docs = [real[i % len(real)] for i in range(DOCS)]
    result: dict[str, Any] = {
        "documents": DOCS,
        "distinct_real_documents": len(real),
        "mean_chars": round(sum(map(len, real)) / len(real)),
        "gpu": torch.cuda.get_device_name(0),
        "torch": torch.__version__,
        "cuda": {},
    }
    for batch in (256, 1024):
        started = time.perf_counter()
        encoder = DocumentEncoder(str(GPU_DIR / "model"), device="cuda", batch_size=batch)
        load = time.perf_counter() - started
        encoder.encode(docs[:2048])  # warm-up: kernels, allocator
        torch.cuda.synchronize()
        started = time.perf_counter()
        vectors = encoder.encode(docs)
        torch.cuda.synchronize()
        seconds = time.perf_counter() - started
        result["cuda"][f"batch_{batch}"] = {
            "load_s": round(load, 2),
            "encode_s": round(seconds, 2),
            "docs_per_s": round(DOCS / seconds, 1),
            "shape": list(vectors.shape),
        }
        del encoder
    cpu = DocumentEncoder(str(GPU_DIR / "model"), device="cpu", batch_size=64)
    sample = docs[:1000]
    started = time.perf_counter()
    cpu.encode(sample)
    seconds = time.perf_counter() - started
    result["cpu_on_gpu_machine"] = {
        "documents": len(sample),
        "docs_per_s": round(len(sample) / seconds, 1),
        "threads": torch.get_num_threads(),
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "gpu_encode.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("prepare").add_argument("--home", type=Path, required=True)
    sub.add_parser("run").add_argument("--out", type=Path, default=Path(os.environ.get("OUT", ".")))
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.home)
    else:
        run(args.out)


if __name__ == "__main__":
    main()
