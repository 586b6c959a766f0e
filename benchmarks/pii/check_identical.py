"""Check that ``awal.pii.find`` still returns exactly what a recorded snapshot says.

For speed work on awal.pii: record the outputs once, before changing anything, then
check after every change. Outputs must be identical (type, start, end, text, score,
valid of every entity), not merely as accurate.

    python benchmarks/pii/check_identical.py --record     # before: writes the snapshot
    python benchmarks/pii/check_identical.py              # after: exit 1 and a diff if anything moved

Inputs (all generated or read at run time; the snapshot lives in benchmarks/_work/, which
is not committed, because the real-text outputs quote ../shared/data):

- ``corpus``: every sentence of the evaluation corpus (all four template sets), defaults;
- ``corpus-min0``: the same with ``min_score=0`` (every scored candidate that survives
  overlap resolution: catches score changes that the threshold would hide);
- ``corpus-type-<T>``: the same restricted to each single type, ``min_score=0``;
- ``corpus-indic``: every sentence with ASCII digits rewritten as Arabic-Indic digits;
- ``pairs``: consecutive sentences joined by a space (context crossing sentences);
- ``line``: the corpus joined into one line of about 1 MB;
- ``real``: the first 20,000 lines of the LID dev split of ../shared/data, if present,
  defaults and ``min_score=0``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1] / "src"))

import make_corpus  # noqa: E402
from run import read_real  # noqa: E402

from awal import pii  # noqa: E402

DEFAULT_SNAPSHOT = HERE.parent / "_work" / "pii_snapshot.json"
REAL = HERE.parents[2] / "shared" / "data" / "lid" / "dev.tsv"
_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _run(texts: list[str], **kw: object) -> list[list[list[object]]]:
    return [[[e.type, e.start, e.end, e.text, e.score, e.valid] for e in pii.find(t, **kw)] for t in texts]


def sections(quick: bool = False) -> dict[str, list[list[list[object]]]]:
    """Every checked output, by section name."""
    texts = [r["text"] for r in make_corpus.generate()]
    out = {
        "corpus": _run(texts),
        "corpus-min0": _run(texts, min_score=0.0),
        "corpus-indic": _run([t.translate(_INDIC) for t in texts], min_score=0.0),
        "pairs": _run([a + " " + b for a, b in zip(texts[::2], texts[1::2], strict=False)], min_score=0.0),
    }
    if not quick:
        for typ in pii.ENTITY_TYPES:
            out[f"corpus-type-{typ}"] = _run(texts, types=typ, min_score=0.0)
        line = " ".join(texts)
        line = (line + " ") * (1_000_000 // len(line) + 1)
        out["line"] = _run([line[:1_000_000]], min_score=0.0)
        real = read_real(str(REAL))
        if real:
            out["real"] = _run(real)
            out["real-min0"] = _run(real, min_score=0.0)
    return out


def _digest(rows: list[list[list[object]]]) -> str:
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--record", action="store_true", help="write the snapshot instead of checking against it")
    ap.add_argument("--snapshot", type=Path, default=DEFAULT_SNAPSHOT)
    ap.add_argument("--quick", action="store_true", help="corpus sections only (no per-type, 1 MB line, real text)")
    args = ap.parse_args(argv)
    t0 = time.process_time()
    got = sections(args.quick)
    took = time.process_time() - t0
    if args.record:
        args.snapshot.parent.mkdir(parents=True, exist_ok=True)
        args.snapshot.write_text(json.dumps(got, ensure_ascii=False), encoding="utf-8")
        total = sum(len(e) for rows in got.values() for e in rows)
        print(f"recorded {len(got)} sections, {total:,} entities -> {args.snapshot} ({took:.1f} s CPU)")
        return 0
    want = json.loads(args.snapshot.read_text(encoding="utf-8"))
    bad = 0
    for name, rows in got.items():
        if name not in want:
            print(f"{name}: not in the snapshot (skipped)")
            continue
        if _digest(rows) == _digest(want[name]):
            print(f"{name}: identical ({len(rows)} inputs, {sum(map(len, rows)):,} entities)")
            continue
        bad += 1
        diffs = [i for i, (a, b) in enumerate(zip(rows, want[name], strict=True)) if a != b]
        print(f"{name}: {len(diffs)} inputs differ")
        for i in diffs[:5]:
            print(f"  #{i}\n    was {want[name][i]}\n    now {rows[i]}")
    print(f"{'OK' if not bad else 'DIFFERENT'} ({took:.1f} s CPU)")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
