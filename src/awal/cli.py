"""The ``awal`` command: one entry point, thin subcommands over the library.

Each capability keeps its own subcommands in its package (``awal/<capability>/cli.py``
with a ``register(subparsers)`` function); this module only wires them together and
turns errors into clean exits: **1** for domain errors (bad input, unknown label or
scheme, missing data), **2** for usage errors (argparse), never a traceback
(set ``AWAL_DEBUG=1`` to see one).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence

from awal import __version__
from awal.cliutil import optional_module
from awal.errors import AwalError

__all__ = ["build_parser", "main"]

#: modules that contribute subcommands, in the order they appear in ``awal --help``
COMMAND_MODULES: tuple[str, ...] = (
    "awal.demo",
    "awal.scripts_cli",
    "awal.normalize.cli",
    "awal.translit.cli",
    "awal.translit.darija.cli",
    "awal.lid.cli",
    "awal.pii.cli",
)

#: ``awal translit train`` is spelled as two words but must not collide with
#: ``awal translit FILE``: these pairs are rewritten to hidden single commands.
ALIASES: dict[tuple[str, str], str] = {
    ("translit", "train"): "translit-train",
    ("translit", "evaluate"): "translit-evaluate",
}


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keep the hand-written examples in epilogs as they are written."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="awal",
        description="Language technology for Morocco's languages: identify, normalise, transliterate, redact.",
        epilog="example:\n  echo 'salam, labas? 3afak' | awal scripts\n\nRun 'awal COMMAND --help' for the options of a command.",
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"awal {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMAND_MODULES:
        module = optional_module(name)
        if module is not None:  # None: capability not part of this installation
            module.register(sub)
    return parser


def _rewrite_aliases(argv: list[str]) -> list[str]:
    if len(argv) >= 2 and (argv[0], argv[1]) in ALIASES:
        return [ALIASES[(argv[0], argv[1])], *argv[2:]]
    return argv


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    args_list = _rewrite_aliases(list(sys.argv[1:] if argv is None else argv))
    parser = build_parser()
    args = parser.parse_args(args_list)  # exits 2 on usage errors
    debug = bool(os.environ.get("AWAL_DEBUG"))
    try:
        return int(args.func(args) or 0)
    except AwalError as exc:
        if debug:
            raise
        print(f"awal: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # downstream closed the pipe (e.g. `| head`): not an error of ours
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except OSError:
            pass
        return 141 if hasattr(signal, "SIGPIPE") else 1
    except Exception as exc:
        if debug:
            raise
        print(
            f"awal: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in awal; please report it with the command you ran. "
            "Set AWAL_DEBUG=1 to see the traceback.",
            file=sys.stderr,
        )
        return 70


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
