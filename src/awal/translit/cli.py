"""``awal translit``: rewrite each line in another script, N lines in, N lines out.

Which language a script pair means:

* anything <-> Tifinagh, or any named Amazigh scheme: Amazigh (scheme tables in
  :mod:`awal.translit`);
* Latn <-> Arab given as *script* names: Darija (Arabizi), handled by
  :mod:`awal.translit.darija`.

Without ``--from`` the source is detected per line with :func:`awal.scripts.analyze`:
every script present in the line other than the target's is converted (Tifinagh with
the Amazigh tables, Latin for ``--to Tfng`` with ``popular-latin``, Latin <-> Arabic
with Darija); the rest of the line is copied unchanged.
"""

from __future__ import annotations

import argparse
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from awal.cliutil import add_input_arguments, add_output_arguments, open_output, optional_module, run_line_command
from awal.errors import AwalError
from awal.languages import Script
from awal.scripts import analyze, script_runs
from awal.translit.engine import (
    DEFAULT_READERS,
    converter,
    load_scheme,
    load_scheme_or_alias,
    resolve,
    scheme_names,
    script_alias,
)

__all__ = ["add_translit_arguments", "register"]

AUTO = "auto"
VARIETIES = ("ary", "mey", "aeb")
DARIJA_MODULE = "awal.translit.darija"

EXAMPLE = """examples:
  echo 'ⴰⵣⵓⵍ ⴼⵍⵍⴰⴽ' | awal translit --to Latn              # -> azul fllak
  echo 'azul fellak' | awal translit --from Latn --to Tfng  # -> ⴰⵣⵓⵍ ⴼⵍⵍⴰⴽ
  echo 'ⵜⴰⵎⴰⵣⵉⵖⵜ' | awal translit --to Arab                # -> تامازيغت
  awal translit --from ircam-latin --to amazigh-arabic words.txt -o words.ar.txt
  echo 'salam 3afak' | awal translit --from Latn --to Arab  # Darija (Arabizi -> Arabic)
  awal translit --list

Script names: Tfng, Latn, Arab. Tfng <-> Latn and Tfng <-> Arab are Amazigh;
Latn <-> Arab without an Amazigh scheme is Darija (--variety ary|mey|aeb).
"""


def add_translit_arguments(p: argparse.ArgumentParser) -> None:
    """Every option of ``awal translit`` (one place, so other modules can extend it)."""
    p.add_argument(
        "--from",
        dest="source",
        default=AUTO,
        metavar="SCHEME|SCRIPT",
        help="source scheme or script (Tfng, Latn, Arab, or a scheme from --list); default: auto, detected per line",
    )
    p.add_argument(
        "--to",
        dest="target",
        metavar="SCHEME|SCRIPT",
        help="target scheme or script (Tfng, Latn, Arab, or a scheme from --list); required",
    )
    p.add_argument(
        "--variety",
        choices=VARIETIES,
        default="ary",
        help="Darija transliteration (Latn <-> Arab): Moroccan ary (default), Hassaniya mey, Tunisian aeb",
    )
    p.add_argument(
        "--spelling",
        choices=("literal", "standard"),
        help="Darija Latn -> Arab: literal = letter by letter as DODa writes it (default), "
        "standard = ordinary Darija spelling learned from real text (سلام, الواليدة, إن شاء الله)",
    )
    p.add_argument(
        "--n-best",
        type=int,
        default=0,
        metavar="K",
        help="Darija, with --format jsonl: add the K best spellings of every word with their probabilities",
    )
    p.add_argument("--list", action="store_true", help="list the transliteration schemes and exit")
    add_input_arguments(p)
    add_output_arguments(p)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "translit",
        help="transliterate: Amazigh Tifinagh <-> Latin <-> Arabic script, Darija Arabizi <-> Arabic",
        description="Rewrite each line in another script. Amazigh: IRCAM Tifinagh <-> Latin "
        "(IRCAM transcription; popular spellings accepted on input) <-> Arabic script. "
        "Darija: Arabizi <-> Arabic script. Text in other scripts is copied unchanged.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_translit_arguments(p)
    p.set_defaults(func=lambda args: _run(args, p))


# --- Darija (helper module, optional until it ships) -------------------------------


def _darija_module() -> ModuleType:
    module = optional_module(DARIJA_MODULE)
    if module is None or not (hasattr(module, "to_arabic") and hasattr(module, "to_latin")):
        raise AwalError(
            "Darija transliteration (Latin <-> Arabic script) is not available in this installation; "
            "for Amazigh name an Amazigh scheme, e.g. --from ircam-latin --to amazigh-arabic (see --list)"
        )
    return module


def _call(fn: Callable[..., str], text: str, **options: Any) -> str:
    """Call ``fn(text, **options)`` with the options its signature accepts."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):  # pragma: no cover - builtins without a signature
        params = {}
    accepts_all = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    return fn(text, **{k: v for k, v in options.items() if accepts_all or k in params})


def _darija(direction: str, text: str, args: argparse.Namespace) -> str:
    module = _darija_module()
    if direction == "to_arabic":
        if getattr(args, "spelling", None):
            return _call(module.to_arabic, text, variety=args.variety, spelling=args.spelling)
        return _call(module.to_arabic, text, variety=args.variety)
    return _call(module.to_latin, text, variety=args.variety)


# --- planning -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    """What to do with the lines: the target, and an explicit source if one was given."""

    target: str  # resolved target scheme (Amazigh), or a script for a Darija target
    target_script: str
    target_is_alias: bool
    source: str | None  # resolved source scheme; None = auto
    darija: str | None  # "to_arabic" / "to_latin" for an explicit Darija request


def _plan(args: argparse.Namespace) -> _Plan:
    tgt_alias = script_alias(args.target)
    src = args.source if args.source.strip().lower() != AUTO else None
    src_alias = script_alias(src) if src is not None else None
    if src is not None and {src_alias, tgt_alias} == {"Latn", "Arab"}:
        _darija_module()  # fail before reading any input
        direction = "to_arabic" if tgt_alias == "Arab" else "to_latin"
        return _Plan(tgt_alias or "", tgt_alias or "", True, None, direction)
    if tgt_alias is not None:
        # a script target: validate it through the pair it will be used with
        target = resolve("tfng", tgt_alias)[1]
        tscript = tgt_alias
    else:
        target = args.target.strip().lower()
        tscript = load_scheme_or_alias(target).script
    source = None
    if src is not None:
        source, target = resolve(src, target if tgt_alias is None else tgt_alias)
    else:
        resolve("tfng", target)  # checks the target is writable
    return _Plan(target, tscript, tgt_alias is not None, source, None)


def _convert_auto(line: str, plan: _Plan, args: argparse.Namespace) -> tuple[str, list[str]]:
    """Convert every script of ``line`` that is not the target's; returns (text, steps)."""
    present = {s.value for s in analyze(line).counts}
    steps: list[str] = []
    other = [s for s in ("Tfng", "Latn", "Arab") if s in present and s != plan.target_script]
    darija_dir = None
    if plan.target_is_alias and {plan.target_script} | set(other) >= {"Latn", "Arab"}:
        if plan.target_script == "Arab" and "Latn" in other:
            darija_dir, darija_src = "to_arabic", Script.Latn
        elif plan.target_script == "Latn" and "Arab" in other:
            darija_dir, darija_src = "to_latin", Script.Arab
    if darija_dir is not None:
        parts = []
        for run in script_runs(line):
            piece = line[run.start : run.end]
            parts.append(_darija(darija_dir, piece, args) if run.script is darija_src else piece)
        line = "".join(parts)
        steps.append(f"darija:{darija_dir}")
        other = [s for s in other if s != darija_src.value]
    for script in other:
        src = DEFAULT_READERS[script]
        line = converter(src, plan.target)(line)
        steps.append(f"{src}>{plan.target}")
    return line, steps


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.list:
        return _list(args)
    if not args.target:
        parser.error("--to is required (a script: Tfng, Latn, Arab; or a scheme from --list)")
    plan = _plan(args)
    n_best_dir = _n_best_direction(args, parser, plan)

    def process(lines: list[str]) -> list[tuple[str, list[str]]]:
        if plan.darija is not None:
            return [(_darija(plan.darija, line, args), [f"darija:{plan.darija}"]) for line in lines]
        if plan.source is not None:
            conv = converter(plan.source, plan.target)
            return [(conv(line), [f"{plan.source}>{plan.target}"]) for line in lines]
        return [_convert_auto(line, plan, args) for line in lines]

    def render_json(line: str, res: tuple[str, list[str]]) -> dict[str, Any]:
        record = {"text": line, "translit": res[0], "conversions": res[1]}
        if n_best_dir is not None:
            extra = {"spelling": args.spelling} if args.spelling else {}
            record["n_best"] = _darija_module().word_candidates(line, args.n_best, n_best_dir, args.variety, **extra)
        return record

    return run_line_command(args, process, lambda line, res: res[0], render_json)


def _n_best_direction(args: argparse.Namespace, parser: argparse.ArgumentParser, plan: _Plan) -> str | None:
    """The Darija direction whose word candidates ``--n-best`` lists (None when off)."""
    if not args.n_best:
        return None
    if args.n_best < 0:
        parser.error("--n-best must be a positive number of candidates")
    if args.format != "jsonl":
        parser.error("--n-best needs --format jsonl (the candidates are listed per word in the JSON record)")
    direction = plan.darija or {"Arab": "to_arabic", "Latn": "to_latin"}.get(args.target)
    if direction is None:
        parser.error("--n-best applies to Darija transliteration: --to Arab or --to Latn")
    _darija_module()
    return direction


def _list(args: argparse.Namespace) -> int:

    rows = [load_scheme(n).info for n in scheme_names()]
    width = max(len(r.name) for r in rows)
    lines = ["Amazigh transliteration schemes (Tifinagh is the pivot):"]
    for r in rows:
        lines.append(f"  {r.name:<{width}}  {r.script}  {r.direction:<6}  {r.description}")
    lines += [
        "Script names: as --from, Tfng=tfng Latn=popular-latin Arab=amazigh-arabic;",
        "              as --to,   Tfng=tfng Latn=ircam-latin   Arab=amazigh-arabic.",
    ]
    module = optional_module(DARIJA_MODULE)
    available = module is not None and hasattr(module, "to_arabic") and hasattr(module, "to_latin")
    lines.append(
        "Darija: --from Latn --to Arab / --from Arab --to Latn (varieties: "
        + ", ".join(VARIETIES)
        + ("" if available else "; not available in this installation")
        + ")"
    )
    with open_output(args.output) as out:
        out.write("\n".join(lines) + "\n")
    return 0
