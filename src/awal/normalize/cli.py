"""``awal normalize``: normalise text line by line with a profile or a list of steps."""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

from awal.cliutil import add_input_arguments, add_output_arguments, open_output, run_line_command
from awal.normalize import Normalized, Pipeline, get_step, list_steps, profile
from awal.normalize._core import step_class
from awal.normalize.profiles import PROFILES

EXAMPLE = """examples:
  echo 'Bzzzzaaaaf  3LIK hhhhhh #Maroc' | awal normalize                # profile "search": bzaf 3lik haha maroc
  echo 'واش نتا مزياااان؟' | awal normalize --profile lid
  awal normalize --steps arabic.tatweel,arabic.harakat,unicode.whitespace comments.txt -o clean.txt
  awal normalize --steps 'social.tokens:url=placeholder:emoji=strip' --format jsonl --offsets posts.txt
  awal normalize --list                                                  # profiles, steps and their options
"""

_WORD = re.compile(r"\S+")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "normalize",
        help="normalise text (Unicode, Arabic script, Arabizi, Tifinagh, social tokens)",
        description=(
            "Normalise each input line with a named profile (default: search) or an explicit list of steps. "
            "N lines in, N lines out."
        ),
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--profile",
        "-p",
        default="search",
        metavar="NAME",
        help=f"named profile: {', '.join(sorted(PROFILES))} (default: search)",
    )
    p.add_argument(
        "--steps",
        metavar="STEP[,STEP...]",
        help="comma-separated steps instead of a profile; options as name:key=value, e.g. unicode.form:form=NFKC",
    )
    p.add_argument("--list", action="store_true", help="list profiles and steps with their options, then exit")
    p.add_argument(
        "--offsets",
        action="store_true",
        help="jsonl only: add the original [start, end) of every whitespace-separated token of the output",
    )
    add_input_arguments(p)
    add_output_arguments(p)
    p.set_defaults(func=_run)


def _listing() -> list[str]:
    lines = ["profiles:"]
    for name in sorted(PROFILES):
        desc, steps = PROFILES[name]
        lines.append(f"  {name:<8} {desc}")
        lines.append(f"           steps: {', '.join(steps)}")
    lines.append("")
    lines.append("steps (name: summary; options as name:key=value):")
    for name in list_steps():
        cls = step_class(name)
        lines.append(f"  {name:<24} {cls.summary()}")
        for o in cls.OPTIONS:
            choices = f" [{'|'.join(map(str, o.choices))}]" if o.choices else ""
            default = str(o.default).lower() if isinstance(o.default, bool) else o.default
            lines.append(f"      {o.name}={default}{choices}  {o.doc}")
    return lines


def _pipeline(args: argparse.Namespace) -> Pipeline:
    if args.steps:
        specs = [s for s in (part.strip() for part in args.steps.split(",")) if s]
        return Pipeline([get_step(s) for s in specs], name="custom")
    return profile(args.profile)


def _run(args: argparse.Namespace) -> int:
    if args.list:
        with open_output(args.output) as out:
            out.write("\n".join(_listing()) + "\n")
        return 0
    pipeline = _pipeline(args)  # unknown names fail here, before any input is read
    if args.offsets and args.format != "jsonl":
        print("awal normalize: error: --offsets needs --format jsonl", file=sys.stderr)
        return 2
    name = pipeline.name if pipeline.name != "custom" else pipeline.spec_string

    if args.format == "jsonl":

        def process(lines: list[str]) -> list[Normalized]:
            return (
                [pipeline.with_offsets(line) for line in lines]
                if args.offsets
                else [Normalized(pipeline.apply(line), line) for line in lines]
            )

        def render_json(line: str, res: Normalized) -> dict[str, Any]:
            obj: dict[str, Any] = {"text": line, "normalized": res.text, "profile": name}
            if args.offsets:
                obj["tokens"] = [
                    {"start": m.start(), "end": m.end(), "original": list(res.to_original(m.start(), m.end()))}
                    for m in _WORD.finditer(res.text)
                ]
            return obj

        return run_line_command(args, process, lambda line, res: res.text, render_json)

    return run_line_command(
        args,
        lambda lines: [pipeline.apply(line) for line in lines],
        lambda line, res: res,
        lambda line, res: {"text": line, "normalized": res},
    )
