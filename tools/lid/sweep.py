"""Hyper-parameter sweep for the language-ID model, scored on the *tuning slice* of train (never dev).

    python tools/lid/sweep.py --data ../shared/data --out /tmp/lid-sweep

Builds the training set once (as ``awal lid train`` does), then trains one fastText model
per configuration and reports macro F1 / accuracy on the tuning slice, model size and
single-core predictions per CPU-second. Needs the full fastText bindings (see docs/lid.md).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from collections import Counter
from pathlib import Path

import fasttext  # type: ignore[import-untyped]

from awal.lid._text import has_letter, prepare_batch
from awal.lid.data import read_lid, split_path
from awal.lid.training import TrainConfig, _is_tune, build_training_set

CONFIGS = [
    {"dim": 16, "minn": 2, "maxn": 4, "wordNgrams": 1, "epoch": 15, "lr": 0.5, "bucket": 400_000, "minCount": 2},
    {"dim": 16, "minn": 2, "maxn": 4, "wordNgrams": 2, "epoch": 15, "lr": 0.5, "bucket": 400_000, "minCount": 2},
    {"dim": 32, "minn": 2, "maxn": 5, "wordNgrams": 2, "epoch": 15, "lr": 0.5, "bucket": 1_000_000, "minCount": 1},
    {"dim": 16, "minn": 1, "maxn": 4, "wordNgrams": 2, "epoch": 25, "lr": 0.5, "bucket": 400_000, "minCount": 2},
]


def macro(gold: list[str], pred: list[str]) -> tuple[float, float]:
    tp, fp, fn = Counter(), Counter(), Counter()
    for g, p in zip(gold, pred, strict=True):
        if g == p:
            tp[g] += 1
        else:
            fp[p] += 1
            fn[g] += 1
    f1s = []
    for lab in set(gold):
        p = tp[lab] / (tp[lab] + fp[lab]) if tp[lab] + fp[lab] else 0.0
        r = tp[lab] / (tp[lab] + fn[lab])
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    return sum(f1s) / len(f1s), sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--out", default="/tmp/lid-sweep")
    ap.add_argument("--configs", help="JSON list of fastText parameter dicts (default: CONFIGS)")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rows = list(read_lid(split_path(args.data, "train")))
    fit = [r for r in rows if not _is_tune(r.text, 20)]
    tune = [r for r in rows if _is_tune(r.text, 20)]
    examples, _ = build_training_set(fit, TrainConfig())
    prepared = prepare_batch([t for _, t in examples])
    path = out / "train.txt"
    with path.open("w", encoding="utf-8") as fh:
        for (lab, _), p in zip(examples, prepared, strict=True):
            if has_letter(p):
                fh.write(f"__label__{lab.value} {p.strip()}\n")
    tune_p = [p.strip() + "\n" for p in prepare_batch([r.text for r in tune])]
    gold = [r.label.value for r in tune]
    short_idx = [i for i, r in enumerate(tune) if len(r.text.split()) <= 3]
    rng = random.Random(0)
    speed_set = [p for p in tune_p if 20 <= len(p) <= 61]
    speed_set = [rng.choice(speed_set) for _ in range(30_000)]
    for cfg in json.loads(args.configs) if args.configs else CONFIGS:
        t0 = time.time()
        m = fasttext.train_supervised(str(path), verbose=0, thread=2, seed=1, loss="softmax", **cfg)
        train_s = time.time() - t0
        f = m.f
        pred = [f.predict(x, 1, 0.0, "strict")[0][1][9:] for x in tune_p]
        mf, acc = macro(gold, pred)
        _smf, sacc = macro([gold[i] for i in short_idx], [pred[i] for i in short_idx])
        t = time.process_time()
        for x in speed_set:
            f.predict(x, 1, 0.0, "strict")
        sps = len(speed_set) / (time.process_time() - t)
        m.save_model(str(out / "m.bin"))
        size = os.path.getsize(out / "m.bin") / 1e6
        print(
            json.dumps(
                {
                    **cfg,
                    "tune_macro_f1": round(mf, 4),
                    "tune_acc": round(acc, 4),
                    "short_acc": round(sacc, 4),
                    "per_cpu_s": round(sps),
                    "size_mb": round(size, 1),
                    "train_s": round(train_s),
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
