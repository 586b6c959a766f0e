"""Throughput, load time and peak memory of awal.lid on short dev sentences (20-60 characters).

Run in a fresh process so load time and RSS are the model's own:
    python tools/lid/speed.py --data ../shared/data [--model full] [--n 200000]
The peer comparison lives in benchmarks/lid/ (one run, side by side); this is the quick self-check.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--model", default="default")
    ap.add_argument("--n", type=int, default=200_000, help="sentences per timed batch run")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0, c0 = time.perf_counter(), time.process_time()
    import awal.lid

    det = awal.lid.load(args.model)
    det.detect("salam")
    load_s = time.perf_counter() - t0
    load_cpu = time.process_time() - c0
    rows = []
    with (Path(args.data) / "lid" / "dev.tsv").open(encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            text = line.rstrip("\n").split("\t")[2]
            if 20 <= len(text) <= 60:
                rows.append(text)
    rng = random.Random(0)
    texts = [rng.choice(rows) for _ in range(args.n)]
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    best = best_cpu = 0.0
    for _ in range(args.rounds):
        t, c = time.perf_counter(), time.process_time()
        det.detect_batch(texts)
        best = max(best, len(texts) / (time.perf_counter() - t))
        best_cpu = max(best_cpu, len(texts) / (time.process_time() - c))
    single = texts[:20_000]
    t = time.perf_counter()
    for x in single:
        det.detect(x)
    per_call = len(single) / (time.perf_counter() - t)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out = {
        "model": det.name,
        "short_sentences_pool": len(rows),
        "batch_sentences_per_s": round(best),
        "batch_sentences_per_cpu_s": round(best_cpu),
        "rss_after_load_mb": round(rss_loaded / 1024, 1),
        "single_call_sentences_per_s": round(per_call),
        "load_seconds": round(load_s, 3),
        "load_cpu_seconds": round(load_cpu, 3),
        "peak_rss_mb": round(rss / 1024, 1),
        "rss_before_import_mb": round(rss0 / 1024, 1),
    }
    json.dump(out, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
