"""``awal translit train`` and ``awal translit evaluate`` (Darija model lifecycle).

They are registered as hidden single commands ``translit-train`` / ``translit-evaluate``;
:data:`awal.cli.ALIASES` rewrites the two-word spelling to them, so they never collide
with ``awal translit FILE``.
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib import resources
from pathlib import Path

from awal.cliutil import open_output
from awal.errors import DataError

__all__ = ["register"]

DEFAULT_DATA = "../shared/data"

TRAIN_EXAMPLE = """examples:
  awal translit train --data ../shared/data --out /tmp/darija-model
  awal translit evaluate --data ../shared/data --split dev --model /tmp/darija-model
  awal translit train --data ../shared/data            # rebuild the shipped model in place

Training is deterministic (same data -> same tables); it takes about 5 minutes on one core.
"""

EVAL_EXAMPLE = """examples:
  awal translit evaluate --data ../shared/data --split dev
  awal translit evaluate --data ../shared/data --split dev --variety ary --report dev.md
  awal translit evaluate --data ../shared/data --split dev --report dev.json --no-speed
"""


def _shipped_dir() -> Path:
    return Path(str(resources.files("awal.translit.darija") / "data"))


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "translit-train",
        description="Train the Darija transliteration model (Arabizi <-> Arabic script) from shared/data: "
        "sentence pairs of translit/arabizi_train.tsv, Darija text of lid/train.tsv.",
        epilog=TRAIN_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--data", default=DEFAULT_DATA, metavar="DIR", help=f"shared data folder (default {DEFAULT_DATA})")
    p.add_argument(
        "--out", metavar="DIR", help="write model.npz + manifest.json here (default: the shipped model's folder)"
    )
    p.add_argument(
        "--variety", action="append", choices=("ary", "mey", "aeb"), help="train only these (repeatable; default all)"
    )
    p.add_argument("--no-eval", action="store_true", help="skip the dev evaluation whose numbers go into the manifest")
    p.set_defaults(func=_train)

    e = sub.add_parser(
        "translit-evaluate",
        description="Score Darija transliteration on a split of translit/arabizi_<split>.tsv: word accuracy, "
        "WER, CER, exact match, raw and after awal.normalize (search profile), per variety and direction, "
        "and throughput.",
        epilog=EVAL_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    e.add_argument("--data", default=DEFAULT_DATA, metavar="DIR", help=f"shared data folder (default {DEFAULT_DATA})")
    e.add_argument("--split", default="dev", choices=("dev",), help="split to score (default dev; train is refused)")
    e.add_argument("--variety", action="append", choices=("ary", "mey", "aeb"), help="repeatable; default all")
    e.add_argument("--direction", action="append", choices=("to_arabic", "to_latin"), help="repeatable; default both")
    e.add_argument("--model", metavar="DIR", help="evaluate the model in DIR (from 'awal translit train --out DIR')")
    e.add_argument("--report", metavar="PATH", help="write the full report: Markdown for *.md, else JSON")
    e.add_argument("--no-speed", action="store_true", help="skip the throughput measurement")
    e.add_argument(
        "--update-manifest",
        action="store_true",
        help="record the scores in the manifest.json of --model (what 'awal translit train' does after training)",
    )
    e.add_argument("-o", "--output", metavar="PATH", help="write the summary here instead of stdout")
    e.set_defaults(func=_evaluate)


def _train(args: argparse.Namespace) -> int:
    from awal.translit import darija
    from awal.translit.darija.evaluate import evaluate
    from awal.translit.darija.train import VARIETIES, train

    data = Path(args.data)
    if not (data / "translit").is_dir():
        raise DataError(f"{data} has no translit/ folder; pass --data pointing at shared/data")
    out = Path(args.out) if args.out else _shipped_dir()
    varieties = tuple(args.variety or VARIETIES)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr)

    train(data, out, varieties, log=log)
    if not args.no_eval and (data / "translit" / "arabizi_dev.tsv").is_file():
        darija.set_model_dir(out)
        try:
            report = evaluate(data, "dev", varieties, speed=False)
        finally:
            darija.set_model_dir(None)
        _record_metrics(out, report)
        log(_summary(report))
    log(f"model written to {out}")
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from awal.translit import darija
    from awal.translit.darija.evaluate import DIRECTIONS, evaluate, write_report
    from awal.translit.darija.train import VARIETIES

    if args.model:
        darija.set_model_dir(args.model)
    try:
        report = evaluate(
            Path(args.data),
            args.split,
            tuple(args.variety or VARIETIES),
            tuple(args.direction or DIRECTIONS),
            speed=not args.no_speed,
        )
    finally:
        if args.model:
            darija.set_model_dir(None)
    if args.update_manifest:
        if not args.model:
            raise DataError("--update-manifest needs --model DIR (the shipped manifest is rewritten by training)")
        _record_metrics(Path(args.model), report)
    if args.report:
        write_report(report, Path(args.report))
    with open_output(args.output) as out:
        out.write(_summary(report) + "\n")
    return 0


def _record_metrics(model_dir: Path, report: dict) -> None:
    """Write the dev scores into ``model_dir/manifest.json`` (``metrics``; model.npz untouched)."""
    path = model_dir / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["metrics"] = {
        "split": report["split"],
        "normalizer": report["normalizer"],
        "results": {
            v: {d: {k: e[k] for k in ("raw", "norm", "speed") if k in e} for d, e in dirs.items()}
            for v, dirs in report["results"].items()
        },
    }
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _summary(report: dict) -> str:
    lines = [f"split {report['split']}; normalised with {report['normalizer']}"]
    lines.append(
        f"{'variety':<8}{'direction':<11}{'sent':>6}  {'wacc':>6} {'CER':>6} {'exact':>6}  "
        f"{'wacc~':>6} {'CER~':>6} {'exact~':>6}  {'sent/s':>9}"
    )
    for variety, dirs in report["results"].items():
        for direction, e in dirs.items():
            raw, nrm = e["raw"], e["norm"] or {}
            speed = e.get("speed", {}).get("warm_per_second")
            lines.append(
                f"{variety:<8}{direction:<11}{raw['sentences']:>6}  {raw['word_accuracy']:>6.3f} {raw['cer']:>6.3f} "
                f"{raw['exact']:>6.3f}  {nrm.get('word_accuracy', float('nan')):>6.3f} {nrm.get('cer', float('nan')):>6.3f} "
                f"{nrm.get('exact', float('nan')):>6.3f}  {f'{speed:,.0f}' if speed else '-':>9}"
            )
    lines.append("(~ = after normalisation)")
    return "\n".join(lines)
