"""``awal detect`` (one answer per line) and ``awal lid train|evaluate``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from awal.cliutil import add_input_arguments, add_output_arguments, run_line_command
from awal.errors import DataError
from awal.lid.detector import Detector, load
from awal.lid.types import Decision, Span

DETECT_EXAMPLE = """examples:
  echo 'wach nta mzyan? bghit nmchi l souk' | awal detect
  awal detect comments.txt --format jsonl -o langs.jsonl
  awal detect --labels ary_Arab arb_Arab --threshold 0.7 tweets.txt
  echo 'salam, bghit n9ad la carte nationale dyali f la préfecture' | awal detect --spans
  awal detect --model open comments.txt

Text output: label<TAB>confidence<TAB>alternatives (label '-' when abstaining, with the
reason in the alternatives column); with --spans: start:end:label:confidence per span.
"""

TRAIN_EXAMPLE = """examples:
  awal lid train --data ../shared/data --out build/lid
  awal lid train --data ../shared/data --out src/awal/lid/models --sources open --seed 1

Training needs the full fastText bindings:
  pip install --force-reinstall --no-deps fasttext-numpy2
"""

EVAL_EXAMPLE = """examples:
  awal lid evaluate --data ../shared/data --split dev --report build/lid-dev.md
  awal lid evaluate --data ../shared/data --model open --report build/lid-open-dev.md
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "detect",
        help="identify the language of each line (Darija, MSA, Amazigh, French, ...)",
        description="One answer per input line, in order: label and confidence, or no label when not confident.",
        epilog=DETECT_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_input_arguments(p)
    add_output_arguments(p)
    p.add_argument("--spans", action="store_true", help="segment each line into language spans (code-switching)")
    p.add_argument(
        "--labels", nargs="+", metavar="LABEL", help="choose only among these labels (e.g. ary_Arab arb_Arab)"
    )
    p.add_argument("--threshold", type=float, metavar="P", help="abstain below this probability (default: the model's)")
    p.add_argument(
        "--model", default="default", metavar="NAME", help="default, full, open, or a trained model's manifest"
    )
    p.add_argument("-k", "--alternatives", type=int, default=3, metavar="K", help="alternatives to list (default 3)")
    p.set_defaults(func=_run_detect)

    lid = sub.add_parser(
        "lid",
        help="train or evaluate language-ID models",
        description="Language-ID model lifecycle: 'awal lid train' and 'awal lid evaluate'.",
        epilog=TRAIN_EXAMPLE + "\n" + EVAL_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    lsub = lid.add_subparsers(dest="lid_command", metavar="COMMAND")
    lsub.required = True
    t = lsub.add_parser(
        "train",
        help="train a model from ../shared/data",
        description="Train and write NAME.npz (NAME.ftz with --engine fasttext) + NAME.json (manifest with "
        "sources, licences, dev metrics).",
        epilog=TRAIN_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    t.add_argument("--data", default="../shared/data", metavar="DIR", help="data folder (default ../shared/data)")
    t.add_argument("--out", required=True, metavar="DIR", help="where to write the model and its manifest")
    t.add_argument("--sources", choices=("open", "all"), default="all", help="licence classes to train on")
    t.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    t.add_argument("--name", help="model name (default: full for --sources all, open for --sources open)")
    t.add_argument(
        "--engine",
        choices=("hashed", "fasttext"),
        default="hashed",
        help="hashed: the numpy engine the shipped models use (default); fasttext: a fastText .ftz model",
    )
    t.add_argument("--epoch", type=int, help="fastText epochs (default 6 for hashed, TrainConfig's for fasttext)")
    t.add_argument("--dim", type=int, help="vector size (default from TrainConfig)")
    t.add_argument("--threads", type=int, help="training threads (default 2; runs differ in the last digits)")
    t.add_argument("--bucket", type=int, help="fasttext engine: hash buckets for n-grams (default from TrainConfig)")
    t.add_argument("--min-count", type=int, help="fasttext engine: words seen fewer times use only their n-grams")
    t.add_argument(
        "--quantize-dsub", type=int, help="fasttext engine: product-quantise with this many dimensions per byte (0: no)"
    )
    t.add_argument(
        "--nb-weight",
        type=float,
        metavar="W",
        help="hashed engine: weight of the naive Bayes scores blended into fastText's (default 1.0; 0: fastText only)",
    )
    t.add_argument("--no-eval", action="store_true", help="do not evaluate on the dev split")
    t.add_argument("--gold-codeswitch", metavar="TSV", help="gold code-switching file scored in the dev metrics")
    t.set_defaults(func=_run_train)
    c = lsub.add_parser(
        "calibrate",
        help="re-choose a trained model's label prior corrections and threshold on its tuning slice",
        description="Re-choose the label log-prior corrections and the abstention threshold of a trained model on "
        "the tuning slice of the train split (never dev), then rescore dev into its manifest. The weights are "
        "not changed. 'awal lid train' does the same as its last step.",
    )
    c.add_argument("--data", default="../shared/data", metavar="DIR", help="data folder (default ../shared/data)")
    c.add_argument("--manifest", required=True, metavar="JSON", help="the model's manifest (e.g. models/full.json)")
    c.add_argument("--gold-codeswitch", metavar="TSV", help="gold code-switching file scored in the dev metrics")
    c.set_defaults(func=_run_calibrate)
    e = lsub.add_parser(
        "evaluate",
        help="per-label P/R/F1, macro F1, Arabic-cluster confusion, accuracy by length",
        description="Evaluate a model on a labelled split; writes a markdown report and a JSON twin.",
        epilog=EVAL_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    e.add_argument("--data", default="../shared/data", metavar="DIR", help="data folder (default ../shared/data)")
    e.add_argument("--split", default="dev", help="split to evaluate (default dev; never train)")
    e.add_argument("--model", default="default", metavar="NAME", help="default, full, open, or a manifest path")
    e.add_argument("--report", default="lid-report.md", metavar="PATH", help="report path (.md; .json written beside)")
    e.add_argument("--gold-codeswitch", metavar="TSV", help="gold code-switching file to score segment() on")
    e.set_defaults(func=_run_evaluate)


def _detector(args: argparse.Namespace) -> Detector:
    return load(args.model, labels=args.labels, threshold=args.threshold)


def _run_detect(args: argparse.Namespace) -> int:
    det = _detector(args)
    if args.alternatives < 1:
        raise DataError("--alternatives must be at least 1")
    if args.spans:
        return run_line_command(args, lambda lines: [det.segment(x) for x in lines], _spans_text, _spans_json)
    k = args.alternatives

    def process(lines: list[str]) -> list[Decision | None]:
        decisions = det.decide_batch(lines, k=k)
        return [None if not line.strip() else d for line, d in zip(lines, decisions, strict=True)]

    return run_line_command(args, process, _decision_text, _decision_json)


def _decision_text(line: str, d: Decision | None) -> str:
    if d is None:
        return "-\t\tempty line"
    alts = " ".join(f"{a.label.value}:{a.confidence:.3f}" for a in d.alternatives)
    if d.prediction is None:
        return f"-\t\t{d.reason.value} {alts}".rstrip()
    return f"{d.prediction.label.value}\t{d.prediction.confidence:.3f}\t{alts}"


def _decision_json(line: str, d: Decision | None) -> dict[str, Any]:
    if d is None:
        return {"text": line, "label": None, "confidence": None, "reason": "empty_line", "alternatives": []}
    return {"text": line, **d.to_dict()}


def _spans_text(line: str, spans: list[Span]) -> str:
    return " ".join(f"{s.start}:{s.end}:{s.label.value if s.label else '-'}:{s.confidence:.2f}" for s in spans)


def _spans_json(line: str, spans: list[Span]) -> dict[str, Any]:
    return {"text": line, "spans": [{**s.to_dict(), "text": line[s.start : s.end]} for s in spans]}


def _run_train(args: argparse.Namespace) -> int:
    from dataclasses import replace

    if args.engine == "hashed":
        return _run_train_hashed(args)
    if args.nb_weight is not None:
        print("awal lid train: error: --nb-weight applies to the hashed engine only", file=sys.stderr)
        return 2

    from awal.lid.training import TrainConfig, train

    config = TrainConfig(sources=args.sources, seed=args.seed)
    keys = ("epoch", "dim", "threads", "bucket", "min_count", "quantize_dsub")
    overrides = {k: getattr(args, k) for k in keys if getattr(args, k) is not None}
    config = replace(config, **overrides)
    manifest = train(
        args.data,
        args.out,
        config,
        name=args.name,
        evaluate_dev=not args.no_eval,
        gold_codeswitch=args.gold_codeswitch,
    )
    print(f"wrote {Path(args.out) / manifest['model_file']} and {Path(args.out) / (manifest['name'] + '.json')}")
    return 0


def _run_calibrate(args: argparse.Namespace) -> int:
    from awal.lid.train_engine import calibrate

    path = Path(args.manifest)
    if not path.is_file():
        raise DataError(f"no manifest at {path}: give the .json next to a trained model")
    manifest = calibrate(path, args.data, args.gold_codeswitch)
    print(
        f"{path}: label log-prior {manifest['label_log_prior'] or 'none'}, "
        f"threshold {manifest['thresholds']['default']}, dev macro F1 "
        f"{manifest.get('metrics', {}).get('dev', {}).get('macro_f1', 'not scored')}"
    )
    return 0


def _run_train_hashed(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from awal.lid.train_engine import EngineTrainConfig, train

    ignored = [k for k in ("bucket", "min_count", "quantize_dsub") if getattr(args, k) is not None]
    if ignored:
        flags = ", ".join("--" + k.replace("_", "-") for k in ignored)
        print(f"awal lid train: error: {flags} apply to --engine fasttext only", file=sys.stderr)
        return 2
    if args.nb_weight is not None and args.nb_weight < 0:
        print("awal lid train: error: --nb-weight must be >= 0", file=sys.stderr)
        return 2
    config = EngineTrainConfig(seed=args.seed)
    keys = ("epoch", "dim", "threads", "nb_weight")
    overrides = {k: getattr(args, k) for k in keys if getattr(args, k) is not None}
    config = replace(config, **overrides)
    manifest = train(
        args.data,
        args.out,
        sources=args.sources,
        seed=args.seed,
        name=args.name,
        tconfig=config,
        evaluate_dev=not args.no_eval,
        gold_codeswitch=args.gold_codeswitch,
    )
    print(f"wrote {Path(args.out) / manifest['model_file']} and {Path(args.out) / (manifest['name'] + '.json')}")
    return 0


def _run_evaluate(args: argparse.Namespace) -> int:
    from awal.lid.data import read_lid, split_path
    from awal.lid.evaluate import codeswitch_scores, evaluate, short_windows, write_report

    if args.split == "train":
        raise DataError("evaluating on the training split says nothing about accuracy; use --split dev")
    det = load(args.model)
    rows = list(read_lid(split_path(args.data, args.split)))
    report = evaluate(
        det, rows, short=short_windows(rows), codeswitch=codeswitch_scores(det, rows, args.gold_codeswitch)
    )
    report["split"] = args.split
    md, js = write_report(report, args.report)
    print(f"macro F1 {report['macro_f1']:.4f}, accuracy {report['accuracy']:.4f} on {len(rows)} {args.split} lines")
    print(f"wrote {md} and {js}", file=sys.stderr)
    return 0


__all__ = ["register"]
