"""One benchmark worker: load ONE transliteration tool in a fresh interpreter, time it, transliterate, print JSON.

Run by ``run.py`` with the tool's own venv Python (standard library only here, Python >= 3.8), pinned to one
CPU core with every thread-pool variable set to 1. Reads a job as JSON on stdin::

    {"tool": "cadar", "direction": "to_arabic" | "to_latin", "inputs": [...], "speed_inputs": [...],
     "repeats": 3, "min_pass_seconds": 0.25, "speed_cap_seconds": 20, "budget_seconds": 360}

and prints one JSON object on stdout: load time, speed passes and one output per input, in order (a sentence
the tool raised on yields "" and is counted in ``errors``; a tool that has not finished after ``budget_seconds``
stops there, so the caller sees fewer outputs than inputs and says so). The core comes from $AWAL_BENCH_CPU. A tool that cannot be imported, or that has
no function for the requested direction, yields ``"status": "error"`` / ``"unsupported"`` with the reason.

How each peer is called was read from its installed source (see README.md in this folder).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
import traceback

# Pin before importing anything heavy so that the tool's import runs on the measured core too.
_CPU = int(os.environ.get("AWAL_BENCH_CPU", "0"))
if hasattr(os, "sched_setaffinity"):
    with contextlib.suppress(OSError):
        os.sched_setaffinity(0, {_CPU})


class Unsupported(Exception):
    """The tool has no function for the requested direction."""


def _version(dist: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "?"


def _public_api(module: object) -> str:
    names = sorted(n for n in dir(module) if not n.startswith("_") and callable(getattr(module, n)))
    return ", ".join(names)


def _load_awal(direction: str, spelling: str | None = None, keep_foreign: bool = True):
    try:  # the Darija module ...
        from awal.translit import darija as mod

        to_arabic, to_latin = mod.to_arabic, mod.to_latin
    except (ImportError, AttributeError) as exc:  # ... or its re-export at capability level
        from awal import translit as mod

        if not hasattr(mod, "to_arabic"):
            raise ImportError(f"awal.translit.darija: {type(exc).__name__}: {exc}") from exc
        to_arabic, to_latin = mod.to_arabic, mod.to_latin
    import awal

    version = getattr(awal, "__version__", _version("awal"))
    # which implementation ran: the compiled hot path (C extension) or its pure-Python fallback
    accel = getattr(mod, "ACCELERATED", None)
    how = "" if accel is None else (" [compiled path]" if accel else " [pure Python: C extension not built]")
    if direction == "to_arabic" and not keep_foreign:
        call = f'{mod.__name__}.to_arabic(text, variety="ary", keep_foreign=False)' + how
        return (lambda s: to_arabic(s, variety="ary", keep_foreign=False)), version, call
    if direction == "to_arabic" and spelling:
        call = f'{mod.__name__}.to_arabic(text, variety="ary", spelling="{spelling}")' + how
        return (lambda s: to_arabic(s, variety="ary", spelling=spelling)), version, call
    # the defaults (variety "ary", scheme "arabizi") are what is measured: the function itself is called,
    # as the peers' functions are, without a wrapper frame of the benchmark's own
    if direction == "to_arabic":
        call = f"{mod.__name__}.to_arabic(text) (defaults: variety='ary')" + how
        return to_arabic, version, call
    if spelling or not keep_foreign:
        raise Unsupported("an option of Arabic output only; Arabic -> Latin is the 'awal' row")
    return to_latin, version, f"{mod.__name__}.to_latin(text) (defaults: scheme='arabizi', variety='ary')" + how


def _load_darija_router(direction: str):
    import darija_router

    version = getattr(darija_router, "__version__", _version("darija-router"))
    if direction == "to_latin":
        raise Unsupported(
            f"darija-router {version} has no Arabic->Latin function (public API: {_public_api(darija_router)})"
        )
    return darija_router.arabizi_to_arabic, version, "darija_router.arabizi_to_arabic(text)"


def _load_arabizi(direction: str):
    import arabizi

    version = getattr(arabizi, "__version__", _version("arabizi"))
    if direction == "to_latin":
        raise Unsupported(f"arabizi {version} has no Arabic->Latin function (public API: {_public_api(arabizi)})")
    return arabizi.transliterate, version, "arabizi.transliterate(text) (defaults: emphatic_capitals=False)"


def _load_darija_tools(direction: str):
    import darija_tools

    version = getattr(darija_tools, "__version__", _version("darija-tools"))
    if direction == "to_arabic":
        return darija_tools.to_arabic, version, "darija_tools.to_arabic(text) (default keep_loanwords=False)"
    return darija_tools.to_arabizi, version, "darija_tools.to_arabizi(text)"


def _load_cadar(direction: str):
    import cadar

    version = _version("cadar")
    processor = cadar.CaDaR(darija="Ma")
    if direction == "to_arabic":
        return processor.bizi2ara, version, 'cadar.CaDaR(darija="Ma").bizi2ara(text)'
    return processor.ara2bizi, version, 'cadar.CaDaR(darija="Ma").ara2bizi(text)'


def _load_arabizikit(direction: str):
    import arabizikit

    version = getattr(arabizikit, "__version__", _version("arabizikit"))
    if direction == "to_latin":
        raise Unsupported(f"arabizikit {version} has no Arabic->Latin function (public API: {_public_api(arabizikit)})")
    transliterator = arabizikit.Transliterator()

    def run(text: str) -> str:
        return transliterator.transliterate(text, dialect_hint="maghrebi").text

    return (
        run,
        version,
        'arabizikit.Transliterator().transliterate(text, dialect_hint="maghrebi").text (no trained model ships; no LLM)',
    )


LOADERS = {
    "awal": _load_awal,
    "awal-standard": lambda direction: _load_awal(direction, spelling="standard"),
    "awal-all-words": lambda direction: _load_awal(direction, keep_foreign=False),
    "darija-router": _load_darija_router,
    "arabizi": _load_arabizi,
    "darija-tools": _load_darija_tools,
    "cadar": _load_cadar,
    "arabizikit": _load_arabizikit,
}

WARMUP = {"to_arabic": "salam labas", "to_latin": "سلام لاباس"}


def _speed(fn, inputs: list, repeats: int, min_pass_seconds: float, cap_seconds: float) -> dict:
    """One pass over ``inputs`` (each once, right after load: the benchmark's rate), then ``repeats`` passes of
    ``loops`` rounds over the same inputs (what per-word caches buy on repeated text; the best pass is reported).

    Every call sits in the same try/except for every tool (free in CPython when nothing is raised), so a tool
    that raises on some inputs is timed on all of them and the raises are counted, not hidden. A tool too slow
    to finish the cold pass within ``cap_seconds`` is timed on the sentences it finished (``partial``).
    """
    raised = 0

    def one_pass(items: list, loops: int, cap: float | None = None) -> tuple[float, int]:
        nonlocal raised
        done = 0
        t0 = time.perf_counter()
        for _ in range(loops):
            for s in items:
                try:
                    fn(s)
                except Exception:
                    raised += 1
                done += 1
                if cap is not None and time.perf_counter() - t0 > cap:
                    return time.perf_counter() - t0, done
        return time.perf_counter() - t0, done

    cpu0 = time.process_time()
    cold, done = one_pass(inputs, 1, cap_seconds)
    cold_cpu = time.process_time() - cpu0
    items = inputs[:done]
    loops = max(1, int(min_pass_seconds / max(cold, 1e-9)) + 1) if cold < min_pass_seconds else 1
    passes = [one_pass(items, loops)[0] for _ in range(repeats)]
    n = len(items) * loops
    best = min(passes)
    return {
        "sentences_per_pass": n,
        "loops": loops,
        "passes_seconds": passes,
        "best_seconds": best,
        "per_second": n / best if best > 0 else None,
        "cold_seconds": cold,
        "cold_per_second": done / cold if cold > 0 else None,
        # CPU time of this process: what the pass cost on its one core, whatever else the machine was running
        "cold_cpu_seconds": cold_cpu,
        "cold_per_cpu_second": done / cold_cpu if cold_cpu > 0 else None,
        "raised": raised,
        "partial": done < len(inputs),
        "timed_sentences": done,
    }


def main() -> int:
    job = json.loads(sys.stdin.read())
    tool, direction = job["tool"], job["direction"]
    result = {
        "tool": tool,
        "direction": direction,
        "python": sys.version.split()[0],
        "executable": sys.executable,
        "cpu_affinity": sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
    }
    t0 = time.perf_counter()
    try:
        fn, version, call = LOADERS[tool](direction)
        fn(WARMUP[direction])
    except Unsupported as exc:
        result.update(status="unsupported", reason=str(exc))
        print(json.dumps(result, ensure_ascii=False))
        return 0
    except Exception as exc:
        result.update(
            status="error",
            reason=f"{type(exc).__name__}: {exc}",
            traceback=traceback.format_exc(limit=5),
        )
        print(json.dumps(result, ensure_ascii=False))
        return 0
    result.update(status="ok", version=str(version), call=call, load_seconds=time.perf_counter() - t0)

    errors, first_error = 0, None

    def safe(text: str) -> str:
        nonlocal errors, first_error
        try:
            out = fn(text)
        except Exception as exc:
            errors += 1
            if first_error is None:
                first_error = f"{type(exc).__name__}: {exc} (input {text!r})"
            return ""
        if not isinstance(out, str):
            errors += 1
            if first_error is None:
                first_error = f"returned {type(out).__name__}, not str (input {text!r})"
            return ""
        return out

    speed_inputs = job.get("speed_inputs") or []
    if speed_inputs:
        try:
            result["speed"] = _speed(
                fn,
                speed_inputs,
                int(job.get("repeats", 3)),
                float(job.get("min_pass_seconds", 0.25)),
                float(job.get("speed_cap_seconds", 20)),
            )
        except Exception as exc:
            result["speed_error"] = f"{type(exc).__name__}: {exc}"
    # Inputs arrive in a seeded random order, so if the time budget runs out the finished part is a random sample.
    budget = float(job.get("budget_seconds", 1e9))
    outputs: list[str] = []
    t0 = time.perf_counter()
    for text in job.get("inputs", []):
        if time.perf_counter() - t0 > budget:
            break
        outputs.append(safe(text))
    result["outputs"] = outputs
    result["accuracy_pass_seconds"] = time.perf_counter() - t0
    result["errors"] = errors
    result["first_error"] = first_error
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
