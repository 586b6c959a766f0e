"""Audit of awal.lid's dev errors on the social-media sources: how many are the model's fault?

    python benchmarks/lid/audit.py --data ../shared/data            # tally of the judged sample
    python benchmarks/lid/audit.py --data ../shared/data --show     # print the sample to judge it

Why: the dev labels of some sources are per corpus, not per sentence (MYC: comments under
Moroccan YouTube videos, all labelled Darija; MAC: tweets labelled Darija or MSA by
annotators), so an "error" there may be an English comment, a line of emoji, or an MSA
sentence. This script draws a fixed random sample of the shipped model's errors per
(label, source) and tallies a human judgement of each, kept in ``audit_judgements.tsv``
as ``key<TAB>judgement`` where the key is the first 12 hex digits of the sha1 of the line
(the corpus text itself never enters the repository). Judgements:

- ``gold_wrong``: the line is plainly in another language than its label (English, French, MSA...);
- ``no_language``: emoji, laughter, a name, "Bravo": nothing to identify;
- ``mixed``: two languages, the label's one not clearly dominant;
- ``ambiguous``: short text that is correct in the label's language and in the predicted one;
- ``model_error``: clearly in the label's language; the model is wrong.

Only the ``model_error`` lines are errors a better model should fix.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
JUDGEMENTS = HERE / "audit_judgements.tsv"
CATEGORIES = ("gold_wrong", "no_language", "mixed", "ambiguous", "model_error")
#: (gold label, source) pairs audited, and how many errors of each
PAIRS = (("ary_Latn", "myc"), ("ary_Arab", "myc"), ("arb_Arab", "mac"), ("ary_Arab", "mac"))
PER_PAIR = 20


def key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def sample_errors(data: Path, model: str, seed: int = 0) -> dict[tuple[str, str], list[tuple[str, str, float, str]]]:
    """The first PER_PAIR errors (threshold 0) of each pair, in a seeded shuffle of dev order."""
    from awal import lid
    from awal.lid.data import read_lid, split_path

    rows = [r for r in read_lid(split_path(data, "dev")) if (str(r.label), r.source) in PAIRS]
    det = lid.load(model)
    preds = det.detect_batch([r.text for r in rows], threshold=0.0)
    out: dict[tuple[str, str], list[tuple[str, str, float, str]]] = {}
    for pair in PAIRS:
        errs = [
            (key(r.text), str(p.label) if p else "None", p.confidence if p else 0.0, r.text)
            for r, p in zip(rows, preds, strict=True)
            if (str(r.label), r.source) == pair and (p is None or str(p.label) != pair[0])
        ]
        random.Random(seed).shuffle(errs)
        out[pair] = errs[:PER_PAIR]
    return out


def read_judgements(path: Path) -> dict[str, str]:
    judged: dict[str, str] = {}
    if not path.exists():
        return judged
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        k, _, verdict = line.partition("\t")
        if verdict not in CATEGORIES:
            raise SystemExit(f"{path}:{n}: unknown judgement {verdict!r}; use one of {', '.join(CATEGORIES)}")
        judged[k] = verdict
    return judged


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default="../shared/data", type=Path)
    ap.add_argument("--model", default="full")
    ap.add_argument("--show", action="store_true", help="print the sampled errors (key, gold, predicted, text)")
    args = ap.parse_args(argv)
    if not (args.data / "lid" / "dev.tsv").exists():
        print(f"no lid/dev.tsv under {args.data}; pass --data DIR", file=sys.stderr)
        return 2
    sample = sample_errors(args.data, args.model)
    judged = read_judgements(JUDGEMENTS)
    if args.show:
        for (gold, source), errs in sample.items():
            for k, pred, conf, text in errs:
                print(f"{k}\t{gold}/{source}\t-> {pred} {conf:.2f}\t{judged.get(k, '?')}\t{text[:160]}")
        return 0
    print("| gold label / source | errors judged | " + " | ".join(f"`{c}`" for c in CATEGORIES) + " |")
    print("|---|---:|" + "---:|" * len(CATEGORIES))
    total: Counter[str] = Counter()
    missing = 0
    for (gold, source), errs in sample.items():
        tally = Counter(judged[k] for k, *_ in errs if k in judged)
        missing += sum(1 for k, *_ in errs if k not in judged)
        total.update(tally)
        cells = " | ".join(str(tally[c]) for c in CATEGORIES)
        print(f"| `{gold}` / {source} | {sum(tally.values())} | {cells} |")
    print(f"| all | {sum(total.values())} | " + " | ".join(str(total[c]) for c in CATEGORIES) + " |")
    if missing:
        print(f"\n{missing} sampled errors have no judgement (the model changed?): run with --show", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
