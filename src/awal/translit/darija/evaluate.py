"""Evaluate Darija transliteration on the sentence pairs of a split (``awal translit evaluate``).

Metrics (corpus level, the definitions of ``benchmarks/translit/metrics.py`` so the
numbers agree with the peer benchmark):

* words are whitespace tokens, punctuation attached;
* **word accuracy** = identical words of a minimum-edit word alignment (the alignment
  with most hits among the cheapest) / the longer of the two word sequences, summed;
* **WER** = (substitutions + deletions + insertions) / reference words;
* **CER** = character edit distance / reference characters, on whole sentences;
* **exact** = share of sentences equal to the reference.

Each is reported *raw* and *normalised*: both sides passed through
``awal.normalize.normalize(text, profile="search")`` first, which folds spelling variants
readers treat as the same word (hamza/alef forms, ta marbuta, alef maqsura, harakat and
shadda, Arabic punctuation, case and accents, elongation). Throughput is measured on the
same sentences: the first pass (caches empty) and the best warm pass (every word cached).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from awal.errors import DataError, UnknownNameError
from awal.translit.darija._text import char_distance
from awal.translit.darija.train import VARIETIES, read_pairs

__all__ = ["Scores", "char_distance", "evaluate", "render_markdown", "score_corpus", "word_alignment"]

DIRECTIONS = ("to_arabic", "to_latin")


@dataclass(frozen=True)
class Scores:
    """Corpus-level scores of one system output against references."""

    sentences: int
    ref_words: int
    word_accuracy: float
    wer: float
    cer: float
    exact: float


def word_alignment(ref: Sequence[str], hyp: Sequence[str]) -> tuple[int, int]:
    """``(hits, edits)`` of the minimum-edit word alignment with the most hits."""
    if list(ref) == list(hyp):
        return len(ref), 0
    n, m = len(ref), len(hyp)
    # cells hold (edits, -hits): lexicographic min = fewest edits, then most hits
    prev = [(j, 0) for j in range(m + 1)]
    for i in range(1, n + 1):
        cur = [(i, 0)]
        for j in range(1, m + 1):
            same = ref[i - 1] == hyp[j - 1]
            d = prev[j - 1]
            diag = (d[0], d[1] - 1) if same else (d[0] + 1, d[1])
            up = (prev[j][0] + 1, prev[j][1])
            left = (cur[j - 1][0] + 1, cur[j - 1][1])
            cur.append(min(diag, up, left))
        prev = cur
    edits, neg_hits = prev[m]
    return -neg_hits, edits


def score_corpus(hyps: Sequence[str], refs: Sequence[str], normalize: Callable[[str], str] | None = None) -> Scores:
    """Score hypotheses against references (optionally normalising both first)."""
    if len(hyps) != len(refs):
        raise ValueError("hypotheses and references differ in number")
    hits = longer = edits = ref_words = dist = ref_chars = exact = 0
    for hyp, ref in zip(hyps, refs, strict=True):
        if normalize is not None:
            hyp, ref = normalize(hyp), normalize(ref)
        hw, rw = hyp.split(), ref.split()
        h, e = word_alignment(rw, hw)
        hits += h
        edits += e
        longer += max(len(rw), len(hw))
        ref_words += len(rw)
        dist += char_distance(hyp, ref)
        ref_chars += len(ref)
        exact += hyp == ref
    n = len(refs)
    return Scores(
        sentences=n,
        ref_words=ref_words,
        word_accuracy=hits / longer if longer else 1.0,
        wer=edits / ref_words if ref_words else 0.0,
        cer=dist / ref_chars if ref_chars else 0.0,
        exact=exact / n if n else 1.0,
    )


def _normalizer() -> tuple[Callable[[str], str] | None, str]:
    try:
        from awal.normalize import normalize
    except ImportError:
        return None, "unavailable (awal.normalize is not installed)"

    def norm(text: str) -> str:
        return normalize(text, profile="search")

    return norm, 'awal.normalize.normalize(text, profile="search")'


def _throughput(fn: Callable[[str], str], inputs: Sequence[str], first_pass: float, min_seconds: float = 1.0) -> dict:
    """Sentences per second on one core: the first pass (caches empty, tables loading) and
    the best of several warm passes (every word already cached)."""
    best = float("inf")
    rounds = 0
    start = time.perf_counter()
    while rounds < 3 or (time.perf_counter() - start < min_seconds and rounds < 50):
        t0 = time.perf_counter()
        for s in inputs:
            fn(s)
        best = min(best, time.perf_counter() - t0)
        rounds += 1
    n = len(inputs)
    return {
        "sentences": n,
        "first_pass_per_second": n / first_pass if first_pass else 0.0,
        "warm_per_second": n / best if best else 0.0,
    }


def evaluate(
    data: Path,
    split: str = "dev",
    varieties: Sequence[str] = VARIETIES,
    directions: Sequence[str] = DIRECTIONS,
    speed: bool = True,
) -> dict[str, Any]:
    """Transliterate every pair of ``translit/arabizi_<split>.tsv`` and score it.

    Returns a report dict: per variety and direction, raw and normalised :class:`Scores`,
    per source, and (``speed=True``) throughput on one core.
    """
    from awal.translit import darija

    if split == "train":
        raise DataError("evaluating on the training split would report fitted numbers; use --split dev")
    for v in varieties:
        if v not in VARIETIES:
            raise UnknownNameError("variety", v, VARIETIES)
    for d in directions:
        if d not in DIRECTIONS:
            raise UnknownNameError("direction", d, DIRECTIONS)
    pairs = read_pairs(Path(data), split)
    norm, norm_name = _normalizer()
    report: dict[str, Any] = {
        "split": split,
        "data": str(data),
        "normalizer": norm_name,
        "model": darija.manifest().get("files", {}),
        "results": {},
    }
    for variety in varieties:
        rows = [p for p in pairs if p[0] == variety]
        if not rows:
            continue
        per_dir: dict[str, Any] = {}
        for direction in directions:
            if direction == "to_arabic":
                inputs, refs = [r[2] for r in rows], [r[3] for r in rows]

                def fn(s: str, _v: str = variety) -> str:
                    return darija.to_arabic(s, _v)
            else:
                inputs, refs = [r[3] for r in rows], [r[2] for r in rows]

                def fn(s: str, _v: str = variety) -> str:
                    return darija.to_latin(s, variety=_v)

            t0 = time.perf_counter()
            hyps = [fn(s) for s in inputs]
            seconds = time.perf_counter() - t0
            entry: dict[str, Any] = {
                "raw": asdict(score_corpus(hyps, refs)),
                "norm": asdict(score_corpus(hyps, refs, norm)) if norm else None,
                "first_pass_seconds": round(seconds, 2),
                "per_source": {},
            }
            for source in sorted({r[1] for r in rows}):
                idx = [i for i, r in enumerate(rows) if r[1] == source]
                sub_h, sub_r = [hyps[i] for i in idx], [refs[i] for i in idx]
                entry["per_source"][source] = {
                    "raw": asdict(score_corpus(sub_h, sub_r)),
                    "norm": asdict(score_corpus(sub_h, sub_r, norm)) if norm else None,
                }
            if speed:
                entry["speed"] = _throughput(fn, inputs, seconds)
            per_dir[direction] = entry
        report["results"][variety] = per_dir
    return report


def render_markdown(report: dict[str, Any]) -> str:
    """The report as Markdown tables (what ``--report x.md`` writes)."""
    lines = [
        f"# Darija transliteration: evaluation on the {report['split']} split",
        "",
        f"Data: `{report['data']}`. Normalised = both sides through {report['normalizer']}.",
        "Word accuracy = hits of a minimum-edit word alignment / longer word sequence; CER = character edits / "
        "reference characters; exact = sentence identical.",
        "",
        "| variety | direction | sentences | word acc | CER | exact | word acc (norm) | CER (norm) | exact (norm) | sent/s (warm) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for variety, dirs in report["results"].items():
        for direction, e in dirs.items():
            raw, nrm = e["raw"], e["norm"] or {}
            speed = e.get("speed", {}).get("warm_per_second")
            lines.append(
                f"| {variety} | {direction} | {raw['sentences']} | {raw['word_accuracy']:.3f} | {raw['cer']:.3f} | "
                f"{raw['exact']:.3f} | {nrm.get('word_accuracy', float('nan')):.3f} | {nrm.get('cer', float('nan')):.3f} | "
                f"{nrm.get('exact', float('nan')):.3f} | {f'{speed:,.0f}' if speed else '-'} |"
            )
    lines += ["", "Per source (normalised word accuracy / CER):", ""]
    lines += ["| variety | direction | source | sentences | word acc | CER |", "|---|---|---|---:|---:|---:|"]
    for variety, dirs in report["results"].items():
        for direction, e in dirs.items():
            for source, sc in e["per_source"].items():
                s = sc["norm"] or sc["raw"]
                lines.append(
                    f"| {variety} | {direction} | {source} | {s['sentences']} | {s['word_accuracy']:.3f} | {s['cer']:.3f} |"
                )
    return "\n".join(lines) + "\n"


def write_report(report: dict[str, Any], path: Path) -> None:
    """Markdown for ``*.md``, JSON otherwise."""
    path = Path(path)
    if path.suffix.lower() in (".md", ".markdown"):
        path.write_text(render_markdown(report), encoding="utf-8")
    else:
        path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
