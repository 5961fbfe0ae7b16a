#!/usr/bin/env python3
"""Scores article bodies with the article-extraction benchmark's own metric (its evaluate.py,
imported, not rewritten), on one part of the pages, beside the other extractors' outputs.

    score_bodies.py BENCH_DIR SPLIT NAME=PREDICTIONS.json ...

SPLIT: dev (ids starting 0-7; dev-a 0-3, dev-b 4-7), test (8-f) or all. Called by `cargo run --example eval_import`.
"""
import json
import sys
from pathlib import Path

bench = Path(sys.argv[1])
split = sys.argv[2]
sys.path.insert(0, str(bench))
import evaluate  # noqa: E402  (the benchmark's module)


def in_split(key):
    if split in ("dev-a", "dev-b"):
        return key[0] in ("0123" if split == "dev-a" else "4567")
    dev = key[0] in "01234567"
    return split == "all" or (split == "dev") == dev


truth_all = json.loads((bench / "ground-truth.json").read_text(encoding="utf8"))
truth = {k: v for k, v in truth_all.items() if in_split(k)}
entries = [arg.split("=", 1) for arg in sys.argv[3:]]
for path in sorted((bench / "output").glob("*.json")):
    prediction, _ = evaluate.load_prediction(path)
    entries.append((path.stem, str(path)))
print(f"  {'extractor':<24} {'F1':>6} {'precision':>10} {'recall':>7} {'exact':>6}")
for name, path in entries:
    data = json.loads(Path(path).read_text(encoding="utf8"))
    prediction = data["output"] if isinstance(data, dict) and set(data) == {"version", "output"} else data
    prediction = {k: prediction.get(k, {"articleBody": ""}) for k in truth}
    m = evaluate.evaluate(truth, prediction, 0)
    print(f"  {name:<24} {m['f1']:6.3f} {m['precision']:10.3f} {m['recall']:7.3f} {m['accuracy']:6.3f}")
