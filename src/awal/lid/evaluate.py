"""Evaluation of a detector on a labelled split: the numbers in the manifest and docs.

Scores are computed on the model's answer *without* abstention (threshold 0: the top
label, or ``und`` / no answer from the rules), which is what precision/recall/F1 mean
for a classifier; abstention at the shipped threshold is reported separately (how often
it abstains, and how accurate the answers it does give are).
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from awal.languages import Group, Label, Script
from awal.lid.codeswitch import read_gold, score_segments, synthesize
from awal.lid.data import Row
from awal.lid.detector import Detector

__all__ = ["MIN_SUPPORT", "evaluate", "length_bucket", "short_windows", "write_report"]

#: labels with at least this many lines enter the macro F1 (the issue's definition)
MIN_SUPPORT = 100
_BUCKETS = ("1 word", "2-3 words", "4-10 words", "11+ words")
_ARABIC_CLUSTER = tuple(lab for lab in Label if lab.script is Script.Arab and lab.group in (Group.DARIJA, Group.ARABIC))


def length_bucket(text: str) -> str:
    """Length bucket of a text by whitespace-separated words."""
    n = len(text.split())
    return _BUCKETS[0] if n <= 1 else _BUCKETS[1] if n <= 3 else _BUCKETS[2] if n <= 10 else _BUCKETS[3]


def short_windows(rows: Sequence[Row], seed: int = 0, per_label: int = 300) -> list[Row]:
    """1-3-word windows cut from ``rows`` (at most ``per_label`` per label): the short-input test set."""
    rng = random.Random(seed)
    by_label: dict[Label, list[Row]] = defaultdict(list)
    for r in rows:
        by_label[r.label].append(r)
    out: list[Row] = []
    for label in sorted(by_label):
        pool = by_label[label]
        for _ in range(min(per_label, len(pool))):
            r = rng.choice(pool)
            words = r.text.split()
            n = rng.randint(1, 3)
            s = rng.randrange(max(1, len(words) - n + 1))
            out.append(Row(label, r.source, " ".join(words[s : s + n])))
    return out


def _prf(gold: Sequence[Label], pred: Sequence[Label | None]) -> dict[str, dict[str, float]]:
    tp: Counter[Label] = Counter()
    fp: Counter[Label] = Counter()
    fn: Counter[Label] = Counter()
    support: Counter[Label] = Counter(gold)
    for g, p in zip(gold, pred, strict=True):
        if g == p:
            tp[g] += 1
        else:
            fn[g] += 1
            if p is not None:
                fp[p] += 1
    out: dict[str, dict[str, float]] = {}
    for lab in sorted(set(support) | set(fp)):
        p = tp[lab] / (tp[lab] + fp[lab]) if tp[lab] + fp[lab] else 0.0
        r = tp[lab] / support[lab] if support[lab] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[lab.value] = {"precision": p, "recall": r, "f1": f, "support": support[lab], "predicted": tp[lab] + fp[lab]}
    return out


def _macro(per_label: dict[str, dict[str, float]], min_support: int) -> float:
    vals = [v["f1"] for v in per_label.values() if v["support"] >= min_support]
    return sum(vals) / len(vals) if vals else 0.0


def _block(gold: Sequence[Label], pred: Sequence[Label | None], min_support: int) -> dict[str, Any]:
    per = _prf(gold, pred)
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold) if gold else 0.0
    return {"lines": len(gold), "accuracy": acc, "macro_f1": _macro(per, min_support), "per_label": per}


def evaluate(
    detector: Detector,
    rows: Sequence[Row],
    *,
    min_support: int = MIN_SUPPORT,
    short: Sequence[Row] | None = None,
    codeswitch: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Metrics of ``detector`` on ``rows`` (see module doc); JSON-serialisable."""
    texts = [r.text for r in rows]
    gold = [r.label for r in rows]
    t0 = time.perf_counter()
    decisions = detector.decide_batch(texts, threshold=0.0, k=1)
    elapsed = time.perf_counter() - t0
    pred = [d.label for d in decisions]
    report: dict[str, Any] = {"model": detector.name, **_block(gold, pred, min_support)}
    report["min_support"] = min_support
    report["seconds"] = round(elapsed, 3)
    # group-level accuracy (Darija / other Arabic / Amazigh / European)
    grp = sum(p is not None and g.group is p.group for g, p in zip(gold, pred, strict=True))
    report["group_accuracy"] = grp / len(gold) if gold else 0.0
    # by length
    buckets: dict[str, tuple[list[Label], list[Label | None]]] = {b: ([], []) for b in _BUCKETS}
    for t, g, p in zip(texts, gold, pred, strict=True):
        gb, pb = buckets[length_bucket(t)]
        gb.append(g)
        pb.append(p)
    report["by_length"] = {
        b: {"lines": len(g), "accuracy": (sum(x == y for x, y in zip(g, p, strict=True)) / len(g)) if g else None}
        for b, (g, p) in buckets.items()
    }
    short_g = [g for t, g in zip(texts, gold, strict=True) if len(t.split()) <= 3]
    short_p = [p for t, p in zip(texts, pred, strict=True) if len(t.split()) <= 3]
    report["natural_1_3_words"] = {
        "lines": len(short_g),
        "accuracy": sum(x == y for x, y in zip(short_g, short_p, strict=True)) / len(short_g) if short_g else None,
    }
    # Arabic-script cluster confusion (rows: gold, columns: predicted)
    cluster = [lab.value for lab in _ARABIC_CLUSTER if lab in set(gold) or lab in set(pred)]
    conf: dict[str, dict[str, int]] = {g: dict.fromkeys([*cluster, "other"], 0) for g in cluster}
    for g, p in zip(gold, pred, strict=True):
        if g.value in conf:
            key = p.value if p is not None and p.value in conf[g.value] else "other"
            conf[g.value][key] += 1
    report["arabic_confusion"] = conf
    # abstention at the shipped thresholds
    shipped = detector.detect_batch(texts)
    answered = [(g, p.label) for g, p in zip(gold, shipped, strict=True) if p is not None]
    report["at_threshold"] = {
        "abstained": 1 - len(answered) / len(gold) if gold else 0.0,
        "answered_accuracy": sum(g == p for g, p in answered) / len(answered) if answered else 0.0,
    }
    # labels the model cannot answer (e.g. shi_Latn): what they come out as
    unseen = sorted({g for g in gold if g not in detector.model_labels})
    report["unseen_labels"] = {
        g.value: dict(Counter((p.value if p else "none") for gg, p in zip(gold, pred, strict=True) if gg == g))
        for g in unseen
    }
    if short:
        s_dec = detector.decide_batch([r.text for r in short], threshold=0.0, k=1)
        report["short_windows_1_3_words"] = _block([r.label for r in short], [d.label for d in s_dec], 1)
    if codeswitch:
        report["codeswitch"] = codeswitch
    return report


def codeswitch_scores(
    detector: Detector, rows: Sequence[Row], gold_path: str | Path | None, n: int = 1000, seed: int = 0
) -> dict[str, Any]:
    """Segmentation scores on synthetic code-switching built from ``rows`` and on a gold file."""
    by_label: dict[Label, list[str]] = defaultdict(list)
    for r in rows:
        by_label[r.label].append(r.text)
    out: dict[str, Any] = {}
    if by_label.get(Label.ary_Latn) or by_label.get(Label.ary_Arab):
        out["synthetic"] = score_segments(synthesize(by_label, n, seed=seed), detector.segment)
    if gold_path is not None and Path(gold_path).is_file():
        out["gold"] = score_segments(read_gold(gold_path), detector.segment)
    return out


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.2f}"


def write_report(report: dict[str, Any], path: str | Path) -> tuple[Path, Path]:
    """Write ``path`` as markdown and ``path`` with ``.json`` as JSON; returns both paths."""
    path = Path(path)
    md_path = path if path.suffix == ".md" else path.with_suffix(".md")
    json_path = md_path.with_suffix(".json")
    json_path.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    lines = [
        f"# Language ID evaluation: model `{report['model']}`, split `{report.get('split', '?')}`",
        "",
        f"- lines: {report['lines']}",
        f"- accuracy: {_pct(report['accuracy'])}%",
        f"- macro F1 (labels with >= {report['min_support']} lines): {_pct(report['macro_f1'])}",
        f"- group accuracy (Darija / Arabic / Amazigh / European): {_pct(report['group_accuracy'])}%",
        f"- at the shipped threshold: abstains on {_pct(report['at_threshold']['abstained'])}% of lines, "
        f"answers are {_pct(report['at_threshold']['answered_accuracy'])}% correct",
        "",
        "## Per label",
        "",
        "| label | precision | recall | F1 | support |",
        "|---|---:|---:|---:|---:|",
    ]
    for lab, v in report["per_label"].items():
        lines.append(f"| `{lab}` | {_pct(v['precision'])} | {_pct(v['recall'])} | {_pct(v['f1'])} | {v['support']} |")
    lines += ["", "## Accuracy by input length", "", "| words | lines | accuracy |", "|---|---:|---:|"]
    for b, v in report["by_length"].items():
        lines.append(f"| {b} | {v['lines']} | {_pct(v['accuracy'])} |")
    if "short_windows_1_3_words" in report:
        s = report["short_windows_1_3_words"]
        lines += [
            "",
            f"1-3-word windows cut from the split ({s['lines']} windows): accuracy {_pct(s['accuracy'])}%, "
            f"macro F1 {_pct(s['macro_f1'])}.",
        ]
    conf = report["arabic_confusion"]
    if conf:
        cols = list(next(iter(conf.values())))
        lines += ["", "## Arabic-script cluster confusion (rows: gold, columns: predicted)", ""]
        lines.append("| gold \\ predicted | " + " | ".join(f"`{c}`" for c in cols) + " |")
        lines.append("|---|" + "---:|" * len(cols))
        for g, row in conf.items():
            lines.append(f"| `{g}` | " + " | ".join(str(row[c]) for c in cols) + " |")
    if report.get("unseen_labels"):
        lines += ["", "## Labels the model cannot answer", ""]
        for g, c in report["unseen_labels"].items():
            lines.append(
                f"- `{g}` came out as: " + ", ".join(f"`{k}` {v}" for k, v in sorted(c.items(), key=lambda x: -x[1]))
            )
    if report.get("codeswitch"):
        lines += [
            "",
            "## Code-switching (segment)",
            "",
            "| set | sentences | words | word accuracy | span F1 |",
            "|---|---:|---:|---:|---:|",
        ]
        for name, v in report["codeswitch"].items():
            lines.append(
                f"| {name} | {v['sentences']} | {v['words']} | {_pct(v['word_accuracy'])} | {_pct(v['span_f1'])} |"
            )
    md_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return md_path, json_path
