"""Run the peer tools over a file of sentences; executed by the peer venv's Python.

    benchmarks/.venv-pii/bin/python benchmarks/pii/peer_runner.py TEXTS.jsonl OUT.json [--cpu N]

presidio-mena: its five PatternRecognizers are called directly (``analyze(text, entities)``),
offline, without an NLP engine (so without spaCy and without Presidio's context
enhancer, which needs spaCy lemmas); every result with a score > 0 is kept and overlaps
are resolved like awal resolves its own (higher score, then longer span).
glpi-anonymizer: ``Anonymizer().detect(text)`` with its default detectors.
Timing: best of ``--repeat`` passes over all sentences, on one pinned core.
"""

from __future__ import annotations

import argparse
import json
import os
import time


def _resolve(cands: list[tuple[str, int, int, float]]) -> list[tuple[str, int, int]]:
    cands.sort(key=lambda c: (-c[3], -(c[2] - c[1]), c[1]))
    kept: list[tuple[str, int, int, float]] = []
    for c in cands:
        if all(c[2] <= k[1] or c[1] >= k[2] for k in kept):
            kept.append(c)
    return sorted((c[0], c[1], c[2]) for c in kept)


def presidio_mena_tool():
    from presidio_mena import MENA_ENTITIES, mena_recognizers

    recs = mena_recognizers("en")

    def run(text: str) -> list[tuple[str, int, int]]:
        cands = []
        for rec in recs:
            for res in rec.analyze(text, list(MENA_ENTITIES)):
                cands.append((res.entity_type, res.start, res.end, res.score))
        return _resolve(cands)

    return run


def glpi_tool():
    from glpi_anonymizer import Anonymizer

    anon = Anonymizer()

    def run(text: str) -> list[tuple[str, int, int]]:
        return [(m.label.value, m.start, m.end) for m in anon.detect(text)]

    return run


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("texts")
    ap.add_argument("out")
    ap.add_argument("--cpu", type=int, default=None)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if args.cpu is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu})
    with open(args.texts, encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh]
    result = {}
    import importlib.metadata as md

    for name, factory, dist in (
        ("presidio-mena", presidio_mena_tool, "presidio-mena"),
        ("glpi-anonymizer", glpi_tool, "glpi-anonymizer"),
    ):
        run = factory()
        preds = [run(t) for t in texts]
        times, cpu = [], []
        for _ in range(args.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            for t in texts:
                run(t)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        result[name] = {"version": md.version(dist), "preds": preds, "seconds": min(times), "cpu": min(cpu)}
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(result, fh)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
