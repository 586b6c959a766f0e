"""``awal scripts``: per-line script analysis."""

from __future__ import annotations

import argparse
from typing import Any

from awal.cliutil import add_input_arguments, add_output_arguments, run_line_command
from awal.scripts import ScriptProfile, ScriptRun, analyze, script_runs

EXAMPLE = """example:
  echo 'salam, bghit n9ad la carte ⴰⵣⵓⵍ مرحبا' | awal scripts
  awal scripts --format jsonl comments.txt -o scripts.jsonl
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "scripts",
        help="which scripts (Arabic, Latin, Tifinagh) each line is written in",
        description="Dominant script, script ratios over letters, and script runs with character offsets.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_input_arguments(p)
    add_output_arguments(p)
    p.set_defaults(func=_run)


def _process(lines: list[str]) -> list[tuple[ScriptProfile, list[ScriptRun]]]:
    return [(analyze(line), script_runs(line)) for line in lines]


def _text(line: str, res: tuple[ScriptProfile, list[ScriptRun]]) -> str:
    prof, runs = res
    ratios = " ".join(f"{s.value}:{r:.2f}" for s, r in prof.ratios.items()) or "-"
    spans = " ".join(f"{r.script.value}[{r.start}:{r.end}]" for r in runs)
    return f"{prof.dominant.value}\t{ratios}\t{spans}"


def _json(line: str, res: tuple[ScriptProfile, list[ScriptRun]]) -> dict[str, Any]:
    prof, runs = res
    return {
        "text": line,
        **prof.to_dict(),
        "runs": [{"start": r.start, "end": r.end, "script": r.script.value} for r in runs],
    }


def _run(args: argparse.Namespace) -> int:
    return run_line_command(args, _process, _text, _json)
