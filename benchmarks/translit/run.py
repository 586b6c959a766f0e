"""Darija transliteration benchmark: awal against its peers, side by side in one run.

    python benchmarks/translit/run.py --data ../shared/data

Sets up the peer venvs if they are missing (``setup_peers.py``), then for each direction (Arabizi -> Arabic
script, Arabic script -> Arabizi) and each tool starts a fresh worker process with that tool's venv Python
(awal: the Python running this script), pinned to one core with thread pools at 1. Each worker reports its
load time, its speed on short dev sentences (20-60 characters, best of 3 passes) and one output per dev input;
this script scores the outputs (``metrics.py``) raw and after awal.normalize, and writes the tables into the
``translit`` section of ``benchmarks/RESULTS.md``. Scoring uses only the dev split (variety ``ary``); the train
split is read for one thing only: to report whether any everyday showcase sentence also occurs there.

Full outputs and numbers are also written to ``benchmarks/_work/translit/results.json`` (gitignored).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(REPO / "src"))  # awal (the normaliser) from this checkout, as in the awal worker

import metrics  # noqa: E402
import setup_peers  # noqa: E402
from _results import update_section  # noqa: E402

TOOLS = ["awal", "awal-standard", "awal-all-words", "darija-router", "arabizi", "darija-tools", "cadar", "arabizikit"]
#: awal-standard = awal.translit.darija.to_arabic(..., spelling="standard"); awal-all-words = keep_foreign=False
#: (every Latin word transliterated, as the peers do: no code-switch check): Arabic-output options only
ONLY_TO_ARABIC = {"awal-standard", "awal-all-words"}
#: the awal rows: run with this script's interpreter and checkout
AWAL_TOOLS = ("awal", "awal-standard", "awal-all-words")
DIRECTIONS = {"to_arabic": "Arabizi → Arabic script", "to_latin": "Arabic script → Arabizi"}
THREAD_VARS = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "RAYON_NUM_THREADS",
    "TOKENIZERS_PARALLELISM",
)
SHORT = (20, 60)  # characters: the "short sentence" range timed for throughput
ROUNDS = 3  # speed: best of this many fresh worker processes per tool
MIN_PASS_SECONDS = 0.3  # a timed pass repeats the sentence list until it lasts at least this long
SPEED_CAP_SECONDS = 15  # a tool slower than this on the cold pass is timed on the sentences it finished
SEED = 20260101  # order of the dev inputs (see --budget)


def log(msg: str) -> None:
    print(f"[translit-bench] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- data


def read_pairs(path: Path, variety: str) -> list[dict[str, str]]:
    """Rows of an arabizi_*.tsv file (variety, source, latin, arabic) for one variety."""
    rows = []
    with path.open(encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        if header[:4] != ["variety", "source", "latin", "arabic"]:
            raise SystemExit(f"{path}: unexpected header {header}")
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 4 and parts[0] == variety:
                rows.append(dict(zip(header, parts, strict=True)))
    return rows


def read_everyday(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        if header != ["latin", "arabic"]:
            raise SystemExit(f"{path}: header must be 'latin<TAB>arabic', got {header}")
        pairs = [tuple(line.rstrip("\n").split("\t")) for line in fh if line.strip()]
    bad = [p for p in pairs if len(p) != 2]
    if bad:
        raise SystemExit(f"{path}: {len(bad)} lines are not latin<TAB>arabic")
    return pairs  # type: ignore[return-value]


def resolve_data(arg: str) -> Path:
    data = Path(arg)
    if not (data / "translit" / "arabizi_dev.tsv").is_file():
        fallback = REPO.parent / "shared" / "data"
        if arg == "../shared/data" and (fallback / "translit" / "arabizi_dev.tsv").is_file():
            return fallback
        raise SystemExit(f"{data}/translit/arabizi_dev.tsv not found: pass --data DIR (the shared corpora)")
    return data


# --------------------------------------------------------------------------- normalisation


def get_normalizer() -> tuple[Callable[[str], str], str]:
    """awal.normalize's ``search`` profile, applied identically to hypotheses and references."""
    from awal import normalize as nz

    def norm(text: str) -> str:
        return nz.normalize(text, profile="search")

    return norm, 'awal.normalize.normalize(text, profile="search")'


# --------------------------------------------------------------------------- workers


def worker_env(cpu: int, tool: str) -> dict[str, str]:
    env = dict(os.environ)
    for var in THREAD_VARS:
        env[var] = "false" if var == "TOKENIZERS_PARALLELISM" else "1"
    env["AWAL_BENCH_CPU"] = str(cpu)
    env["PYTHONHASHSEED"] = "0"
    env.pop("PYTHONPATH", None)
    if tool.startswith("awal"):
        # awal from the checkout this script belongs to (ahead of any installed copy), so a run from a clean
        # `git worktree` measures exactly that commit.
        env["PYTHONPATH"] = str(REPO / "src")
    return env


def run_worker(python: str, job: dict, cpu: int, timeout: float) -> dict:
    def pin() -> None:
        if hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, {cpu})

    t0 = time.perf_counter()
    try:
        proc = subprocess.run(
            [python, str(HERE / "worker.py")],
            input=json.dumps(job, ensure_ascii=False),
            capture_output=True,
            text=True,
            timeout=timeout,
            env=worker_env(cpu, job["tool"]),
            preexec_fn=pin,
        )
    except subprocess.TimeoutExpired:
        return {"status": "error", "reason": f"worker timed out after {timeout:.0f} s"}
    wall = time.perf_counter() - t0
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = " | ".join(proc.stderr.strip().splitlines()[-4:])
        return {"status": "error", "reason": f"worker exited {proc.returncode}: {tail}"}
    result = json.loads(lines[-1])
    result["process_wall_seconds"] = wall
    return result


# --------------------------------------------------------------------------- formatting


def pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}"


def num(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{x:,.0f}" if x >= 100 else f"{x:.3g}"


def ratio(x: float | None, base: float | None) -> str:
    if not x or not base:
        return "–"
    r = x / base
    if r < 0.1:
        return f"{r:.2g}×"
    return f"{r:.2f}×" if r < 10 else f"{r:,.0f}×"


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") if text else "∅"


def build_markdown(report: dict) -> str:
    meta = report["meta"]
    out: list[str] = []
    w = out.append
    w("## Darija transliteration (Arabizi ⇄ Arabic script)\n")
    w(f"Command: `{meta['command']}` · run {meta['started']} · awal commit `{meta['commit']}` · {meta['machine']}\n")
    w(
        f"Data: **dev split** of `translit/arabizi_dev.tsv`, variety `ary`, {meta['dev_pairs']:,} pairs "
        f"({meta['dev_sources']}); never the train split. The reference Arabic is DODa's letter-by-letter "
        "rendering of the Latin (e.g. `alah` → ألاه), not standard spelling: see the everyday sentences below "
        "for standard spelling.\n"
    )
    w(
        f"Normalised = both sides passed through {meta['normalizer']} before scoring. Word accuracy = hits of a "
        "minimum-edit word alignment / max(#ref words, #hyp words), summed over the corpus; CER = character edit "
        "distance / reference length (corpus level); exact = whole sentence identical. Definitions: "
        "`benchmarks/translit/metrics.py`.\n"
    )
    for direction, title in DIRECTIONS.items():
        w(f"### {title}, dev ({meta['dev_pairs']:,} pairs)\n")
        w(
            "| tool | version | word acc | CER | exact | word acc (norm) | CER (norm) | exact (norm) | WER (norm) |\n"
            "|---|---|---:|---:|---:|---:|---:|---:|---:|"
        )
        notes = []
        for tool in [t for t in report["tools"] if t in report["results"][direction]]:
            r = report["results"][direction].get(tool, {})
            if r.get("status") != "ok":
                w(f"| {tool} | {r.get('version', '–')} | {r.get('status', 'error')} | | | | | | |")
                notes.append(f"- **{tool}**: {r.get('status', 'error')}: {r.get('reason', 'no result')}")
                continue
            raw, nrm = r["dev"]["raw"], r["dev"]["norm"]
            name = f"**{tool}**" if tool.startswith("awal") else tool
            if r["sample"] < meta["dev_pairs"]:
                name += " †"
                notes.append(
                    f"- † **{tool}** is scored on {r['sample']:,} of {meta['dev_pairs']:,} dev pairs: it had not "
                    f"finished the set after the {meta['budget']:g} s time budget of this run, and since inputs are "
                    "given in a seeded random order, the pairs it finished are a random sample (every tool on that "
                    "same sample below)."
                )
            w(
                f"| {name} | {r['version']} | {pct(raw['word_accuracy'])} | "
                f"{pct(raw['cer'])} | {pct(raw['exact'])} | {pct(nrm['word_accuracy'])} | {pct(nrm['cer'])} | "
                f"{pct(nrm['exact'])} | {pct(nrm['wer'])} |"
            )
            if r.get("errors"):
                notes.append(f"- **{tool}** raised on {r['errors']} inputs (scored as empty): {r['first_error']}")
        w("\nAll numbers in %. " + ("Notes:\n" if notes else ""))
        out.extend(notes)
        w("")
        for tool, same in report.get("samples", {}).get(direction, {}).items():
            w(f"Every tool on the {same['n']:,} dev pairs {tool} finished (normalised):\n")
            w("| tool | word acc | CER | exact |\n|---|---:|---:|---:|")
            for other, sc in same["scores"].items():
                w(f"| {other} | {pct(sc['word_accuracy'])} | {pct(sc['cer'])} | {pct(sc['exact'])} |")
            w("")
        if direction == "to_arabic":
            sources = meta["dev_source_names"]
            w("Word accuracy (normalised) per DODa part of the dev split:\n")
            w("| tool | " + " | ".join(f"{s} ({meta['dev_source_counts'][s]:,})" for s in sources) + " |")
            w("|---|" + "---:|" * len(sources))
            for tool in [t for t in report["tools"] if t in report["results"][direction]]:
                r = report["results"][direction].get(tool, {})
                if r.get("status") == "ok":
                    w(f"| {tool} | " + " | ".join(pct(r["by_source"][s]["word_accuracy"]) for s in sources) + " |")
            w("")

    w(f"### Throughput (one core, short sentences of {SHORT[0]}-{SHORT[1]} characters from dev)\n")
    w(
        "Each measurement is a fresh worker process with the tool's own venv Python, pinned to one core "
        f"(`sched_setaffinity`), {', '.join(THREAD_VARS[:-1])} = 1. Best of {ROUNDS}: {ROUNDS} rounds, each starting "
        "a new worker per tool (tools interleaved, order rotated per round, so a change in machine load hits all "
        f"alike). **Sentences/s** = one pass over the {meta['speed_inputs']['to_arabic']:,} (Arabizi) / "
        f"{meta['speed_inputs']['to_latin']:,} (Arabic) distinct sentences, each transliterated once, right after "
        "load in a fresh process, best of the 3 rounds: a tool that caches results per word pays for every "
        "first sight of a word, as when a corpus is processed once. **Again** = the same sentences again in the "
        f"same process (repeated until the pass lasts ≥ {MIN_PASS_SECONDS} s): what such a cache buys on repeated "
        "text; not used for the ratios. **Sentences/CPU-s** = the same pass divided by the CPU time of the worker (`time.process_time`): what the work costs on one core, robust to other load on this shared machine (a pinned worker can wait for its core). Load = import + model load + first call, best round (interpreter start "
        "excluded). Ratios (on sentences/s) are against darija-router and awal measured in this same run. The machine's 2 cores are shared with other work, so absolute numbers "
        "vary between runs; the ratios are the comparison."
        + (
            f" 1-minute load average at start / end of this run: {meta['loadavg'][0]:.2f} / {meta['loadavg'][1]:.2f}.\n"
            if meta.get("loadavg") and None not in meta["loadavg"]
            else "\n"
        )
    )
    w(
        "| tool | direction | sentences | sentences/s | sentences/CPU-s | again /s | vs darija-router | vs awal "
        "| vs darija-router (CPU) | vs awal (CPU) | load (s) |"
    )
    w("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    speed_notes = []
    for direction in DIRECTIONS:
        res = report["results"][direction]
        base_dr = (res.get("darija-router", {}).get("speed") or {}).get("per_second")
        base_aw = (res.get("awal", {}).get("speed") or {}).get("per_second")
        cpu_dr = (res.get("darija-router", {}).get("speed") or {}).get("per_cpu_second")
        cpu_aw = (res.get("awal", {}).get("speed") or {}).get("per_cpu_second")
        for tool in [t for t in report["tools"] if t in res]:
            r = res.get(tool, {})
            if r.get("status") != "ok":
                continue
            if not r.get("speed"):
                speed_notes.append(f"- {tool}, {direction.replace('_', ' ')}: not timed: {r.get('speed_error')}")
                continue
            sp = r["speed"]
            if sp.get("partial"):
                speed_notes.append(
                    f"- {tool}, {direction.replace('_', ' ')}: did not finish the pass within the {SPEED_CAP_SECONDS} s "
                    f"cap, so timed on the first {sp['timed_sentences']:,} of the "
                    f"{meta['speed_inputs'][direction]:,} sentences (in the slowest round)"
                )
            if sp.get("raised"):
                speed_notes.append(
                    f"- {tool}, {direction.replace('_', ' ')}: raised an exception on {sp['raised']:,} of "
                    f"{sp['calls']:,} timed calls in one worker (timed as "
                    "finished calls)"
                )
            w(
                f"| {tool} | {direction.replace('_', ' ')} | {meta['speed_inputs'][direction]:,} | "
                f"{num(sp['per_second'])} | {num(sp.get('per_cpu_second'))} | {num(sp['repeat_per_second'])} | "
                f"{ratio(sp['per_second'], base_dr)} | {ratio(sp['per_second'], base_aw)} | "
                f"{ratio(sp.get('per_cpu_second'), cpu_dr)} | {ratio(sp.get('per_cpu_second'), cpu_aw)} | "
                f"{r['load_seconds']:.3f} |"
            )
    out.extend(["", *speed_notes] if speed_notes else [])
    w("")

    ev = report["everyday"]
    w(f"### {len(ev['pairs'])} everyday sentences (standard Darija spelling)\n")
    w(
        "Written for this benchmark (`benchmarks/translit/everyday_ary.tsv`), with the spelling a Moroccan "
        "writer would use (الله, واش, بزاف, ديال, عافاك, شحال, فين), not DODa's letter-by-letter style. They "
        "are an evaluation set: do not train on them. "
        f"Exact-string overlap of their Latin side with the train split: {ev['train_overlap']}.\n"
    )
    w("| tool | word acc | CER | exact | word acc (norm) | CER (norm) | exact (norm) |")
    w("|---|---:|---:|---:|---:|---:|---:|")
    for tool in report["tools"]:
        r = report["results"]["to_arabic"].get(tool, {})
        if r.get("status") != "ok":
            w(f"| {tool} | {r.get('status', 'error')} | | | | | |")
            continue
        raw, nrm = r["everyday"]["raw"], r["everyday"]["norm"]
        w(
            f"| {tool} | {pct(raw['word_accuracy'])} | {pct(raw['cer'])} | {pct(raw['exact'])} | "
            f"{pct(nrm['word_accuracy'])} | {pct(nrm['cer'])} | {pct(nrm['exact'])} |"
        )
    ok_tools = [t for t in report["tools"] if report["results"]["to_arabic"].get(t, {}).get("status") == "ok"]
    w("\nOutputs, Arabizi → Arabic script (✓ = identical to the reference after normalisation):\n")
    w("| # | Arabizi | reference | " + " | ".join(ok_tools) + " |")
    w("|---|---|---|" + "---|" * len(ok_tools))
    for i, (latin, arabic) in enumerate(ev["pairs"], 1):
        cells = []
        for tool in ok_tools:
            r = report["results"]["to_arabic"][tool]
            hyp = r["everyday_outputs"][i - 1]
            mark = " ✓" if r["everyday_match"][i - 1] else ""
            cells.append(cell(hyp) + mark)
        w(f"| {i} | {cell(latin)} | {cell(arabic)} | " + " | ".join(cells) + " |")
    lat_tools = [t for t in report["tools"] if report["results"]["to_latin"].get(t, {}).get("status") == "ok"]
    if lat_tools:
        w(
            "\nThe other direction on the same sentences (Arabic script → Arabizi; the Latin column is one "
            "spelling among many, so scores here say little):\n"
        )
        w("| tool | word acc (norm) | CER (norm) |")
        w("|---|---:|---:|")
        for tool in lat_tools:
            nrm = report["results"]["to_latin"][tool]["everyday"]["norm"]
            w(f"| {tool} | {pct(nrm['word_accuracy'])} | {pct(nrm['cer'])} |")
        w("\n| # | Arabic | Arabizi (ours) | " + " | ".join(lat_tools) + " |")
        w("|---|---|---|" + "---|" * len(lat_tools))
        for i, (latin, arabic) in enumerate(ev["pairs"], 1):
            cells = [cell(report["results"]["to_latin"][t]["everyday_outputs"][i - 1]) for t in lat_tools]
            w(f"| {i} | {cell(arabic)} | {cell(latin)} | " + " | ".join(cells) + " |")
    w("\n### How each tool was called\n")
    for direction in DIRECTIONS:
        for tool in [t for t in report["tools"] if t in report["results"][direction]]:
            r = report["results"][direction].get(tool, {})
            if r.get("status") == "ok":
                w(f"- {tool}, {direction.replace('_', ' ')}: `{r['call']}` (Python {r['python']})")
            else:
                w(f"- {tool}, {direction.replace('_', ' ')}: **{r.get('status', 'error')}**: {r.get('reason')}")
    w(
        "\nPeers are installed from PyPI into one venv each by `benchmarks/translit/setup_peers.py` "
        "(darija-router into a Python 3.12 venv: it ships cp312 wheels only). Tool settings are the peers' "
        'defaults except arabizikit, which is given its documented `dialect_hint="maghrebi"` because the data '
        "is Moroccan (without it it reads 9 as ص and doubles geminates). `awal-standard` is awal with its documented "
        '`spelling="standard"` (ordinary Darija spelling; the default `"literal"` follows DODa\'s letter-by-letter '
        "style, like the dev references). `awal-all-words` is awal with `keep_foreign=False`: every Latin word is "
        "transliterated, as the peers do, so no sentence goes through the code-switch check (awal.lid spans); it "
        "shows what that check costs in speed and brings in accuracy."
    )
    return "\n".join(out)


# --------------------------------------------------------------------------- main


def score_worker(
    r: dict,
    order: list[int],
    refs: list[str],
    refs_everyday: list[str],
    source_idx: dict[str, list[int]],
    normalize: Callable[[str], str],
) -> dict:
    """Turn a worker's outputs into scores (raw, normalised, per DODa part, everyday sentences).

    The worker got the everyday sentences first, then the dev inputs in the seeded random ``order``; a worker
    that ran out of its time budget returned a prefix, i.e. a random sample of dev, which is scored as such
    (``r["sample"]`` < len(refs)) and flagged in the tables.
    """
    if r.get("status") != "ok":
        return r
    outs = r.pop("outputs")
    n_ev, n_dev = len(refs_everyday), len(refs)
    if len(outs) > n_ev + n_dev:
        return {"status": "error", "reason": f"{len(outs)} outputs for {n_ev + n_dev} inputs"}
    if len(outs) <= n_ev:
        return {
            "status": "error",
            "reason": f"finished only {len(outs)} of {n_ev + n_dev} inputs within the time budget "
            f"({r.get('accuracy_pass_seconds', 0):.0f} s)",
        }
    ev_out, dev_done = outs[:n_ev], outs[n_ev:]
    dev_out: list[str | None] = [None] * n_dev
    for pos, out in zip(order, dev_done, strict=False):
        dev_out[pos] = out
    sample = sorted(order[: len(dev_done)])
    r["sample"] = len(sample)
    r["dev"] = {
        "raw": metrics.score_corpus([dev_out[i] for i in sample], [refs[i] for i in sample]).as_dict(),
        "norm": metrics.score_corpus([dev_out[i] for i in sample], [refs[i] for i in sample], normalize).as_dict(),
    }
    done = set(sample)
    r["by_source"] = {}
    for src, idx in source_idx.items():
        kept = [i for i in idx if i in done]
        r["by_source"][src] = metrics.score_corpus(
            [dev_out[i] for i in kept], [refs[i] for i in kept], normalize
        ).as_dict()
    r["everyday"] = {
        "raw": metrics.score_corpus(ev_out, refs_everyday).as_dict(),
        "norm": metrics.score_corpus(ev_out, refs_everyday, normalize).as_dict(),
    }
    r["everyday_outputs"] = ev_out
    r["everyday_match"] = [normalize(h) == normalize(x) for h, x in zip(ev_out, refs_everyday, strict=True)]
    r["dev_outputs"] = dev_out
    return r


def same_sample_scores(results: dict[str, dict], refs: list[str], normalize: Callable[[str], str]) -> dict[str, dict]:
    """For each tool scored on a sample only, every complete tool's normalised scores on that same sample."""
    out: dict[str, dict] = {}
    for tool, r in results.items():
        if r.get("status") != "ok" or r["sample"] == len(refs):
            continue
        idx = [i for i, o in enumerate(r["dev_outputs"]) if o is not None]
        out[tool] = {
            "n": len(idx),
            "scores": {
                other: metrics.score_corpus(
                    [o["dev_outputs"][i] for i in idx], [refs[i] for i in idx], normalize
                ).as_dict()
                for other, o in results.items()
                if o.get("status") == "ok" and all(o["dev_outputs"][i] is not None for i in idx)
            },
        }
    return out


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no", "src"],
            capture_output=True,
            text=True,
        )
        return out.stdout.strip() + ("+dirty src" if dirty.stdout.strip() else "")
    except OSError:
        return "?"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Linux {platform.release()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="../shared/data", help="shared corpora directory (default ../shared/data)")
    parser.add_argument("--tools", nargs="+", default=TOOLS, choices=TOOLS, help="tools to run (default: all)")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N dev pairs (smoke runs)")
    parser.add_argument("--cpu", type=int, default=0, help="core every worker is pinned to (default 0)")
    parser.add_argument("--skip-setup", action="store_true", help="do not create missing peer venvs")
    parser.add_argument("--no-write", action="store_true", help="do not update benchmarks/RESULTS.md")
    parser.add_argument(
        "--budget",
        type=float,
        default=240,
        help="seconds a tool gets for the accuracy pass; a slower tool is scored on the random sample it finished",
    )
    parser.add_argument("--timeout", type=float, default=900, help="seconds per worker before it is killed")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "_work" / "translit" / "results.json")
    args = parser.parse_args(argv)

    started = dt.datetime.now(dt.timezone.utc)
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    data = resolve_data(args.data)
    dev = read_pairs(data / "translit" / "arabizi_dev.tsv", "ary")
    if args.limit:
        dev = dev[: args.limit]
    everyday = read_everyday(HERE / "everyday_ary.tsv")
    train_latin = {r["latin"].lower() for r in read_pairs(data / "translit" / "arabizi_train.tsv", "ary")}
    overlap = [lat for lat, _ in everyday if lat.lower() in train_latin]
    del train_latin
    normalize, normalizer_name = get_normalizer()

    # Everyday sentences first, then dev in a seeded random order: a tool that runs out of its time budget
    # (--budget) has then finished all everyday sentences and a random sample of dev.
    order = list(range(len(dev)))
    random.Random(SEED).shuffle(order)
    inputs = {
        "to_arabic": [lat for lat, _ in everyday] + [dev[i]["latin"] for i in order],
        "to_latin": [ar for _, ar in everyday] + [dev[i]["arabic"] for i in order],
    }
    refs = {"to_arabic": [r["arabic"] for r in dev], "to_latin": [r["latin"] for r in dev]}
    refs_everyday = {"to_arabic": [ar for _, ar in everyday], "to_latin": [lat for lat, _ in everyday]}
    speed_inputs = {
        "to_arabic": [r["latin"] for r in dev if SHORT[0] <= len(r["latin"]) <= SHORT[1]],
        "to_latin": [r["arabic"] for r in dev if SHORT[0] <= len(r["arabic"]) <= SHORT[1]],
    }
    sources = sorted({r["source"] for r in dev})
    source_idx = {s: [i for i, r in enumerate(dev) if r["source"] == s] for s in sources}

    pythons: dict[str, str | None] = dict.fromkeys(AWAL_TOOLS, sys.executable)
    setup_errors: dict[str, str] = {}
    for tool in args.tools:
        if tool in AWAL_TOOLS:
            continue
        peer = setup_peers.PEERS[tool]
        if args.skip_setup:
            ready = setup_peers.ready_info(peer) is not None
            pythons[tool] = str(peer.python_path) if ready else None
            if not ready:
                setup_errors[tool] = "venv missing and --skip-setup given"
            continue
        env = setup_peers.ensure_peer(peer)
        pythons[tool] = str(env.python) if env.python else None
        if env.error:
            setup_errors[tool] = f"not installed: {env.error}"

    results: dict[str, dict[str, dict]] = {d: {} for d in DIRECTIONS}
    n_dev = len(dev)
    for direction in DIRECTIONS:
        runnable = []
        for tool in args.tools:
            if direction != "to_arabic" and tool in ONLY_TO_ARABIC:
                continue
            if pythons.get(tool) is None:
                results[direction][tool] = {"status": "not installed", "reason": setup_errors.get(tool, "?")}
                log(f"{direction} {tool}: not installed: {setup_errors.get(tool)}")
            else:
                runnable.append(tool)
        # Speed: ROUNDS rounds, each starting a fresh worker per tool, tools interleaved and rotated so that a
        # change in machine load hits every tool alike; the best round counts ("best of 3").
        for rnd in range(ROUNDS):
            rotation = runnable[rnd % len(runnable) :] + runnable[: rnd % len(runnable)] if runnable else []
            for tool in rotation:
                if rnd and results[direction][tool].get("status") != "ok":
                    continue
                job = {
                    "tool": tool,
                    "direction": direction,
                    "inputs": inputs[direction] if rnd == 0 else [],
                    "speed_inputs": speed_inputs[direction],
                    "repeats": 1,
                    "min_pass_seconds": MIN_PASS_SECONDS,
                    "speed_cap_seconds": SPEED_CAP_SECONDS,
                    "budget_seconds": args.budget,
                }
                log(f"{direction} {tool}: round {rnd + 1}/{ROUNDS} ...")
                # speed-only rounds should take about 2 x the cap; a stalled worker must not eat the run's time
                timeout = args.timeout if rnd == 0 else 2 * SPEED_CAP_SECONDS + 120
                r = run_worker(pythons[tool], job, args.cpu, timeout)
                if rnd == 0:
                    results[direction][tool] = score_worker(
                        r, order, refs[direction], refs_everyday[direction], source_idx, normalize
                    )
                    r = results[direction][tool]
                    if r.get("status") != "ok":
                        log(f"{direction} {tool}: {r.get('status')}: {r.get('reason')}")
                        continue
                    r["speed_rounds"] = []
                    r["load_rounds"] = []
                elif r.get("status") != "ok":
                    results[direction][tool].setdefault("speed_failures", []).append(r.get("reason"))
                    continue
                kept = results[direction][tool]
                kept["load_rounds"].append(r["load_seconds"])
                if r.get("speed"):
                    kept["speed_rounds"].append(r["speed"])
                elif r.get("speed_error"):
                    kept["speed_error"] = r["speed_error"]
        for tool in runnable:
            r = results[direction][tool]
            if r.get("status") != "ok":
                continue
            r["load_seconds"] = min(r["load_rounds"])
            if r["speed_rounds"]:
                # Primary: every sentence once, in a fresh process (a tool that caches per word gets no free
                # repeats). Secondary: the same sentences again in the same process (what a cache buys).
                r["speed"] = {
                    "partial": any(sp.get("partial") for sp in r["speed_rounds"]),
                    "timed_sentences": min(sp.get("timed_sentences", 0) for sp in r["speed_rounds"]),
                    "per_second": max(sp["cold_per_second"] or 0 for sp in r["speed_rounds"]),
                    "repeat_per_second": max(sp["per_second"] or 0 for sp in r["speed_rounds"]),
                    "per_cpu_second": max(sp.get("cold_per_cpu_second") or 0 for sp in r["speed_rounds"]),
                    "rounds_per_second": [sp["cold_per_second"] for sp in r["speed_rounds"]],
                }
                worst = max(r["speed_rounds"], key=lambda sp: sp.get("raised", 0))
                r["speed"]["raised"] = worst.get("raised", 0)
                r["speed"]["calls"] = worst["sentences_per_pass"] + len(speed_inputs[direction])
            sp = r.get("speed") or {}
            log(
                f"{direction} {tool}: word acc {r['dev']['norm']['word_accuracy']:.3f} "
                f"CER {r['dev']['norm']['cer']:.3f} (normalised); "
                f"{sp.get('per_second') or 0:,.0f} sentences/s; load {r['load_seconds']:.3f} s"
            )

    samples = {d: same_sample_scores(results[d], refs[d], normalize) for d in DIRECTIONS}
    command = "python benchmarks/translit/run.py --data " + args.data + (f" --limit {args.limit}" if args.limit else "")
    report = {
        "meta": {
            "command": command,
            "started": started.strftime("%Y-%m-%d %H:%M UTC"),
            "seconds": round((dt.datetime.now(dt.timezone.utc) - started).total_seconds(), 1),
            "commit": git_commit(),
            "machine": machine(),
            "dev_pairs": n_dev,
            "dev_sources": ", ".join(f"{s} {len(i):,}" for s, i in source_idx.items()),
            "dev_source_names": sources,
            "dev_source_counts": {s: len(i) for s, i in source_idx.items()},
            "normalizer": normalizer_name,
            "speed_inputs": {d: len(v) for d, v in speed_inputs.items()},
            "budget": args.budget,
            "loadavg": (load_before, os.getloadavg()[0] if hasattr(os, "getloadavg") else None),
        },
        "tools": args.tools,
        "results": results,
        "samples": samples,
        "everyday": {
            "pairs": everyday,
            "train_overlap": f"{len(overlap)} of {len(everyday)}" + (f" ({', '.join(overlap)})" if overlap else ""),
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    markdown = build_markdown(report)
    md_path = args.out.with_suffix(".md")
    md_path.write_text(markdown + "\n", encoding="utf-8")
    if args.no_write or args.limit:
        log(f"RESULTS.md not updated ({'--no-write' if args.no_write else '--limit'}); tables in {md_path}")
    else:
        update_section("translit", markdown)
        log("wrote the 'translit' section of benchmarks/RESULTS.md")
    log(f"done in {report['meta']['seconds']} s; full outputs in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
